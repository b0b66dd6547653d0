"""What a search returns: ranked hits with their references resolved, and the answerability flag."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from reviewqa.corpus.review import Review
from reviewqa.records import Chunk, Reference
from reviewqa.search.context import Reading
from reviewqa.search.expansion import ExpandedQuery


@dataclass(frozen=True)
class Hit:
    """One ranked passage with the references it cites, resolved to full citations."""

    rank: int
    score: float
    chunk: Chunk
    references: tuple[Reference, ...]

    def to_json(self) -> dict:
        return {
            "rank": self.rank,
            "score": round(float(self.score), 6),
            "chunk_id": self.chunk.id,
            "kind": self.chunk.kind.value,
            "section_path": list(self.chunk.section_path),
            "text": self.chunk.text,
            "refs": list(self.chunk.refs),
            "references": [{"n": r.n, "citation": r.citation} for r in self.references],
        }


STRONG, PARTIAL = 0.75, 0.45  # a hit's relevance (0-1) from which it is a strong, or a partial, match


def relevance(hit: Hit, top: float) -> float:
    """A hit's score on a 0-1 scale: the score itself, scaled down when boosts take the best above 1."""
    return max(0.0, min(1.0, hit.score / max(1.0, top)))


def match_label(value: float) -> str:
    """'strong match', 'partial match' or 'weak match': a relevance in the words the CLI and the app show."""
    return "strong match" if value >= STRONG else "partial match" if value >= PARTIAL else "weak match"


def hit_for(review: Review, chunk: Chunk, rank: int, score: float = 1.0) -> Hit:
    """A chunk as a ranked hit, its references resolved (the one way a Hit is made)."""
    return Hit(rank, score, chunk, tuple(review.reference(n) for n in chunk.refs))


@dataclass(frozen=True)
class SearchResult:
    """The hits for one question, and whether the review seems to answer it at all."""

    query: str
    mode: str
    hits: tuple[Hit, ...]
    answerable: bool
    expanded: ExpandedQuery  # the terms searched and the glossary expansions
    reading: Reading | None = None  # how the question was read in its conversation
    missing: str = ""  # when not answerable: what the review does not cover, in one sentence
    query_vector: np.ndarray | None = field(default=None, compare=False, repr=False)  # the question as embedded
    table: str | None = None  # the table the search kept to ('Table I': the question named it, search.filters)

    @property
    def expansions(self) -> tuple[tuple[str, str], ...]:
        """Glossary: what the user typed -> its other name."""
        return self.expanded.expansions

    @property
    def read_as(self) -> str:
        """The question as searched: the query itself, or a follow-up rewritten from the conversation."""
        return self.reading.question if self.reading else self.query

    def to_json(self) -> dict:
        """The stable shape of `reviewqa ask --json` (`read_as` and `missing` added; the other fields unchanged)."""
        return {
            "query": self.query,
            "read_as": self.read_as,
            "answerable": self.answerable,
            "missing": self.missing,
            "hits": [h.to_json() for h in self.hits],
        }
