"""Sentences that stand alone: a sentence opening by pointing back ('This previous study…', 'These strategies…',
'Such barriers…', 'They…') is quoted with the sentence before it — both verbatim, one unit, as the passage prints
them — or not at all; a sentence about the review itself ('The present review aims…', '…were explored', 'This
section focuses…') only for a question about the review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewqa.corpus.sentences import split_sentences

# An opening that points back: 'This…', 'These…', 'Such…', 'They…', 'In these studies…', 'Collectively, these…'.
_POINTS_BACK = re.compile(
    r"^(?:[A-Z][a-z]+,\s+)?(?:(?:in|by|of|for|with|from|through|under|despite|given|like|unlike|among)\s+)?"
    r"(?:this|these|those|such|they|their|them|the\s+(?:latter|former|same))\b",
    re.I,
)
_ABOUT_THE_REVIEW = re.compile(
    r"\b(?:this|the\s+present|the\s+current|our)\s+(?:review|article|paper|section|figure)\b|"
    r"\bthe\s+(?:review|article)\s+(?:\w+ly\s+)?(?:seeks|aims|attempts|intends|provides|offers|discusses|highlights|"
    r"summari[sz]es|explores|describes|focuses)\b|"
    r"\bwe\s+(?:discuss|summari[sz]e|review|highlight|explore|describe|focus)\w*|"
    r"\b(?:were|are|is|was|will\s+be|have\s+been|be)\s+(?:further\s+)?(?:explored|discussed|summari[sz]ed|reviewed|"
    r"outlined)\b|\b(?:were|are|is|was)\s+(?:critically|comprehensively|systematically)\s+\w+ed\b|"
    r"\bwill\s+(?:highlight|discuss|explore|summari[sz]e)\b|\bfigure\s+was\s+created\b",
    re.I,
)


def points_back(sentence: str) -> bool:
    """Whether `sentence` opens by pointing at something said before it."""
    return bool(_POINTS_BACK.match(sentence.lstrip()))


def about_the_review(sentence: str) -> bool:
    """Whether `sentence` talks about the review itself (its aims, what it explores), not about the topic."""
    return bool(_ABOUT_THE_REVIEW.search(sentence))


@dataclass(frozen=True)
class Unit:
    """What an answer may quote of a passage: `text` verbatim in it; when the sentence points back, `text` is the
    sentence before it and the sentence as printed together, `antecedent` that first sentence."""

    text: str
    position: int
    antecedent: str = ""


def prose_units(text: str, min_words: int, review_asked: bool) -> list[Unit]:
    """The sentences of a passage that stand alone, in reading order: a sentence pointing back joined to the one
    before it (one unit, the passage's own characters), dropped when that one points back too or opens the passage;
    a sentence about the review itself only when `review_asked`."""
    sentences = split_sentences(text)
    units = []
    for position, sentence in enumerate(sentences):
        if len(sentence.split()) < min_words or (about_the_review(sentence) and not review_asked):
            continue
        if not points_back(sentence):
            units.append(Unit(sentence, position))
            continue
        before = sentences[position - 1] if position else ""
        if not before or points_back(before) or (about_the_review(before) and not review_asked):
            continue
        start = text.find(before)
        end = text.find(sentence, start + len(before))
        if start >= 0 and end >= 0:
            units.append(Unit(text[start : end + len(sentence)], position, before))
    return units
