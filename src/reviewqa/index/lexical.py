"""BM25 over the chunks' terms (bm25s), scoring a query's own terms and its glossary expansion."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

from reviewqa.index.terms import tokenize
from reviewqa.records import Chunk, Kind

EXPANSION_WEIGHT = 0.5  # glossary terms count, but less than what the user typed


def lexical_text(chunk: Chunk) -> str:
    """What BM25 indexes for a chunk: its innermost heading and its text; a table row without the table's
    title, which every row of the table shares and which would otherwise make all of them match it."""
    if chunk.kind is Kind.TABLE_ROW:
        return "\n".join((chunk.table_label, *chunk.table_cells))
    return chunk.text if chunk.text.startswith(chunk.heading) else f"{chunk.heading}\n{chunk.text}"


class ChunkTerms:
    """Each chunk's BM25 terms and their counts, tokenised when first asked for and then kept: a question reads
    those of a few top passages (feedback, answerability), never all of them. Two threads may fill a row at once;
    they fill it alike."""

    def __init__(self, chunks: Sequence[Chunk]):
        self._chunks = chunks
        self._counts: dict[int, Counter[str]] = {}

    def counts(self, row: int) -> Counter[str]:
        counts = self._counts.get(row)
        if counts is None:
            counts = self._counts.setdefault(row, Counter(tokenize(lexical_text(self._chunks[row]))))
        return counts


class LexicalIndex:
    """A bm25s index whose row i is chunk i."""

    def __init__(self, bm25):
        self._bm25 = bm25

    @classmethod
    def build(cls, documents: list[list[str]]) -> LexicalIndex:
        """Terms numbered in order of first use (bm25s would number them in set order, which moves with Python's
        hash seed): two builds of one review write the same bytes."""
        vocabulary: dict[str, int] = {}
        ids = [[vocabulary.setdefault(term, len(vocabulary)) for term in document] for document in documents]
        return cls.build_from_ids(ids, vocabulary)

    @classmethod
    def build_from_ids(cls, documents: list[list[int]], vocabulary: dict[str, int]) -> LexicalIndex:
        """From documents already mapped to term ids 0..len(vocabulary)-1 (synthetic corpora at scale)."""
        bm25 = _new_bm25()
        bm25.index((documents, vocabulary), show_progress=False)
        return cls(bm25)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        import bm25s

        return cls(bm25s.BM25.load(str(folder), show_progress=False, verbosity=0))

    def save(self, folder: Path) -> None:
        self._bm25.save(str(folder), show_progress=False)

    @property
    def size(self) -> int:
        return int(self._bm25.scores["num_docs"])

    def known(self, terms: list[str] | tuple[str, ...]) -> list[str]:
        """The terms that occur somewhere in the indexed chunks."""
        vocab = self._bm25.vocab_dict
        return [t for t in terms if t in vocab]

    def document_frequency(self, term: str) -> int:
        """How many chunks hold `term` (0 for a term the review never uses)."""
        vocab = self._bm25.vocab_dict
        return int(self._frequencies[vocab[term]]) if term in vocab else 0

    @functools.cached_property
    def terms_by_id(self) -> tuple[str, ...]:
        """Every indexed term, at its id."""
        vocab = self._bm25.vocab_dict
        return tuple(sorted(vocab, key=vocab.__getitem__))

    @functools.cached_property
    def _frequencies(self) -> np.ndarray:
        """How many chunks hold each term, at its id (bm25s's empty-string term, last, has no column: none)."""
        frequencies = np.zeros(len(self.terms_by_id))
        columns = np.diff(np.asarray(self._bm25.scores["indptr"]))
        frequencies[: len(columns)] = columns
        return frequencies

    @functools.cached_property
    def idf_by_id(self) -> np.ndarray:
        """`idf` of every indexed term, at its id."""
        return _idf(self.size, self._frequencies)

    def idf(self, terms: tuple[str, ...]) -> np.ndarray:
        """log((N + 1) / (df + 0.5)) per term; a term no chunk has gets the highest weight."""
        vocab = self._bm25.vocab_dict
        return _idf(self.size, np.array([self._frequencies[vocab[t]] if t in vocab else 0.0 for t in terms]))

    def term_ids(self, terms: Iterable[str]) -> np.ndarray:
        """The ids of those of `terms` that are indexed."""
        vocab = self._bm25.vocab_dict
        return np.fromiter((vocab[t] for t in terms if t in vocab), dtype=np.int64)

    def id_counts(self, counts: Mapping[str, int]) -> tuple[np.ndarray, np.ndarray]:
        """The ids of the indexed terms among `counts`, and their counts."""
        vocab = self._bm25.vocab_dict
        known = [(vocab[t], n) for t, n in counts.items() if t in vocab]
        return np.fromiter((i for i, _ in known), np.int64, len(known)), np.fromiter((n for _, n in known), float)

    def scores(self, terms: tuple[str, ...], expansion_terms: tuple[str, ...] = ()) -> np.ndarray:
        """BM25 score of every chunk: own terms at full weight, glossary terms at EXPANSION_WEIGHT."""
        total = np.zeros(self.size, dtype=np.float32)
        for group, weight in ((terms, 1.0), (expansion_terms, EXPANSION_WEIGHT)):
            known = self.known(group)
            if known:
                total += weight * self._bm25.get_scores(known)
        return total


def _idf(chunk_count: int, frequencies: np.ndarray) -> np.ndarray:
    return np.log((chunk_count + 1) / (frequencies + 0.5))


def _new_bm25():
    import bm25s

    return bm25s.BM25(k1=1.2, b=0.75)
