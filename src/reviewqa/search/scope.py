"""What the review leaves out: everyday exposures and habits, screening and surgery — topics a reader brings to a
review of the tumour microenvironment that it does not discuss. A question about one of them is flagged as not
answered, saying which ('The review does not discuss air pollution.').

The list is checked against the review itself when it is loaded: a word the review does use is dropped, so the
list can only ever flag what the review never mentions (in any inflection).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reviewqa.index.terms import tokenize

# Each entry: a pattern for the topic as a reader types it, and its name in a sentence.
TOPICS = (
    (r"\b(?:smok\w*|cigarettes?|tobacco|quit(?:ting)?\s+smoking)\b", "smoking"),
    (r"\b(?:vap(?:e|es|ing)|e-?cigarettes?)\b", "vaping"),
    (r"\b(?:air\s+)?pollution\b|\bpollutants?\b", "air pollution"),
    (r"\bradon\b", "radon"),
    (r"\basbestos\b", "asbestos"),
    (r"\b(?:diets?|dietary|keto\w*|fasting|vegan|nutrition)\b", "diet"),
    (r"\b(?:exercis\w*|physical\s+activity|workouts?)\b", "exercise"),
    (r"\bsleep\w*\b", "sleep"),
    (r"\balcohol\w*\b", "alcohol"),
    (r"\b(?:obes\w*|body\s+weight|BMI)\b", "obesity"),
    (r"\bscreening\b|\blow-dose\s+CT\b", "screening"),
    (r"\b(?:lobectomy|segmentectomy|pneumonectomy|wedge\s+resection)\b", "the extent of surgery"),
    (r"\b(?:stereotactic|SBRT|SABR)\b", "stereotactic radiotherapy"),
)


class Scope:
    """The TOPICS the review never mentions (checked against its own terms)."""

    def __init__(self, review_texts: Iterable[str]):
        review_terms = {t for text in review_texts for t in tokenize(text)}
        self.topics: list[tuple[re.Pattern[str], str]] = []
        for pattern, name in TOPICS:
            compiled = re.compile(pattern, re.I)
            if not _mentioned(compiled, review_terms):
                self.topics.append((compiled, name))

    def outside(self, question: str) -> tuple[str, ...]:
        """The topics of `question` the review never discusses."""
        return tuple(name for pattern, name in self.topics if pattern.search(question))


def _mentioned(pattern: re.Pattern[str], review_terms: set[str]) -> bool:
    """Whether the review uses a word the pattern names (its literal words, stemmed as the index stems them)."""
    literals = re.findall(r"[a-z]{4,}", pattern.pattern.lower().replace("\\w", "").replace("\\s", " "))
    return any(set(tokenize(word)) & review_terms for word in literals)
