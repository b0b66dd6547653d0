"""The review's sentences as evidence for a writer's claim: every sentence of its prose and figure captions that has
a vector in the index (`index.sentences`), and every table row as a whole row; each with its passage, section and
the reference numbers it cites. A claim is matched against all of them at once (one matrix product) and against
their words (the share of the claim's IDF weight a sentence holds).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reviewqa.corpus.citation_marks import cited_refs
from reviewqa.corpus.review import Review
from reviewqa.index.sentences import sentence_keys
from reviewqa.index.store import LoadedIndex
from reviewqa.index.terms import tokenize
from reviewqa.records import Chunk, Kind


@dataclass(frozen=True)
class ReviewSentence:
    """A sentence of the review exactly as printed (a table row: the whole row), with the references it cites —
    its own, else those of the nearest sentence of its passage that cites any."""

    row: int
    chunk: Chunk
    text: str
    refs: tuple[int, ...]


class EvidencePool:
    """Every review sentence that can be evidence, its vector and its index terms (row-aligned)."""

    def __init__(self, review: Review, index: LoadedIndex):
        self.review = review
        keys = sentence_keys(review)
        stored = index.sentences.reconstruct_n(0, index.sentences.ntotal)
        table_rows = [row for row, chunk in enumerate(review.chunks) if chunk.kind is Kind.TABLE_ROW]
        vectors = [stored] + [np.asarray(index.dense.reconstruct(row))[None, :] for row in table_rows]
        self.vectors = np.vstack(vectors).astype(np.float32)
        by_chunk: dict[int, list[str]] = {}
        for row, text in keys:
            by_chunk.setdefault(row, []).append(text)
        prose = [
            ReviewSentence(row, review.chunks[row], text, _sentence_refs(text, by_chunk[row])) for row, text in keys
        ]
        rows = [
            ReviewSentence(row, review.chunks[row], review.chunks[row].text, review.chunks[row].refs)
            for row in table_rows
        ]
        self.sentences = (*prose, *rows)
        self.terms = tuple(frozenset(tokenize(review.glossary.spelled_out(s.text))) for s in self.sentences)
        self.rows = np.asarray([s.row for s in self.sentences])
        self.row_of = {chunk.id: row for row, chunk in enumerate(review.chunks)}

    def cosines(self, vector: np.ndarray) -> np.ndarray:
        """The cosine of every sentence with a (normalised) claim vector."""
        return self.vectors @ np.asarray(vector, dtype=np.float32)

    def coverage(self, position: int, terms: tuple[str, ...], weights: np.ndarray) -> float:
        """The share of the claim's term weight that sentence `position` holds."""
        total = float(weights.sum())
        if total <= 0:
            return 0.0
        held = self.terms[position]
        return float(sum(w for t, w in zip(terms, weights, strict=True) if t in held)) / total


def _sentence_refs(text: str, siblings: list[str]) -> tuple[int, ...]:
    """A sentence's own citations; else the nearest earlier (then later) sentence's of its passage."""
    own = cited_refs(text)
    if own:
        return own
    at = siblings.index(text)
    for other in [*reversed(siblings[:at]), *siblings[at + 1 :]]:
        refs = cited_refs(other)
        if refs:
            return refs
    return ()
