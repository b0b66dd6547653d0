"""One text's scores over every chunk — the cosine (the passage's, or its best sentence's), BM25 (with feedback
terms) and their fusion — and the ways several scorings are combined (`mix`, `lift_siblings`).

`Assistant.search` scores the question as read and, for a follow-up, the message with its context and alone,
then mixes them; each scoring is one `Scored` record.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from reviewqa.choices import Fusion, Mode
from reviewqa.corpus.review import Review
from reviewqa.index.dense import dense_scores
from reviewqa.index.interfaces import QueryEncoder
from reviewqa.index.lexical import ChunkTerms
from reviewqa.index.sentences import best_sentence_cosines
from reviewqa.index.store import LoadedIndex
from reviewqa.search.expansion import ExpandedQuery, expand_query
from reviewqa.search.feedback import Feedback
from reviewqa.search.fusion import fused_scores
from reviewqa.search.techniques import Techniques

DENSE_DEPTH = 1000  # nearest chunks asked of FAISS; the review has fewer, so its search is exhaustive
SIBLING_LIFT = 0.3  # a split paragraph's part gains this share of how far its other part scores above it


@dataclass(frozen=True)
class Scored:
    """A text searched: its expansion, and the dense, lexical and fused scores of every chunk (row-aligned)."""

    text: str
    expanded: ExpandedQuery
    dense: np.ndarray
    lexical: np.ndarray
    fused: np.ndarray
    vector: np.ndarray | None = field(default=None, compare=False, repr=False)  # the text's embedding


class Scorer:
    """Scores a text against one loaded index with the techniques switched on."""

    def __init__(
        self,
        review: Review,
        index: LoadedIndex,
        encoder: Callable[[], QueryEncoder],
        techniques: Techniques,
        fusion: Fusion,
        chunk_terms: ChunkTerms,
    ):
        self.review = review
        self.index = index
        self._encoder = encoder
        self.techniques = techniques
        self.fusion = fusion
        self.feedback = Feedback(chunk_terms, index.lexical) if techniques.feedback else None
        self.siblings = _sibling_groups(review) if techniques.siblings else []

    def score(self, text: str, mode: Mode, eligible: np.ndarray) -> Scored:
        expanded = expand_query(
            text, self.review.glossary, lay=self.techniques.lay_terms, thesaurus=self.techniques.thesaurus
        )
        vector = self._encoder().encode([expanded.dense_text])[0]
        dense = self.dense(vector)
        lexical = self.index.lexical.scores(expanded.terms, expanded.expansion_terms)
        fused = fused_scores(mode, dense, lexical, eligible, self.fusion)
        if self.feedback is not None and mode is Mode.HYBRID:  # "keywords only" stays the typed keywords
            extra = self.feedback.terms(fused, eligible, expanded.terms + expanded.expansion_terms)
            if extra:
                lexical = lexical + self.feedback.lexical_scores(extra, lexical)
                fused = fused_scores(mode, dense, lexical, eligible, self.fusion)
        return Scored(text, expanded, dense, lexical, fused, vector)

    def dense(self, query: np.ndarray) -> np.ndarray:
        """Cosine of every chunk (the better of the passage's and its best sentence's, with `sentences` on)."""
        cosines = dense_scores(self.index.dense, query, DENSE_DEPTH)
        if not self.techniques.sentences:
            return cosines
        best = best_sentence_cosines(self.index.sentences, self.index.sentence_rows, query, len(cosines))
        return np.maximum(cosines, best)


def _unit(scores: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """Scores divided by their best over the eligible chunks (so texts with stronger matches do not dominate)."""
    finite = np.where(np.isfinite(scores), scores, 0.0)
    best = float(finite[eligible].max()) if eligible.any() else 0.0
    return finite / best if best > 0 else finite


def mix(scored: Sequence[tuple[Scored, float]], eligible: np.ndarray) -> np.ndarray:
    """The weighted sum of several texts' fused scores, each scaled to its own best; one text is kept as it is."""
    if len(scored) == 1:
        return scored[0][0].fused
    total = sum(weight * _unit(s.fused, eligible) for s, weight in scored)
    return np.where(eligible, total, -np.inf)


def _sibling_groups(review: Review) -> list[np.ndarray]:
    """The rows of each paragraph cut in two or more ('s2-p2.1', 's2-p2.2')."""
    groups: dict[str, list[int]] = {}
    for row, chunk in enumerate(review.chunks):
        part = re.fullmatch(r"(.+)\.\d+", chunk.id)
        if part:
            groups.setdefault(part.group(1), []).append(row)
    return [np.asarray(rows) for rows in groups.values() if len(rows) > 1]


def lift_siblings(scores: np.ndarray, groups: list[np.ndarray]) -> np.ndarray:
    """Each part of a split paragraph lifted toward its best-scoring other part (by SIBLING_LIFT of the gap)."""
    lifted = scores.copy()
    for rows in groups:
        values = scores[rows]
        if not np.isfinite(values).all():
            continue
        for position, row in enumerate(rows):
            best_other = max(v for i, v in enumerate(values) if i != position)
            lifted[row] = scores[row] + SIBLING_LIFT * max(0.0, best_other - scores[row])
    return lifted
