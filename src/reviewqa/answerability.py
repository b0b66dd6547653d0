"""Does the review seem to answer the question at all? Judged from retrieval evidence, not a language model.

Two signs that it does not:
- the question turns on a specialised word the review never uses (a drug, a procedure: 'adagrasib',
  'lobectomy'), i.e. a word neither in the review's prose nor in the model's general vocabulary, and no
  inflection of a review word ('glycolytic' ~ 'glycolysis') nor a likely typo of one;
- neither the embedding nor BM25 finds anything close: low best cosine and most of the query's
  weight missing from the best passages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from reviewqa.tokenize import STOPWORDS, normalise_spelling

WEAK_DENSE = 0.25  # best cosine below this: nothing in the review is about the question
WEAK_COVERAGE = 0.5  # share of the query's IDF weight found in the top passages
_MIN_SPECIAL_LENGTH = 5
_WORD = re.compile(r"[a-z][a-z]+")


@dataclass(frozen=True)
class Evidence:
    """What retrieval saw for one question."""

    dense_top: float
    lexical_coverage: float
    foreign_terms: tuple[str, ...]
    asks_for_sources: bool


class Vocabulary:
    """The review's own words, the model's general-English words, and the review words' stems by prefix."""

    def __init__(self, review_texts: Iterable[str], general_words: Iterable[str]):
        self.review_words = {normalise_spelling(w) for text in review_texts for w in _WORD.findall(text.lower())}
        self.general_words = {w for w in general_words if w.isalpha()}
        self._prefixes = {w[:n] for w in self.review_words for n in range(_MIN_SPECIAL_LENGTH, len(w) + 1)}

    def foreign_terms(self, question: str) -> tuple[str, ...]:
        """Specialised words of the question that the review never uses in any form."""
        foreign = []
        for raw in _WORD.findall(question.lower()):
            word = normalise_spelling(raw)
            if len(word) < _MIN_SPECIAL_LENGTH or word in STOPWORDS:
                continue
            if word in self.review_words or raw in self.general_words or word in self.general_words:
                continue
            # An inflection or a typo of a review word shares its beginning: glycolytic ~ glycolysis.
            if word[: max(_MIN_SPECIAL_LENGTH, len(word) - 4)] in self._prefixes:
                continue
            foreign.append(raw)
        return tuple(dict.fromkeys(foreign))


def is_answerable(evidence: Evidence) -> bool:
    if evidence.asks_for_sources:
        return True
    if evidence.foreign_terms:
        return False
    return not (evidence.dense_top < WEAK_DENSE and evidence.lexical_coverage < WEAK_COVERAGE)
