"""The Python API: `Assistant.load().search(question)` -> ranked, cited passages."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import numpy as np

from reviewqa.answerability import Evidence, Vocabulary, asks_about_the_review, is_answerable
from reviewqa.datatypes import Kind
from reviewqa.dense import dense_scores
from reviewqa.expansion import ExpandedQuery, expand_query
from reviewqa.filters import REFERENCE_POLICIES, ChunkFilter
from reviewqa.fuse import FUSIONS, convex_fuse, fused_scores, rank_by_score
from reviewqa.hits import Hit, SearchResult
from reviewqa.index_store import LoadedIndex, lexical_text, load_or_build
from reviewqa.paths import default_index_dir
from reviewqa.query import InvalidQuery, ReferenceIntent, author_index, clean_query, reference_intent
from reviewqa.review import Review, load_review
from reviewqa.tokenize import STOPWORDS, tokenize

__all__ = ["MAX_K", "MODES", "Assistant", "Hit", "SearchResult"]

MODES = ("hybrid", "dense", "bm25")
MAX_K = 50
DENSE_DEPTH = 1000  # nearest chunks asked of FAISS; the review has fewer, so its search is exhaustive
NUMBER_BOOST = 1.0  # 'ref 66' / '[66]': passages citing 66 (and the entry itself) come first
AUTHOR_BOOST = 0.3  # 'Kong et al': passages citing the named author's papers move up
COVERAGE_DEPTH = 3  # passages whose words count as lexical evidence for answerability
_PROSE_KINDS = (Kind.TEXT, Kind.TABLE_ROW, Kind.FIGURE, Kind.FRONT_MATTER)  # the review's own vocabulary


class Assistant:
    """Hybrid (dense + BM25) search over the review's chunks; one instance serves concurrent searches."""

    def __init__(
        self, review: Review, index: LoadedIndex, encoder=None, fusion: str = "convex", references: str = "gated"
    ):
        if fusion not in FUSIONS or references not in REFERENCE_POLICIES:
            raise ValueError(f"fusion must be one of {FUSIONS}, references one of {REFERENCE_POLICIES}")
        self.review = review
        self.index = index
        self.fusion = fusion
        self.reference_policy = references
        self.filter = ChunkFilter(review.chunks)
        self._encoder = encoder
        self._vocabulary: Vocabulary | None = None
        self._chunk_terms: dict[int, frozenset[str]] = {}
        self._first_use = threading.Lock()  # the encoder and vocabulary are built once, however many threads ask
        self._common_words = _prose_words(review) | STOPWORDS
        # Precomputed once so that a query's own work stays vectorised (no loop over every chunk).
        self._surnames = author_index(review.references)
        self._citing = _rows_citing(review.chunks)
        self._content = self.filter.kinds != Kind.REFERENCE.value

    @classmethod
    def load(cls, index_dir: Path | str | None = None, rebuild: bool = True, quiet: bool = False) -> Assistant:
        """Open (or build) the index for the bundled review; answering never imports torch."""
        review = load_review()
        index = load_or_build(Path(index_dir) if index_dir else default_index_dir(), review, rebuild, quiet)
        return cls(review, index)

    @property
    def encoder(self):
        """The ONNX query encoder, opened on first use (its session's run() is thread-safe)."""
        if self._encoder is None:
            with self._first_use:
                if self._encoder is None:
                    self._encoder = self._open_encoder()
        return self._encoder

    def _open_encoder(self):
        from reviewqa.index_store import IndexProblem
        from reviewqa.query_encoder import OnnxQueryEncoder, SentenceTransformerQueryEncoder, requested_encoder

        if requested_encoder() == "sentence-transformers":  # benchmarks only
            return SentenceTransformerQueryEncoder()
        try:
            return OnnxQueryEncoder(self.index.onnx_path)
        except Exception as exc:  # onnxruntime cannot read the graph
            raise IndexProblem(
                f"the query encoder {self.index.onnx_path} is unreadable ({type(exc).__name__}); "
                f"run `reviewqa build` to rebuild the index"
            ) from exc

    @property
    def vocabulary(self) -> Vocabulary:
        """The review's prose words, built on first use."""
        if self._vocabulary is None:
            with self._first_use:
                if self._vocabulary is None:
                    self._vocabulary = Vocabulary(c.text for c in self.review.chunks if c.kind in _PROSE_KINDS)
        return self._vocabulary

    @property
    def sections(self) -> tuple[str, ...]:
        """Top-level sections in reading order, for filters."""
        return self.filter.sections

    def search(
        self,
        query: str,
        k: int = 5,
        mode: str = "hybrid",
        kinds: list[str] | None = None,
        sections: list[str] | None = None,
    ) -> SearchResult:
        """The `k` best passages for `query`; InvalidQuery (a ValueError) on input that cannot be searched."""
        text = clean_query(query)
        k = _check_k(k)
        if mode not in MODES:
            raise InvalidQuery(f"unknown mode '{mode}'; choose one of {', '.join(MODES)}")
        expanded = expand_query(text, self.review.glossary)
        intent = reference_intent(text, self.review.references, self._common_words, self._surnames)
        eligible = self.filter.eligible(kinds, sections, intent.active, self.reference_policy)
        dense, lexical = (
            self._dense_scores(expanded),
            self.index.lexical.scores(expanded.terms, expanded.expansion_terms),
        )
        fused = fused_scores(mode, dense, lexical, eligible, self.fusion)
        boost = self._intent_boost(intent)
        scores = fused + boost if intent.numbers or intent.authors else fused
        rows = rank_by_score(scores, eligible & (scores > 0) if mode == "bm25" else eligible, k)
        hits = tuple(self._hit(rank, row, scores[row]) for rank, row in enumerate(rows, start=1))
        reusable = fused if mode == "hybrid" and self.fusion == "convex" else None
        evidence = self._evidence(text, expanded, intent, dense, lexical, eligible, reusable)
        return SearchResult(text, mode, hits, is_answerable(evidence), expanded)

    def _hit(self, rank: int, row: int, score: float) -> Hit:
        chunk = self.review.chunks[row]
        return Hit(rank, float(score), chunk, tuple(self.review.reference(n) for n in chunk.refs))

    def _dense_scores(self, expanded: ExpandedQuery) -> np.ndarray:
        """Cosine of every chunk; chunks beyond FAISS's depth get the lowest cosine it returned."""
        return dense_scores(self.index.dense, self.encoder.encode([expanded.dense_text])[0], DENSE_DEPTH)

    def _intent_boost(self, intent: ReferenceIntent) -> np.ndarray:
        """Move up the passages that cite a reference the question names by number or by author."""
        boost = np.zeros(len(self.review.chunks))
        for refs, weight in ((intent.numbers, NUMBER_BOOST), (intent.authors, AUTHOR_BOOST)):
            rows = [self._citing[n] for n in refs if n in self._citing]
            if rows:
                boost[np.unique(np.concatenate(rows))] += weight
        return boost

    def _terms_of(self, row: int) -> frozenset[str]:
        """The BM25 terms of chunk `row`, tokenised once per process rather than once per question."""
        terms = self._chunk_terms.get(row)
        if terms is None:
            terms = self._chunk_terms[row] = frozenset(tokenize(lexical_text(self.review.chunks[row])))
        return terms

    def _evidence(self, text, expanded, intent, dense, lexical, eligible, fused=None) -> Evidence:
        """Answerability evidence from the review's own passages (its reference list only when asked for).

        `fused` is the convex fusion over `eligible`, reused when the passages judged are the same chunks.
        """
        content = eligible & self._content
        if not content.any():
            content = eligible
        dense_top = float(dense[content].max()) if content.any() else 0.0
        terms = tuple(dict.fromkeys(expanded.terms))
        coverage = 0.0
        if terms and content.any():
            same = fused is not None and np.array_equal(content, eligible)
            best = rank_by_score(fused if same else convex_fuse(dense, lexical, content), content, COVERAGE_DEPTH)
            seen = set().union(*(self._terms_of(row) for row in best))
            weights = self.index.lexical.idf(terms)
            coverage = float(sum(w for t, w in zip(terms, weights, strict=True) if t in seen) / weights.sum())
        foreign = self.vocabulary.foreign_terms(text)
        return Evidence(dense_top, coverage, foreign, intent.active, asks_about_the_review(text))


def _check_k(k) -> int:
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


def _rows_citing(chunks) -> dict[int, np.ndarray]:
    """Reference number -> the rows of the chunks that cite it."""
    rows: dict[int, list[int]] = {}
    for row, chunk in enumerate(chunks):
        for n in set(chunk.refs):
            rows.setdefault(n, []).append(row)
    return {n: np.asarray(r, dtype=np.int64) for n, r in rows.items()}


def _prose_words(review: Review) -> frozenset[str]:
    """Lower-case words the review itself uses (so 'Cell' or 'Lung' is not taken for an author)."""
    words: set[str] = set()
    for chunk in review.chunks:
        if chunk.kind is not Kind.REFERENCE:
            words.update(w.casefold() for w in re.findall(r"\b[a-z][a-z-]+\b", chunk.text))
    return frozenset(words)
