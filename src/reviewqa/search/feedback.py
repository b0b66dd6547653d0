"""Pseudo-relevance feedback (RM3-like): the terms that the best passages share and the question lacks, added to
the BM25 query at a small weight — a lay question that finds one right passage borrows that passage's words."""

from __future__ import annotations

from collections import Counter

import numpy as np

from reviewqa.index.lexical import ChunkTerms, LexicalIndex
from reviewqa.search.fusion import rank_by_score

FEEDBACK_DEPTH = 3  # passages the terms are taken from
FEEDBACK_TERMS = 10  # terms added
FEEDBACK_WEIGHT = 0.2  # their best BM25 score as a share of the question's own best


class Feedback:
    """Chooses feedback terms from the term counts of the best passages (`ChunkTerms`) and scores them."""

    def __init__(self, chunk_terms: ChunkTerms, lexical: LexicalIndex):
        self._chunk_terms = chunk_terms
        self._lexical = lexical

    def terms(self, fused: np.ndarray, eligible: np.ndarray, own: tuple[str, ...]) -> tuple[str, ...]:
        """The FEEDBACK_TERMS terms, not the question's own, most weighted (count × IDF) in the best passages."""
        counts: Counter[str] = Counter()
        for row in rank_by_score(fused, eligible, FEEDBACK_DEPTH):
            counts.update({t: n for t, n in self._chunk_terms.counts(int(row)).items() if t not in own})
        if not counts:
            return ()
        candidates = tuple(counts)
        weights = self._lexical.idf(candidates)
        ranked = sorted(zip(candidates, weights, strict=True), key=lambda tw: (-counts[tw[0]] * tw[1], tw[0]))
        return tuple(term for term, _ in ranked[:FEEDBACK_TERMS])

    def lexical_scores(self, terms: tuple[str, ...], own: np.ndarray) -> np.ndarray:
        """The feedback terms' BM25 scores, scaled so that their best is FEEDBACK_WEIGHT of the question's own best
        (so that ten borrowed terms never outweigh what was typed)."""
        scores = self._lexical.scores(terms)
        top, own_top = float(scores.max()), float(own.max())
        if top <= 0 or own_top <= 0:
            return np.zeros_like(scores)
        return FEEDBACK_WEIGHT * own_top / top * scores
