"""The Python API: `Assistant.load().search(question)` -> ranked, cited passages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reviewqa.answerability import Evidence, Vocabulary, is_answerable
from reviewqa.datatypes import Chunk, Kind, Reference
from reviewqa.dense import dense_search
from reviewqa.expansion import ExpandedQuery, expand_query
from reviewqa.fuse import ordered, rank_by_score, rrf_fuse
from reviewqa.index_store import LoadedIndex, lexical_text, load_or_build
from reviewqa.paths import default_index_dir
from reviewqa.query import InvalidQuery, ReferenceIntent, clean_query, reference_intent
from reviewqa.review import Review, load_review
from reviewqa.tokenize import STOPWORDS, tokenize

MODES = ("hybrid", "dense", "bm25")
MAX_K = 50
CANDIDATE_DEPTH = 100  # how deep each ranking goes before fusion
COVERAGE_DEPTH = 3  # passages whose words count as the lexical evidence for answerability
_PROSE_KINDS = (Kind.TEXT, Kind.TABLE_ROW, Kind.FIGURE, Kind.FRONT_MATTER)  # the review's own vocabulary


@dataclass(frozen=True)
class Hit:
    """One ranked passage with the references it cites, resolved."""

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


@dataclass(frozen=True)
class SearchResult:
    """The hits for one question, and whether the review seems to answer it at all."""

    query: str
    mode: str
    hits: tuple[Hit, ...]
    answerable: bool
    expansions: tuple[tuple[str, str], ...] = ()
    terms: tuple[str, ...] = ()

    def to_json(self) -> dict:
        """The stable shape of `reviewqa ask --json`."""
        return {"query": self.query, "answerable": self.answerable, "hits": [h.to_json() for h in self.hits]}


class Assistant:
    """Hybrid (dense + BM25) search over the review's chunks."""

    def __init__(self, review: Review, index: LoadedIndex, encoder=None):
        self.review = review
        self.index = index
        self._encoder = encoder
        self._kinds = np.array([c.kind.value for c in review.chunks])
        self._tops = np.array([c.top_section for c in review.chunks])
        self._common_words = _prose_words(review) | STOPWORDS
        self._vocabulary = None

    @classmethod
    def load(cls, index_dir: Path | str | None = None, rebuild: bool = True, quiet: bool = False) -> Assistant:
        """Open (or build) the index for the bundled review; the query path never imports torch."""
        review = load_review()
        index = load_or_build(Path(index_dir) if index_dir else default_index_dir(), review, rebuild, quiet)
        return cls(review, index)

    @property
    def encoder(self):
        if self._encoder is None:
            from reviewqa.query_encoder import OnnxQueryEncoder

            self._encoder = OnnxQueryEncoder(self.index.onnx_path)
        return self._encoder

    @property
    def vocabulary(self) -> Vocabulary:
        """Built on first use: the review's prose words and the model's general vocabulary."""
        if self._vocabulary is None:
            from reviewqa.bundled_model import word_piece_tokenizer

            prose = (c.text for c in self.review.chunks if c.kind in _PROSE_KINDS)
            self._vocabulary = Vocabulary(prose, word_piece_tokenizer().get_vocab())
        return self._vocabulary

    @property
    def sections(self) -> tuple[str, ...]:
        """Top-level sections in reading order, for filters."""
        return tuple(dict.fromkeys(self._tops))

    def search(
        self,
        query: str,
        k: int = 5,
        mode: str = "hybrid",
        kinds: list[str] | None = None,
        sections: list[str] | None = None,
    ) -> SearchResult:
        """The `k` best passages for `query`; ValueError (InvalidQuery) on input that cannot be searched."""
        text = clean_query(query)
        k = _check_k(k)
        if mode not in MODES:
            raise InvalidQuery(f"unknown mode '{mode}'; choose one of {', '.join(MODES)}")
        expanded = expand_query(text, self.review.glossary)
        intent = reference_intent(text, self.review.references, self._common_words)
        eligible = self._eligible(kinds, sections, intent)
        dense_scores, lexical_scores = self._scores(expanded)
        rankings = []
        if mode in ("hybrid", "dense"):
            rankings.append(rank_by_score(dense_scores, eligible, CANDIDATE_DEPTH))
        if mode in ("hybrid", "bm25"):
            rankings.append(rank_by_score(lexical_scores, eligible, CANDIDATE_DEPTH, positive_only=True))
        rankings += self._intent_rankings(intent, eligible, rankings)
        if len(rankings) > 1:
            fused = ordered(rrf_fuse(rankings))
        else:
            own = dense_scores if mode == "dense" else lexical_scores
            fused = [(row, float(own[row])) for row in (rankings[0] if rankings else [])]
        hits = tuple(
            Hit(
                rank,
                score,
                self.review.chunks[row],
                tuple(self.review.reference(n) for n in self.review.chunks[row].refs),
            )
            for rank, (row, score) in enumerate(fused[:k], start=1)
        )
        evidence = self._evidence(text, expanded, intent, dense_scores, lexical_scores, eligible)
        return SearchResult(
            text, mode, hits, is_answerable(evidence), expanded.expansions, expanded.terms + expanded.expansion_terms
        )

    def _scores(self, expanded: ExpandedQuery) -> tuple[np.ndarray, np.ndarray]:
        """Cosine and BM25 score of every chunk for the query."""
        dense_scores = np.zeros(len(self.review.chunks), dtype=np.float32)
        vector = self.encoder.encode([expanded.dense_text])[0]
        rows, scores = dense_search(self.index.dense, vector, self.index.dense.ntotal)
        dense_scores[rows] = scores
        return dense_scores, self.index.lexical.scores(expanded.terms, expanded.expansion_terms)

    def _evidence(self, text, expanded, intent, dense_scores, lexical_scores, eligible) -> Evidence:
        """Answerability evidence from the review's own passages (its reference list only when asked for)."""
        content = eligible & (self._kinds != Kind.REFERENCE.value)
        if not content.any():
            content = eligible
        dense_top = float(dense_scores[content].max()) if content.any() else 0.0
        terms = tuple(dict.fromkeys(expanded.terms))
        coverage = 0.0
        if terms:
            fused = ordered(
                rrf_fuse(
                    [
                        rank_by_score(dense_scores, content, COVERAGE_DEPTH),
                        rank_by_score(lexical_scores, content, COVERAGE_DEPTH, positive_only=True),
                    ]
                )
            )
            seen = {t for row, _ in fused[:COVERAGE_DEPTH] for t in tokenize(lexical_text(self.review.chunks[row]))}
            weights = self.index.lexical.idf(terms)
            coverage = float(sum(w for t, w in zip(terms, weights) if t in seen) / weights.sum())
        return Evidence(dense_top, coverage, self.vocabulary.foreign_terms(text), intent.active)

    def _intent_rankings(
        self, intent: ReferenceIntent, eligible: np.ndarray, rankings: list[list[int]]
    ) -> list[list[int]]:
        """Passages citing a named reference number or author, in the order the other rankings found them."""
        wanted = set(intent.numbers) | set(intent.authors)
        if not wanted:
            return []
        best = {row: i for i, row in enumerate(ordered(rrf_fuse(rankings)))} if rankings else {}
        citing = [i for i, c in enumerate(self.review.chunks) if eligible[i] and wanted & set(c.refs)]
        citing.sort(key=lambda row: (row not in _ref_rows(self.review, intent.numbers), best.get(row, 1e9), row))
        weight = 2 if intent.numbers else 1
        return [citing] * weight

    def _eligible(self, kinds: list[str] | None, sections: list[str] | None, intent: ReferenceIntent) -> np.ndarray:
        if kinds:
            valid = {k.value for k in Kind}
            unknown = [k for k in kinds if k not in valid]
            if unknown:
                raise InvalidQuery(f"unknown kind '{unknown[0]}'; choose from {', '.join(sorted(valid))}")
            mask = np.isin(self._kinds, list(kinds))
        else:
            # The reference list competes only when the question asks for papers, authors or numbers.
            mask = self._kinds != Kind.REFERENCE.value if not intent.active else np.ones(len(self._kinds), bool)
        if sections:
            mask &= np.isin(self._tops, [self.resolve_section(s) for s in sections])
        return mask

    def resolve_section(self, name: str) -> str:
        """'4', '4.', 'references', 'Challenges' or a heading's start -> the full top-level heading."""
        wanted = name.strip().rstrip(".").casefold()
        for section in self.sections:
            number, _, title = section.partition(". ")
            if wanted and (wanted == number.casefold() or section.casefold().startswith(wanted)):
                return section
            if wanted and title.casefold().startswith(wanted):
                return section
        raise InvalidQuery(f"unknown section '{name}'; choose from {', '.join(s.split('.')[0] for s in self.sections)}")


def _ref_rows(review: Review, numbers: tuple[int, ...]) -> set[int]:
    return {i for i, c in enumerate(review.chunks) if c.kind is Kind.REFERENCE and set(c.refs) & set(numbers)}


def _check_k(k) -> int:
    if isinstance(k, bool) or not isinstance(k, int | np.integer):
        try:
            k = int(str(k).strip())
        except ValueError as exc:
            raise InvalidQuery(f"k must be a whole number, not '{k}'") from exc
    if k < 1:
        raise InvalidQuery(f"k must be at least 1, not {k}")
    return min(int(k), MAX_K)


def _prose_words(review: Review) -> frozenset[str]:
    """Lower-case words the review itself uses (so 'Cell' or 'Lung' is not taken for an author)."""
    words: set[str] = set()
    for chunk in review.chunks:
        if chunk.kind is not Kind.REFERENCE:
            words.update(w.casefold() for w in re.findall(r"\b[a-z][a-z-]+\b", chunk.text))
    return frozenset(words)
