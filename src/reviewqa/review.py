"""The whole review as the pipeline sees it: chunks, references and glossary, from one file."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from reviewqa.chunks import passage_chunks, reference_chunk
from reviewqa.datatypes import Chunk, Kind, Reference
from reviewqa.errors import ReviewqaError
from reviewqa.glossary import Glossary, build_glossary
from reviewqa.parse import parse_review
from reviewqa.paths import corpus_file
from reviewqa.references import parse_references


class CorpusMissing(ReviewqaError, FileNotFoundError):
    """The review text is not where it should be."""


@dataclass(frozen=True)
class Review:
    source: Path
    sha256: str
    chunks: tuple[Chunk, ...]
    references: tuple[Reference, ...]
    glossary: Glossary

    def reference(self, n: int) -> Reference:
        """Reference number `n` (1-based); KeyError outside the list."""
        if not 1 <= n <= len(self.references):
            raise KeyError(f"there is no reference {n}; the review lists 1..{len(self.references)}")
        return self.references[n - 1]

    def chunk(self, chunk_id: str) -> Chunk:
        """The chunk with this id; KeyError if none."""
        for chunk in self.chunks:
            if chunk.id == chunk_id:
                return chunk
        raise KeyError(f"there is no chunk '{chunk_id}'")

    def citing(self, n: int) -> tuple[Chunk, ...]:
        """Passages of the review (not the reference list) that cite reference `n`, in reading order."""
        return tuple(c for c in self.chunks if n in c.refs and c.kind is not Kind.REFERENCE)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_review(source: Path) -> Review:
    """Parse `source` into chunks, references and glossary."""
    if not source.is_file():
        raise CorpusMissing(
            f"The review text is missing: {source}. Restore corpus/ from the repository "
            "(git checkout -- corpus) or point REVIEWQA_CORPUS at the file."
        )
    raw = source.read_bytes()
    parsed = parse_review(raw.decode("utf-8"))
    references = parse_references(parsed.reference_entries)
    chunks = [c for p in parsed.passages for c in passage_chunks(p)]
    chunks += [reference_chunk(r) for r in references]
    defining = [c.text for c in chunks if c.kind in (Kind.TEXT, Kind.FIGURE, Kind.TABLE_ROW, Kind.FRONT_MATTER)]
    glossary = build_glossary(defining, parsed.legends)
    return Review(source, hashlib.sha256(raw).hexdigest(), tuple(chunks), references, glossary)


@functools.cache
def load_review(source: Path | None = None) -> Review:
    """The review at `source` (default: the bundled corpus), parsed once per process."""
    return build_review(Path(source) if source else corpus_file())
