"""The whole review as the pipeline sees it: chunks, references and glossary, from one file."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from reviewqa.corpus.chunking import passage_chunks, reference_chunk
from reviewqa.corpus.glossary import Glossary, build_glossary
from reviewqa.corpus.parse import parse_review
from reviewqa.corpus.reference_list import parse_references
from reviewqa.errors import CorpusMissing, CorpusUnusable, NotAReference, ReviewqaError, UnknownChunk
from reviewqa.paths import corpus_file
from reviewqa.records import PROSE_KINDS, Chunk, Kind, Reference

_RESTORE = "restore corpus/ from the repository (git checkout -- corpus) or point REVIEWQA_CORPUS at the review"


@dataclass(frozen=True)
class Review:
    source: Path
    sha256: str
    chunks: tuple[Chunk, ...]
    references: tuple[Reference, ...]
    glossary: Glossary

    _by_id: dict[str, Chunk] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {chunk.id: chunk for chunk in self.chunks})

    def reference(self, n: int) -> Reference:
        """Reference number `n` (1-based); NotAReference (a KeyError) outside the list."""
        if not 1 <= n <= len(self.references):
            raise NotAReference(f"there is no reference {n}; the review lists 1..{len(self.references)}")
        return self.references[n - 1]

    def chunk(self, chunk_id: str) -> Chunk:
        """The chunk with this id; UnknownChunk (a KeyError) if none."""
        try:
            return self._by_id[chunk_id]
        except KeyError:
            raise UnknownChunk(f"there is no passage '{chunk_id}'; list the ids with `reviewqa chunks`") from None

    def neighbours(self, chunk_id: str, n: int) -> tuple[tuple[Chunk, ...], tuple[Chunk, ...]]:
        """The `n` chunks before and after a chunk in reading order, among chunks of its own part (the reference
        list's entries among themselves, everything else among the rest); UnknownChunk for an unknown id."""
        chunk = self.chunk(chunk_id)
        same_part = [c for c in self.chunks if (c.kind is Kind.REFERENCE) == (chunk.kind is Kind.REFERENCE)]
        at = same_part.index(chunk)
        return tuple(same_part[max(0, at - n) : at]), tuple(same_part[at + 1 : at + 1 + n])

    def has_chunk(self, chunk_id: str) -> bool:
        """Whether the review has a passage with this id."""
        return chunk_id in self._by_id

    @functools.cached_property
    def top_sections(self) -> tuple[str, ...]:
        """The top-level headings in reading order ('Front matter', '1. Introduction', …, 'References')."""
        return tuple(dict.fromkeys(chunk.top_section for chunk in self.chunks))

    def citing(self, n: int) -> tuple[Chunk, ...]:
        """Passages of the review (not the reference list) that cite reference `n`, in reading order."""
        return tuple(c for c in self.chunks if n in c.refs and c.kind is not Kind.REFERENCE)


def build_review(source: Path) -> Review:
    """Parse `source` into chunks, references and glossary."""
    if not source.is_file():
        raise CorpusMissing(
            f"The review text is missing: {source}. Restore corpus/ from the repository "
            "(git checkout -- corpus) or point REVIEWQA_CORPUS at the file."
        )
    raw = source.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusUnusable(f"The review text {source} is not UTF-8 (byte {exc.start}); {_RESTORE}.") from exc
    try:
        parsed = parse_review(text)
        references = parse_references(parsed.reference_entries)
        chunks = [c for p in parsed.passages for c in passage_chunks(p)]
    except ReviewqaError:  # the model package is missing, say: that is the message, not the corpus
        raise
    except Exception as exc:  # the parser's assumptions about the review's layout do not hold
        raise CorpusUnusable(f"The review text {source} cannot be parsed ({type(exc).__name__}); {_RESTORE}.") from exc
    problem = _structure_problem(chunks, references)
    if problem:
        raise CorpusUnusable(f"The review text {source} {problem}; {_RESTORE}.")
    chunks += [reference_chunk(r) for r in references]
    defining = [c.text for c in chunks if c.kind in PROSE_KINDS]
    glossary = build_glossary(defining, parsed.legends)
    return Review(source, hashlib.sha256(raw).hexdigest(), tuple(chunks), references, glossary)


def _structure_problem(chunks: list[Chunk], references: tuple[Reference, ...]) -> str:
    """What makes the parsed text unlike the review ('' when nothing): no body, no or a broken reference list."""
    if not any(c.kind is Kind.TEXT for c in chunks):
        return "has no numbered sections of text"
    if not references:
        return "has no reference list"
    numbers = [r.n for r in references]
    if numbers != list(range(1, len(numbers) + 1)):
        return "has a reference list that is not numbered 1, 2, 3, … in order"
    cited = max((n for c in chunks for n in c.refs), default=0)
    if cited > len(references):
        return f"cites reference {cited} but lists only {len(references)} (is it truncated?)"
    return ""


@functools.cache
def load_review(source: Path | None = None) -> Review:
    """The review at `source` (default: the bundled corpus), parsed once per process."""
    return build_review(Path(source) if source else corpus_file())
