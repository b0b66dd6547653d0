"""What a typed question asks for: cleaned text, how many passages, and whether it is after a paper, an author or a
reference number."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from reviewqa.errors import InvalidQuery
from reviewqa.index.terms import STOPWORDS
from reviewqa.records import Chunk, Kind, Reference

MAX_QUERY_CHARS = 2000  # longer input is cut here; the model reads 256 word pieces anyway
# Raw input is cut to this before any per-character work, so a 50 MB message costs what a 8,000-character one does;
# the margin lets control characters and whitespace runs be dropped without losing the first MAX_QUERY_CHARS.
MAX_RAW_CHARS = 4 * MAX_QUERY_CHARS
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})

_REF_NUMBER = re.compile(
    r"(?:\b(?:refs?|references?|citations?|cited|cites?)\.?\s*(?:no\.?|number|#)?\s*|\[|#)(\d{1,3})(?:\]|\b)", re.I
)
_PAPER_WORDS = re.compile(
    r"\b(?:papers?|articles?|references?|refs?|cited|cites?|citations?|publications?|published|journals?|authors?|"
    r"et al|bibliography|who wrote|which study|what study)\b",
    re.I,
)
_NAME = re.compile(r"\b([A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?)\b")


def clean_query(text: str) -> str:
    """The query as searched: control characters removed, whitespace collapsed, cut to MAX_QUERY_CHARS."""
    if not isinstance(text, str):
        raise InvalidQuery("the question must be text")
    text = text[:MAX_RAW_CHARS]
    # Control, format, surrogate, private-use and unassigned code points go (a lone surrogate breaks UTF-8 output).
    text = "".join(" " if unicodedata.category(c) in _DROPPED_CATEGORIES else c for c in text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise InvalidQuery("the question is empty")
    return text[:MAX_QUERY_CHARS].rstrip()


@dataclass(frozen=True)
class ReferenceIntent:
    """Signs that the user wants the review's sources rather than (only) its prose."""

    numbers: tuple[int, ...] = ()
    authors: tuple[int, ...] = ()  # references whose author the question names
    wants_papers: bool = False

    @property
    def active(self) -> bool:
        return bool(self.numbers or self.authors or self.wants_papers)


def reference_intent(
    text: str,
    references: tuple[Reference, ...],
    common_words: frozenset[str],
    surnames: dict[str, tuple[int, ...]] | None = None,
) -> ReferenceIntent:
    """Reference numbers, author surnames and words like 'paper' or 'cited' in the question.

    `surnames` is `author_index(references)`, passed in by callers that ask many questions.
    """
    numbers = tuple(
        sorted({int(m.group(1)) for m in _REF_NUMBER.finditer(text) if 1 <= int(m.group(1)) <= len(references)})
    )
    surnames = author_index(references) if surnames is None else surnames
    named: set[int] = set()
    for match in _NAME.finditer(text):
        name = match.group(1)
        if match.start() == 0 and name.casefold() in common_words:
            continue  # a capitalised first word such as 'Which' or 'Cell'
        if name.casefold() in common_words and "et al" not in text[match.end() : match.end() + 7]:
            continue
        named.update(surnames.get(name.casefold(), ()))
    return ReferenceIntent(numbers, tuple(sorted(named)), bool(_PAPER_WORDS.search(text)))


def common_words(chunks: Iterable[Chunk]) -> frozenset[str]:
    """Lower-case words the review itself uses (so 'Cell' or 'Lung' is not taken for an author), stopwords too."""
    words: set[str] = set(STOPWORDS)
    for chunk in chunks:
        if chunk.kind is not Kind.REFERENCE:
            words.update(w.casefold() for w in re.findall(r"\b[a-z][a-z-]+\b", chunk.text))
    return frozenset(words)


def author_index(references: tuple[Reference, ...]) -> dict[str, tuple[int, ...]]:
    """Lower-case surname -> the numbers of the references that author is on."""
    index: dict[str, list[int]] = {}
    for reference in references:
        for author in reference.authors:
            surname = author.rsplit(" ", 1)[0] if " " in author else author
            index.setdefault(surname.casefold(), []).append(reference.n)
    return {name: tuple(sorted(set(ns))) for name, ns in index.items()}


def rows_citing(chunks: tuple[Chunk, ...]) -> dict[int, np.ndarray]:
    """Reference number -> the rows of the chunks that cite it (the entry itself included)."""
    rows: dict[int, list[int]] = {}
    for row, chunk in enumerate(chunks):
        for n in set(chunk.refs):
            rows.setdefault(n, []).append(row)
    return {n: np.asarray(r, dtype=np.int64) for n, r in rows.items()}


MAX_K = 50  # passages a search returns at most


def checked_k(k: object) -> int:
    """How many passages to return, from a number, a slider's 5.0 or its text; InvalidQuery otherwise."""
    if isinstance(k, float) and k.is_integer():
        k = int(k)  # a slider's 5.0
    if isinstance(k, bool) or not isinstance(k, int | np.integer):
        try:
            k = int(str(k).strip())
        except ValueError as exc:
            raise InvalidQuery(f"k must be a whole number, not '{k}'") from exc
    if k < 1:
        raise InvalidQuery(f"k must be at least 1, not {k}")
    return min(int(k), MAX_K)
