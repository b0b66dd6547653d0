"""What the review leaves out: everyday exposures and habits, screening and surgery — topics a reader brings to a
review of the tumour microenvironment that it does not discuss. A question about one of them is flagged as not
answered, saying which ('The review does not discuss air pollution.').

The list is checked against the review itself when it is loaded: a topic whose pattern matches anywhere in the
review's prose is dropped, so the list can only ever flag what the review never mentions. (The whole pattern is
matched, not its words one by one: 'physical activity' must not drop 'exercise' because the review says 'activity'.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Each entry: a pattern for the topic as a reader types it, and its name in a sentence.
TOPICS = (
    (
        (r"\b(?:smok\w*|cigarettes?|tobacco|quit(?:ting)?\s+smoking)\b", "smoking"),
        (r"\b(?:vap(?:e|es|ing)|e-?cigarettes?)\b", "vaping"),
        (r"\b(?:air\s+)?pollution\b|\bpollutants?\b", "air pollution"),
        (r"\bradon\b", "radon"),
        (r"\basbestos\b", "asbestos"),
        (
            r"\b(?:diets?|dietary|keto\w*|fasting|vegan|nutrition|foods?|fruits?|vegetables?|veg|veggies)\b|"
            r"\bwhat\s+(?:should|can|to)\s+(?:i\s+|you\s+|we\s+|he\s+|she\s+|they\s+)?eat\b",
            "diet",
        ),
        # Small-cell lung cancer, not the review's non-small-cell lung cancer.
        (r"(?<!non-)(?<!non\s)\bsmall[\s-]cell\s+lung\s+cancers?\b|\bSCLC\b", "small-cell lung cancer"),
        (r"\b(?:exercis\w*|physical\s+activity|workouts?|jogging|gym)\b", "exercise"),
        (r"\bsleep\w*\b", "sleep"),
        (r"\balcohol\w*\b", "alcohol"),
        (r"\b(?:obes\w*|body\s+weight|BMI)\b", "obesity"),
        # Cancer screening, not the review's 'drug screening' on a lung-on-a-chip.
        (
            r"\b(?:CT|cancer|lung|annual|routine)\s+screening\b|\bscreening\s+(?:for|programs?|tests?|scans?|guidelines?|age)\b|"
            r"\b(?:get|getting|be|been)\s+screened\b|\blow-dose\s+CT\b|\bLDCT\b",
            "screening",
        ),
        (r"\b(?:lobectomy|segmentectomy|pneumonectomy|wedge\s+resection)\b", "the extent of surgery"),
        (r"\b(?:stereotactic|SBRT|SABR)\b", "stereotactic radiotherapy"),
        (r"\b(?:contagious|catch(?:ing)?\s+(?:it|lung\s+cancer|cancer)\s+from)\b", "contagion"),
        (
            r"\bsymptoms?\b|\bcough\w*|\bchest\s+pains?\b|\bshort(?:ness)?\s+of\s+breath\b|\bwarning\s+signs?\b",
            "symptoms",
        ),
        (
            r"\blife\s+expectancy\b|\bhow\s+long\s+(?:\w+\s+){0,4}(?:(?:have|got)\s+left|to\s+live|will\s+\w+\s+live)\b",
            "life expectancy",
        ),
        (
            r"\bhair\s+(?:loss|fall\w*)\b|\blos(?:e|ing)\s+(?:\w+\s+)?hair\b|\bnause\w*|\bvomit\w*",
            "hair loss or nausea",
        ),
        (r"\binsur\w*", "insurance"),
        (
            r"\bhereditary\b|\binherit\w*|\bruns?\s+in\s+(?:the\s+|my\s+|our\s+)?famil\w*|"
            r"\bgenetic\s+(?:testing|tests?|counsel\w*)\b",
            "inherited risk",
        ),
        (
            # Not 'vaccination' alone: the review discusses neoantigen (cancer) vaccines.
            r"\b(?:flu|influenza|covid|shingles)\b(?:\s+(?:shots?|jabs?|vaccines?))?",
            "vaccination against infections",
        ),
        (
            r"\bnobel\b|\bhistory\s+of\s+(?:immunotherapy|cancer|the\s+field)\b|\bwho\s+(?:discovered|invented)\b|\binvent(?:ed|ion)\b",
            "the history of the field",
        ),
    )
    + tuple(
        (rf"\b{cancer}\s+cancers?\b", f"{cancer} cancer")
        # Not 'blood cancer' (CAR-T's success there is the review's) nor 'brain cancer' (a reader's words for the
        # brain metastases it discusses).
        for cancer in (
            "breast prostate pancreatic colorectal colon bowel skin ovarian cervical liver stomach gastric bladder "
            "kidney thyroid"
        ).split()
    )
    + tuple(
        (rf"\b{cancer}s?\b", cancer)
        # Not leukaemia, lymphoma or myeloma: the review discusses CAR-T's success in haematological malignancies.
        for cancer in "glioblastoma glioma melanoma sarcoma mesothelioma".split()
    )
)


class Scope:
    """The TOPICS the review never mentions (each checked against its prose the first time a question names it)."""

    def __init__(self, review_texts: Iterable[str]):
        self._prose = "\n".join(review_texts)
        self._patterns = [(re.compile(pattern, re.I), name) for pattern, name in TOPICS]
        self._mentioned: dict[str, bool] = {}

    def _left_out(self, pattern: re.Pattern[str], name: str) -> bool:
        if name not in self._mentioned:  # a benign race: two threads may both compute the same answer
            self._mentioned[name] = pattern.search(self._prose) is not None
        return not self._mentioned[name]

    @property
    def topics(self) -> list[tuple[re.Pattern[str], str]]:
        """Every topic the review leaves out."""
        return [(pattern, name) for pattern, name in self._patterns if self._left_out(pattern, name)]

    def outside(self, question: str) -> tuple[str, ...]:
        """The topics of `question` the review never discusses."""
        return tuple(
            name for pattern, name in self._patterns if pattern.search(question) and self._left_out(pattern, name)
        )
