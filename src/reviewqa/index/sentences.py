"""Sentence vectors: every sentence of the review's prose embedded on its own, so that a question matching one
sentence of a long passage is not diluted by the rest of it (a passage's dense score is the better of its own
cosine and its best sentence's)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from reviewqa.corpus.review import Review
from reviewqa.corpus.sentences import split_sentences
from reviewqa.records import Kind

if TYPE_CHECKING:
    import faiss

SENTENCE_TEXT_VERSION = "2"  # bump when `sentence_texts` changes what is embedded
MIN_WORDS = 5  # shorter 'sentences' are run-in heads ('Resistance to ICB.')
SENTENCE_KINDS = (Kind.TEXT, Kind.FIGURE)  # the passages whose sentences have vectors of their own


def _sentences(review: Review) -> list[tuple[int, str]]:
    """(chunk row, sentence as printed) of every sentence with a vector, in reading order."""
    return [
        (row, sentence)
        for row, chunk in enumerate(review.chunks)
        if chunk.kind in SENTENCE_KINDS
        for sentence in split_sentences(chunk.text)
        if len(sentence.split()) >= MIN_WORDS
    ]


def sentence_texts(review: Review) -> tuple[list[int], list[str]]:
    """(chunk row, text to embed) of every sentence of the text passages and figure captions, in reading order: a
    passage's sentence after its heading, abbreviations spelled out as in the passage's own embedding text."""
    rows, texts = [], []
    for row, sentence in _sentences(review):
        chunk = review.chunks[row]
        spelled = review.glossary.spelled_out(sentence)
        rows.append(row)
        texts.append(f"{chunk.heading}: {spelled}" if chunk.kind is Kind.TEXT else spelled)
    return rows, texts


def sentence_keys(review: Review) -> list[tuple[int, str]]:
    """(chunk row, the sentence as the review prints it) of every sentence vector, in the order of the vectors."""
    return _sentences(review)


class SentenceVectors:
    """The index's vector of a sentence (for a table row or title-page or declarations text, of the whole passage):
    what an answer's closeness is read from."""

    def __init__(self, review: Review, sentences: faiss.Index, passages: faiss.Index):
        keys = sentence_keys(review)
        stored = sentences.reconstruct_n(0, sentences.ntotal) if sentences.ntotal else np.zeros((0, 0))
        self._by_key = {key: stored[i] for i, key in enumerate(keys)}
        self._passages = passages
        self._rows = {chunk.id: row for row, chunk in enumerate(review.chunks)}

    def of(self, chunk_id: str, kind: Kind, text: str) -> np.ndarray | None:
        row = self._rows.get(chunk_id)
        if row is None:
            return None
        if kind in (Kind.TABLE_ROW, Kind.FRONT_MATTER, Kind.BACK_MATTER):  # quoted as a whole, or not embedded alone
            return np.asarray(self._passages.reconstruct(row))
        return self._by_key.get((row, text))


def save_rows(rows: list[int], path: Path) -> None:
    path.write_text(json.dumps(rows), encoding="utf-8")


def load_rows(path: Path, chunk_count: int) -> np.ndarray:
    """The chunk row of every sentence vector; ValueError when the file does not fit the chunks."""
    rows = np.asarray(json.loads(path.read_text(encoding="utf-8")), dtype=np.int64)
    if rows.ndim != 1 or (len(rows) and (rows.min() < 0 or rows.max() >= chunk_count)):
        raise ValueError("sentence rows do not fit the chunks")
    return rows


def best_sentence_cosines(index: faiss.Index, rows: np.ndarray, query: np.ndarray, chunk_count: int) -> np.ndarray:
    """Per chunk, the best cosine of its sentences with `query`; -inf for a chunk without sentences."""
    scores, ids = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), index.ntotal)
    best = np.full(chunk_count, -np.inf, dtype=np.float32)
    keep = ids[0] >= 0
    np.maximum.at(best, rows[ids[0][keep]], scores[0][keep])
    return best
