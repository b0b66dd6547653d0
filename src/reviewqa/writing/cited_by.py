"""Cited-by: every passage of the review that cites reference N (ranges such as (9-14) included), in reading order."""

from __future__ import annotations

from dataclasses import dataclass

from reviewqa.corpus.citation_marks import cited_refs
from reviewqa.corpus.review import Review
from reviewqa.corpus.sentences import split_sentences
from reviewqa.records import Chunk, Kind


@dataclass(frozen=True)
class CitingPassage:
    """A passage citing a reference, with the sentences (or table row cells) that carry the citation."""

    chunk: Chunk
    excerpt: str

    def to_json(self) -> dict:
        return {
            "chunk_id": self.chunk.id,
            "kind": self.chunk.kind.value,
            "section_path": list(self.chunk.section_path),
            "excerpt": self.excerpt,
        }


def citing_excerpt(chunk: Chunk, n: int) -> str:
    """The sentences of `chunk` that cite `n`; a table row's cells (without the table title)."""
    if chunk.kind is Kind.TABLE_ROW:
        return "; ".join(chunk.table_cells)
    sentences = [s for line in chunk.text.split("\n") for s in split_sentences(line) if n in cited_refs(s)]
    return " ".join(sentences) or chunk.text


def cited_by(review: Review, n: int) -> tuple[CitingPassage, ...]:
    """Passages citing reference `n` in reading order; KeyError outside the list."""
    review.reference(n)
    return tuple(CitingPassage(chunk, citing_excerpt(chunk, n)) for chunk in review.citing(n))
