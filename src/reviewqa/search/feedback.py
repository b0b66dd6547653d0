"""Pseudo-relevance feedback (RM3-like): the terms that the best passages share and the question lacks, added to
the BM25 query at a small weight — a lay question that finds one right passage borrows that passage's words."""

from __future__ import annotations

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
        self._rows: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # row -> its term ids and their counts

    def terms(self, fused: np.ndarray, eligible: np.ndarray, own: tuple[str, ...]) -> tuple[str, ...]:
        """The FEEDBACK_TERMS terms, not the question's own, most weighted (count × IDF) in the best passages; ties
        in alphabetical order."""
        counts = np.zeros(len(self._lexical.terms_by_id))
        for row in rank_by_score(fused, eligible, FEEDBACK_DEPTH):
            ids, row_counts = self._row(int(row))
            counts[ids] += row_counts
        counts[self._lexical.term_ids(own)] = 0
        weights = counts * self._lexical.idf_by_id
        chosen = np.flatnonzero(weights)
        if len(chosen) > FEEDBACK_TERMS:  # only the terms that can be among the best need sorting
            chosen = chosen[weights[chosen] >= np.partition(weights[chosen], -FEEDBACK_TERMS)[-FEEDBACK_TERMS]]
        names = self._lexical.terms_by_id
        ranked = sorted(chosen.tolist(), key=lambda i: (-weights[i], names[i]))
        return tuple(names[i] for i in ranked[:FEEDBACK_TERMS])

    def _row(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """A chunk's term ids and counts, kept once read (two threads may fill a row at once; they fill it alike)."""
        cached = self._rows.get(row)
        if cached is None:
            cached = self._rows.setdefault(row, self._lexical.id_counts(self._chunk_terms.counts(row)))
        return cached

    def lexical_scores(self, terms: tuple[str, ...], own: np.ndarray) -> np.ndarray:
        """The feedback terms' BM25 scores, scaled so that their best is FEEDBACK_WEIGHT of the question's own best
        (so that ten borrowed terms never outweigh what was typed)."""
        scores = self._lexical.scores(terms)
        top, own_top = float(scores.max()), float(own.max())
        if top <= 0 or own_top <= 0:
            return np.zeros_like(scores)
        return FEEDBACK_WEIGHT * own_top / top * scores
