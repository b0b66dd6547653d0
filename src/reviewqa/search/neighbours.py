"""What similar questions asked before were answered by: a memory of the training sets' questions — each one's
vector as the search reads it, and the review's phrases and passages that answer it — which both rankers read as
features ("a question this close was answered by this passage / this sentence").

A question's NEAREST neighbours at cosine MIN_SIMILARITY or more count; a passage (or sentence) gets, from the
broad questions and from the specific ones apart, the best similarity among the neighbours it answers and their
sum, and every candidate gets the nearest neighbour's similarity (how much the memory has to say at all). A
question unlike any asked before gets zeros, and the rankers fall back on what they read without it.

Built from the training sets only (`benchmarks/build_neighbours.py`), shipped beside a record of the files'
sha256, checked when loaded. While a ranker is trained, a question's own file is left out of the memory
(`excluding`), so the features it learns from are the ones an unseen question gets.
"""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from reviewqa.corpus.markup import normalised
from reviewqa.errors import SetupProblem
from reviewqa.model import shipped_record, verified_bytes
from reviewqa.records import Chunk

NEIGHBOURS_DIR = Path(__file__).resolve().parent.parent / "bundled" / "neighbours"
VECTORS = "vectors.npy"  # float16, one row per question, L2-normalised
QUESTIONS = "questions.json"  # per question: file, id, broad, answering phrases (normalised), answering passage ids
RECORD = "record.json"
MIN_SIMILARITY = 0.5  # measured leaving one file out: 0.3-0.7 and 10-80 neighbours (docs/EVALUATION.md)
NEAREST = 20
NEIGHBOUR_FEATURES = (
    "n_broad",  # the best similarity of a broad question (an overview's) it answered
    "n_specific",  # … of a specific question it answered
    "n_broad_sum",  # the sum of those similarities over the broad neighbours it answered
    "n_specific_sum",  # … over the specific ones
    "n_nearest",  # the nearest neighbour's similarity, whatever it was answered by
)
PLACE_FEATURES = (  # a sentence's place, for an overview: where close broad questions found their points
    "n_broad_passage",  # the sum of the similarities of the broad neighbours answered in the sentence's passage
    "n_broad_heading",  # … answered under the sentence's heading (its subsection, or its table)
)


@dataclass(frozen=True)
class Asked:
    """One question of the training sets: where it comes from and what in the review answers it."""

    file: str
    question_id: str
    broad: bool
    phrases: tuple[str, ...]  # normalised (evaluate.normalised) answering phrases
    rows: frozenset[int]  # the passages (chunk rows) holding one of them
    passages: frozenset[str] = frozenset()  # … their ids
    headings: frozenset[str] = frozenset()  # … the headings they stand under (a table row's: its table)


@dataclass(frozen=True)
class Support:
    """One question's nearest earlier questions (indexes into the memory, their similarities, best first)."""

    asked: tuple[Asked, ...] = ()
    similarities: tuple[float, ...] = ()

    def broad_share(self, nearest: int) -> float:
        """The share of the `nearest` closest earlier questions that were broad, each weighed by its similarity."""
        near = self.similarities[:nearest]
        return sum(s for a, s in zip(self.asked, near, strict=False) if a.broad) / sum(near) if near else 0.0

    def of_rows(self, rows: Sequence[int]) -> np.ndarray:
        """len(rows) x NEIGHBOUR_FEATURES for passages by chunk row."""
        return self._table(len(rows), lambda a: [n for n, row in enumerate(rows) if row in a.rows])

    def of_texts(self, texts: Sequence[str]) -> np.ndarray:
        """len(texts) x NEIGHBOUR_FEATURES for sentences (or table rows) by their text."""
        matched = [normalised(text) for text in texts] if self.asked else []
        return self._table(len(texts), lambda a: [n for n, t in enumerate(matched) if any(p in t for p in a.phrases)])

    def of_place(self, passage: str, heading: str) -> list[float]:
        """PLACE_FEATURES of a sentence in passage `passage` under `heading`."""
        broad = self._broad
        return [sum(s for a, s in broad if passage in a.passages), sum(s for a, s in broad if heading in a.headings)]

    @functools.cached_property
    def _broad(self) -> tuple[tuple[Asked, float], ...]:
        """The broad neighbours and their similarities (read for every candidate sentence of an answer)."""
        return tuple((a, s) for a, s in zip(self.asked, self.similarities, strict=True) if a.broad)

    def _table(self, count: int, answered) -> np.ndarray:
        table = np.zeros((count, len(NEIGHBOUR_FEATURES)))
        if not self.asked:
            return table
        table[:, 4] = self.similarities[0]
        for asked, similarity in zip(self.asked, self.similarities, strict=True):
            places = answered(asked)
            column = 0 if asked.broad else 1
            table[places, column] = np.maximum(table[places, column], similarity)
            table[places, column + 2] += similarity
        return table


NO_SUPPORT = Support()


@dataclass(frozen=True)
class Neighbours:
    """The memory of earlier questions; `excluded` files are left out of it (a ranker's training)."""

    vectors: np.ndarray  # questions x dimensions, as stored (float16: half the memory of float32)
    asked: tuple[Asked, ...]
    excluded: frozenset[str] = field(default=frozenset())

    def excluding(self, *files: str) -> Neighbours:
        return replace(self, excluded=frozenset(files))

    def support(self, vector: np.ndarray | None) -> Support:
        """The NEAREST questions at MIN_SIMILARITY or more to a question's vector (NO_SUPPORT without one)."""
        if vector is None or not len(self.asked):
            return NO_SUPPORT
        similarities = question_similarities(self.vectors, np.asarray(vector, dtype=np.float32))
        if self.excluded:
            similarities[[n for n, a in enumerate(self.asked) if a.file in self.excluded]] = -1.0
        near = np.flatnonzero(similarities >= MIN_SIMILARITY)
        near = near[np.lexsort((near, -similarities[near]))][:NEAREST]
        return Support(tuple(self.asked[n] for n in near), tuple(float(similarities[n]) for n in near))


SIMILARITY_BLOCK = 1024  # questions whose float16 vectors are widened to float32 at a time (1.5 MB, not the whole)


def question_similarities(vectors: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Each stored question's cosine with `vector` (all L2-normalised), in float32, a block of rows at a time. By
    einsum, not BLAS: right after the query encoder, BLAS threads wait on onnxruntime's (3 ms, not 0.04)."""
    blocks = range(0, len(vectors), SIMILARITY_BLOCK)
    parts = [np.einsum("ij,j->i", vectors[i : i + SIMILARITY_BLOCK].astype(np.float32), vector) for i in blocks]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)


NO_NEIGHBOURS = Neighbours(np.zeros((0, 0), dtype=np.float32), ())


def neighbours_record() -> dict:
    return shipped_record(NEIGHBOURS_DIR / RECORD, "the memory of earlier questions")


def _asked(item: dict, chunks: Sequence[Chunk], rows: dict[str, int]) -> Asked:
    """One stored question, its passages those of the review at hand (by row, by id, and their headings)."""
    kept = [rows[i] for i in item["passages"] if i in rows]
    return Asked(
        item["file"],
        item["id"],
        bool(item["broad"]),
        tuple(item["phrases"]),
        frozenset(kept),
        frozenset(chunks[row].id for row in kept),
        frozenset(chunks[row].heading for row in kept),
    )


@functools.cache
def shipped_neighbours(chunks: tuple[Chunk, ...]) -> Neighbours:
    """The shipped memory for the review whose passages are `chunks`, its files checked against their recorded
    sha256 (SetupProblem, in one line, when missing, changed or unreadable)."""
    record = neighbours_record()
    what = "the memory of earlier questions"
    vectors_bytes = verified_bytes(NEIGHBOURS_DIR / VECTORS, record.get("vectors_sha256"), f"{what}' vectors")
    questions_bytes = verified_bytes(NEIGHBOURS_DIR / QUESTIONS, record.get("questions_sha256"), f"{what}' questions")
    try:
        vectors = np.load(io.BytesIO(vectors_bytes), allow_pickle=False)
        rows = {chunk.id: row for row, chunk in enumerate(chunks)}
        asked = tuple(_asked(item, chunks, rows) for item in json.loads(questions_bytes.decode("utf-8")))
        if vectors.ndim != 2 or len(vectors) != len(asked):
            raise ValueError(f"{len(vectors)} vectors for {len(asked)} questions")
    except (ValueError, KeyError, TypeError) as exc:
        raise SetupProblem(f"{what} in {NEIGHBOURS_DIR} cannot be read: {exc}") from exc
    return Neighbours(vectors, asked)
