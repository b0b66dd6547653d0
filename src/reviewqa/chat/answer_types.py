"""What kind of sentence answers a question: a reason for "why …?", a figure for "how many …?", a study for "who
showed …?". The composer gives a sentence of the kind asked for a small bonus (compose.ANSWER_TYPE_BONUS), as it
does the defining sentence of a definition question.
"""

from __future__ import annotations

import re
from enum import Enum


class AnswerType(Enum):
    REASON = "reason"
    FIGURE = "figure"
    STUDY = "study"
    MECHANISM = "mechanism"


_ASKS = (
    (
        AnswerType.REASON,
        re.compile(
            r"\bwhy\b|\bhow\s+come\b|\bwhat(?:'s|\s+is)\s+(?:stopping|holding|limiting)\b|\bholding\s+\w+\s+back\b|"
            r"\b(?:so\s+)?(?:hard|difficult)\s+to\b|\bthe\s+catch\b|\bdrawbacks?\b|\bdownsides?\b|\blimitations?\b|"
            r"\bstop(?:s|ped)?\s+working\b|\bnot\s+work(?:ing)?\b|\bdoesn'?t\s+work\b",
            re.I,
        ),
    ),
    (
        AnswerType.FIGURE,
        re.compile(
            r"\bhow\s+(?:many|much|long|often|quickly|fast|common)\b|\bwhat\s+(?:percentage|proportion|share|rate|"
            r"number)\b|\bpercent\w*\b|\bnumbers?\b|\bORR\b|\bresponse\s+rate\b|\bsurvival\s+rate\b",
            re.I,
        ),
    ),
    (
        AnswerType.MECHANISM,
        re.compile(
            r"\bhow\s+(?:do|does|did|can|could)\b.{0,60}\b(?:become|get|develop|acquire|cause|drive|lead|promote|"
            r"work|suppress|block|escape|evade|resist)\w*|\bmechanisms?\b|\bby\s+what\s+means\b",
            re.I,
        ),
    ),
    (
        AnswerType.STUDY,
        re.compile(
            r"\bwho\s+(?:showed|found|reported|demonstrated|developed|used)\b|\bwhich\s+(?:group|team|study|"
            r"authors?|researchers)\b|\bet\s+al\b",
            re.I,
        ),
    ),
)
_FITS = {
    AnswerType.REASON: re.compile(
        r"\b(?:due\s+to|because|owing\s+to|as\s+a\s+result|limit\w*|constrain\w*|hinder\w*|imped\w*|hurdles?|"
        r"barriers?|challeng\w*|lack\s+of|prevent\w*|restrict\w*|complicat\w*|difficult\w*|poor|undefined|"
        r"variability|toxicit\w*|suppressive|exhaust\w*|evade\w*|evasion)\b",
        re.I,
    ),
    AnswerType.FIGURE: re.compile(r"\d(?:\.\d+)?\s*(?:%|months?|years?|patients)|\bORRs?\b|\bnumber\s+of\b", re.I),
    AnswerType.STUDY: re.compile(r"\bet\s+al\b"),
    AnswerType.MECHANISM: re.compile(
        r"\b(?:mechanisms?|via|through|by\s+(?:promoting|activating|secreting|inhibiting|inducing|recruiting|"
        r"upregulating|remodel\w*)|contribut\w*|lead(?:s|ing)?\s+to|mediat\w*|upregulat\w*|recruit\w*)\b",
        re.I,
    ),
}


def expected_type(question: str) -> AnswerType | None:
    """The kind of sentence `question` asks for, if it says (the first that applies)."""
    return next((kind for kind, pattern in _ASKS if pattern.search(question)), None)


def fits(kind: AnswerType, sentence: str) -> bool:
    return bool(_FITS[kind].search(sentence))
