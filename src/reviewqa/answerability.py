"""Does the review seem to answer the question at all? Judged from retrieval evidence, not a language model.

Two signs that it does not:
- the question turns on a specialised word the review never uses (a drug, a gene, a procedure:
  'adagrasib', 'KEAP1', 'lobectomy'): a word rare in general English (wordfreq Zipf < 2) that is not in
  the review's prose, nor an inflection of a review word ('glycolytic' ~ 'glycolysis'), nor a typo of one;
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
RARE_ZIPF = 2.0  # wordfreq: ~1 use per 10 million English words; drug and gene names score 0-1.7
_MIN_SPECIAL_LENGTH = 5
_WORD = re.compile(r"[a-z][a-z]+")
# Ordinary words only (as typed: 'adagrasib', 'Lobectomy'); acronyms and gene symbols ('KEAP1', 'shRNA',
# 'TLR7') are left out: the review often spells such names out, so their absence proves nothing.
_TYPED_WORD = re.compile(r"(?<![\w-])[A-Za-z]?[a-z]+(?![\w-])")


# 'this review', 'the authors': a question about the document itself, which the document can answer.
_ABOUT_THE_REVIEW = re.compile(r"\b(?:this|the|present)\s+(?:review|paper|article|authors?)\b", re.I)


def asks_about_the_review(question: str) -> bool:
    return bool(_ABOUT_THE_REVIEW.search(question))


@dataclass(frozen=True)
class Evidence:
    """What retrieval saw for one question."""

    dense_top: float
    lexical_coverage: float
    foreign_terms: tuple[str, ...]
    asks_for_sources: bool
    about_the_review: bool = False


def english_zipf(word: str) -> float:
    """How common `word` is in general English, on the Zipf scale (0 = unseen, 7 = 'the')."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


class Vocabulary:
    """The review's own words (and their beginnings, for inflections and typos)."""

    def __init__(self, review_texts: Iterable[str], zipf=english_zipf):
        self.review_words = {normalise_spelling(w) for text in review_texts for w in _WORD.findall(text.lower())}
        self._prefixes = {w[:n] for w in self.review_words for n in range(5, len(w) + 1)}
        self._zipf = zipf

    def foreign_terms(self, question: str) -> tuple[str, ...]:
        """Specialised words of the question that the review never uses in any form."""
        foreign = []
        for typed in _TYPED_WORD.findall(question):
            raw = typed.lower()
            word = normalise_spelling(raw)
            if len(word) < _MIN_SPECIAL_LENGTH or word in STOPWORDS:
                continue
            if word in self.review_words:
                continue
            # An inflection or a typo of a review word shares its beginning: glycolytic ~ glycolysis.
            if len(word) >= 7 and word[: max(5, len(word) - 4)] in self._prefixes:
                continue
            if self._zipf(raw) < RARE_ZIPF:
                foreign.append(raw)
        return tuple(dict.fromkeys(foreign))


def is_answerable(evidence: Evidence) -> bool:
    if evidence.asks_for_sources:
        return True
    if evidence.foreign_terms:
        return False
    if evidence.about_the_review:
        return True
    return not (evidence.dense_top < WEAK_DENSE and evidence.lexical_coverage < WEAK_COVERAGE)
