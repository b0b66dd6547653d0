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
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from reviewqa.corpus.review import Review
from reviewqa.index.lexical import LexicalIndex, lexical_text
from reviewqa.index.terms import STOPWORDS, normalise_spelling, tokenize
from reviewqa.records import PROSE_KINDS, Kind
from reviewqa.search.expansion import ExpandedQuery
from reviewqa.search.fusion import convex_fuse, rank_by_score

COVERAGE_DEPTH = 3  # passages whose words count as lexical evidence
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

    def __init__(self, review_texts: Iterable[str], zipf: Callable[[str], float] = english_zipf):
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


class AnswerabilityJudge:
    """Gathers the evidence for one review and index; one instance serves concurrent questions."""

    def __init__(self, review: Review, lexical: LexicalIndex):
        self.review = review
        self.lexical = lexical
        self._vocabulary: Vocabulary | None = None
        self._chunk_terms: dict[int, frozenset[str]] = {}
        self._first_use = threading.Lock()
        self._content = np.array([c.kind is not Kind.REFERENCE for c in review.chunks])

    @property
    def vocabulary(self) -> Vocabulary:
        """The review's prose words, built on first use (once, however many threads ask)."""
        if self._vocabulary is None:
            with self._first_use:
                if self._vocabulary is None:
                    self._vocabulary = Vocabulary(c.text for c in self.review.chunks if c.kind in PROSE_KINDS)
        return self._vocabulary

    def _terms_of(self, row: int) -> frozenset[str]:
        """The BM25 terms of chunk `row`, tokenised once per process rather than once per question."""
        terms = self._chunk_terms.get(row)
        if terms is None:
            terms = self._chunk_terms[row] = frozenset(tokenize(lexical_text(self.review.chunks[row])))
        return terms

    def evidence(
        self,
        text: str,
        expanded: ExpandedQuery,
        asks_for_sources: bool,
        scores: tuple[np.ndarray, np.ndarray],
        eligible: np.ndarray,
        fused: np.ndarray | None = None,
    ) -> Evidence:
        """Evidence from the review's own passages (its reference list only when asked for).

        `scores` are the dense and BM25 scores of every chunk; `fused` their convex fusion over `eligible`,
        reused when the passages judged are the same chunks.
        """
        dense, lexical = scores
        content = eligible & self._content
        if not content.any():
            content = eligible
        dense_top = float(dense[content].max()) if content.any() else 0.0
        terms = tuple(dict.fromkeys(expanded.terms))
        coverage = 0.0
        if terms and content.any():
            same = fused is not None and np.array_equal(content, eligible)
            ranking = fused if same and fused is not None else convex_fuse(dense, lexical, content)
            best = rank_by_score(ranking, content, COVERAGE_DEPTH)
            seen = set().union(*(self._terms_of(row) for row in best))
            weights = self.lexical.idf(terms)
            coverage = float(sum(w for t, w in zip(terms, weights, strict=True) if t in seen) / weights.sum())
        foreign = self.vocabulary.foreign_terms(text)
        return Evidence(dense_top, coverage, foreign, asks_for_sources, asks_about_the_review(text))

    def judge(self, *args, **kwargs) -> bool:
        """Whether the review seems to answer: `is_answerable(self.evidence(...))`."""
        return is_answerable(self.evidence(*args, **kwargs))
