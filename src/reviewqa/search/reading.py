"""What the reader (reviewqa.index.reader) reads, and its two uses in search: the top passages reordered by a blend
of retrieval and their best sentence's score (`reader_rerank`), and 'not answered' when no sentence of them reads
as an answer (`reader_flag`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from reviewqa.corpus.markup import normalised
from reviewqa.corpus.sentences import split_sentences
from reviewqa.index.terms import STOPWORDS, raw_terms, stem, tokenize
from reviewqa.records import Chunk, Kind

MIN_WORDS = 6  # shorter 'sentences' are run-in heads; at least index.sentences.MIN_WORDS, so each has its vector
WHOLE_MATTER_WORDS = 60  # a title-page or declarations passage up to this long is quoted whole ('Funding. …')
_MATTER_KINDS = (Kind.FRONT_MATTER, Kind.BACK_MATTER)
READ_KINDS = (Kind.TEXT, Kind.TABLE_ROW, Kind.FIGURE)  # the passages whose units the reader scores

RERANK_DEPTH = 4  # the top passages the reader reorders (6 and 8: hit@5 lost on heldout; and more pairs to read)
RERANK_WEIGHT = 0.6  # the reader's share of a reordered passage's score (0.2-1.0 tried on heldout and dev)
FLAG_FLOOR = 0.05  # the best sentence's reader score under which the review is taken not to answer
_QUESTION_WORDS = frozenset({"review", "reviews", "does", "did", "say", "says", "tell", "mention", "report", "about"})


class SentenceReader(Protocol):
    def scores(self, question: str, candidates: Sequence[str]) -> np.ndarray: ...


def answer_units(chunk: Chunk) -> list[str]:
    """What an answer may quote of a passage: its sentences; for a table row, its cells as the table prints them
    (one unit, a verbatim part of the chunk's text); a short title-page or declarations passage whole (its dates,
    its funding, its competing interests)."""
    if chunk.kind is Kind.TABLE_ROW:
        cells = [line for line in chunk.table_cells if line.strip()]
        return ["\n".join(cells)] if cells else []
    if chunk.kind in _MATTER_KINDS and len(chunk.text.split()) <= WHOLE_MATTER_WORDS:
        return [chunk.text]
    return [s for s in split_sentences(chunk.text) if len(s.split()) >= MIN_WORDS]


def quoted_from(chunks: Sequence[Chunk], item: str) -> Chunk | None:
    """The first of `chunks` an answer's item (a sentence, a pair of them, a table row's cells) is quoted from."""
    shown = normalised(item)
    for chunk in chunks:
        if shown in normalised(chunk.text) or any(shown == normalised(unit) for unit in answer_units(chunk)):
            return chunk
    return None


def unit_scores(reader: SentenceReader, question: str, chunks: Sequence[Chunk]) -> dict[str, float]:
    """The reader's score of every answer unit of the passages it reads, in one batch."""
    flat = list(dict.fromkeys(u for c in chunks if c.kind in READ_KINDS for u in answer_units(c)))
    return dict(zip(flat, reader.scores(question, flat).tolist(), strict=True)) if flat else {}


def unit_reading(reader: SentenceReader, question: str, chunks: Sequence[Chunk]) -> Callable[[str], float]:
    """compose's `reading`: a unit's reader score (0 for one of a passage the reader does not read)."""
    scored = unit_scores(reader, question, chunks)
    return lambda unit: scored.get(unit, 0.0)


def best_sentence_scores(reader: SentenceReader, question: str, chunks: Sequence[Chunk]) -> np.ndarray:
    """Per passage, the reader's score of its best unit (0 for a passage it does not read); one batch."""
    scored = unit_scores(reader, question, chunks)
    groups = [answer_units(c) if c.kind in READ_KINDS else [] for c in chunks]
    return np.asarray([max((scored[u] for u in group), default=0.0) for group in groups], dtype=np.float64)


def unread_terms(question: str, text: str) -> list[str]:
    """The question's words (stopwords aside) whose stems `text` does not hold: what the flag says is missing."""
    held = set(tokenize(text))
    words = [w for w in dict.fromkeys(raw_terms(question)) if w not in STOPWORDS and len(w) > 2]
    return [w for w in words if stem(w) not in held and w not in _QUESTION_WORDS]


def flag_message(question: str, chunks: Sequence[Chunk], best: np.ndarray) -> str:
    """Why the reader flags a question: no sentence reads as an answer; the closest passage and what it lacks."""
    top = int(np.argmax(best))
    units = answer_units(chunks[top]) if chunks[top].kind in READ_KINDS else []
    lacking = unread_terms(question, " ".join(units))[:3]
    said = f"; it does not mention {', '.join(repr(w) for w in lacking)}" if lacking else ""
    return (
        f"No sentence of the review reads as an answer to this question: the closest passage ({chunks[top].id}) "
        f"scores {best[top]:.2f} of 1{said}."
    )


def rerank(rows: Sequence[int], scores: np.ndarray, best: np.ndarray, weight: float | None = None) -> list[int]:
    """The rows reordered by (1 - weight) x their retrieval score scaled to 0..1 among them + weight x their
    best sentence's reader score (weight: RERANK_WEIGHT by default); only passages the reader read move."""
    weight = RERANK_WEIGHT if weight is None else weight
    top = np.asarray([scores[r] for r in rows], dtype=np.float64)
    span = float(top.max() - top.min()) if len(top) else 0.0
    scaled = (top - top.min()) / span if span > 0 else np.ones_like(top)
    blended = np.where(best > 0, (1 - weight) * scaled + weight * best, scaled)
    order = sorted(range(len(rows)), key=lambda i: (-blended[i], i))
    return [rows[i] for i in order]
