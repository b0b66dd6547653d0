"""The Python API: `Assistant.load().search(question)` -> ranked, cited passages."""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from reviewqa.choices import Fusion, Mode, ReferencePolicy
from reviewqa.corpus.review import Review, load_review
from reviewqa.errors import IndexUnusable
from reviewqa.index.interfaces import QueryEncoder
from reviewqa.index.lexical import ChunkTerms
from reviewqa.index.manifest import index_problems
from reviewqa.index.sentences import SentenceVectors
from reviewqa.index.store import LoadedIndex, load_or_build, open_index
from reviewqa.index.terms import tokenize
from reviewqa.paths import default_index_dir
from reviewqa.search.answerability import AnswerabilityJudge, Verdict
from reviewqa.search.context import leans_on_conversation, read_in_conversation, search_texts
from reviewqa.search.definitions import DefinitionFinder, definition_subject, subject_forms
from reviewqa.search.filters import ChunkFilter
from reviewqa.search.fusion import rank_by_score
from reviewqa.search.history import EarlierTurn, readable_turns
from reviewqa.search.neighbours import NO_NEIGHBOURS, Neighbours, shipped_neighbours
from reviewqa.search.passage_features import PassageFeatures
from reviewqa.search.passage_ranker import PASSAGE_DEPTH, PassageRanker
from reviewqa.search.priors import ChunkPriors
from reviewqa.search.priors import apply as apply_prior
from reviewqa.search.query import (
    MAX_K,
    ReferenceIntent,
    author_index,
    checked_k,
    clean_query,
    common_words,
    reference_intent,
    rows_citing,
)
from reviewqa.search.reading import (
    FLAG_FLOOR,
    RERANK_DEPTH,
    SentenceReader,
    best_sentence_scores,
    flag_message,
    rerank,
)
from reviewqa.search.results import Hit, SearchResult, hit_for
from reviewqa.search.scoring import Scorer, lift_siblings, mix
from reviewqa.search.shown import Shown, apply_shown
from reviewqa.search.shown_features import ConversationFeatures
from reviewqa.search.study_pairs import StudyPairs
from reviewqa.search.techniques import Techniques
from reviewqa.search.vocabulary import english_zipf

__all__ = ["MAX_K", "Assistant", "Hit", "SearchResult", "Techniques"]

NUMBER_BOOST = 1.0  # 'ref 66' / '[66]': passages citing 66 (and the entry itself) come first
AUTHOR_BOOST = 0.3  # 'Kong et al': passages citing the named author's papers move up
TOPICAL_CHUNKS = 20  # a word in at most this many chunks is specific enough to be a subject of its own
TOPICAL_ZIPF = 4.5  # … unless it is an everyday English word ('numbers', 'treatment')
MAX_HISTORY = 10  # earlier messages a question is read after; older ones no longer change how it reads
WARM_UP_QUESTION = "How do CAFs block drug delivery?"  # opens every part a first answer needs (the words' tables)
_PRELOADED: dict[Path, Assistant] = {}  # by index folder: what `preload` opened, for the next `Assistant.load`
_PRELOADING = threading.Lock()


class Assistant:
    """Hybrid (dense + BM25) search over the review's chunks; one instance serves concurrent searches."""

    def __init__(
        self,
        review: Review,
        index: LoadedIndex,
        encoder: QueryEncoder | None = None,
        *,
        fusion: Fusion | str = Fusion.CONVEX,
        references: ReferencePolicy | str = ReferencePolicy.GATED,
        techniques: Techniques | None = None,
        reader: SentenceReader | None = None,
    ):
        self.review = review
        self.index = index
        self.fusion = Fusion.parse(fusion)
        self.reference_policy = ReferencePolicy.parse(references)
        self.techniques = techniques or Techniques()
        self.filter = ChunkFilter(review.chunks)
        chunk_terms = ChunkTerms(review.chunks)  # tokenised on first use, shared by feedback and answerability
        self.judge = AnswerabilityJudge(review, index.lexical, chunk_terms)
        self.scorer = Scorer(review, index, lambda: self.encoder, self.techniques, self.fusion, chunk_terms)
        self.priors = ChunkPriors(review)
        self.definitions = DefinitionFinder(review)
        self.study_pairs = StudyPairs(review)
        self.passage_ranker = PassageRanker(
            lambda: PassageFeatures(review, index, self.definitions, self.priors, lambda: self.neighbours),
            self._intent_boost,
            on=self.techniques.passage_ranker,
        )
        self._encoder = encoder
        self._reader = reader
        self._reader_opened = reader is not None
        self._sentence_vectors: SentenceVectors | None = None
        self._first_use = threading.RLock()  # the encoder is opened once, however many threads ask
        self._common_words = common_words(review.chunks)
        self._surnames = author_index(review.references)  # precomputed once: a query loops over no chunk
        self._citing = rows_citing(review.chunks)

    @functools.cached_property
    def shown(self) -> Shown:
        """What the earlier answers showed, for follow-ups: built by the first search that leans on them."""
        return Shown(self.review, self.study_pairs.pairs)

    @functools.cached_property
    def neighbours(self) -> Neighbours:
        """The memory of earlier questions both rankers read (search.neighbours): opened on first use; empty when
        the technique is off."""
        return shipped_neighbours(tuple(self.review.chunks)) if self.techniques.neighbours else NO_NEIGHBOURS

    @functools.cached_property
    def conversation_features(self) -> ConversationFeatures:
        """Each passage's place in the conversation, for the passage ranker: built by the first follow-up."""
        return ConversationFeatures(self.shown, self.study_pairs.pairs)

    @classmethod
    def load(cls, index_dir: Path | str | None = None, *, rebuild: bool = True, quiet: bool = False) -> Assistant:
        """Open (or build) the index for the bundled review (or take the one `preload` opened); answering never
        imports torch."""
        folder = Path(index_dir) if index_dir else default_index_dir()
        with _PRELOADING:
            preloaded = _PRELOADED.pop(folder.resolve(), None)
        if preloaded is not None and cls is Assistant and not index_problems(folder, preloaded.review):
            return preloaded
        review = load_review()
        return cls(review, load_or_build(folder, review, rebuild, quiet))

    @property
    def encoder(self) -> QueryEncoder:
        """The ONNX query encoder, opened on first use (its session's run() is thread-safe)."""
        if self._encoder is None:
            with self._first_use:
                if self._encoder is None:
                    self._encoder = self._open_encoder()
        return self._encoder

    def _open_encoder(self) -> QueryEncoder:
        from reviewqa.index.encoder import OnnxQueryEncoder, SentenceTransformerQueryEncoder, requested_encoder

        if requested_encoder() == "sentence-transformers":  # benchmarks only
            return SentenceTransformerQueryEncoder()
        try:
            return OnnxQueryEncoder(self.index.onnx_path)
        except Exception as exc:  # onnxruntime cannot read the graph
            raise IndexUnusable(
                f"the query encoder {self.index.onnx_path} is unreadable ({type(exc).__name__}); "
                f"run `reviewqa build` to rebuild the index"
            ) from exc

    @property
    def reader(self) -> SentenceReader | None:
        """The reader (a cross-encoder trained on the review), opened on first use; None when no reader technique
        is on or no reader is installed."""
        techniques = self.techniques
        if not (techniques.reader_rerank or techniques.reader_sentences or techniques.reader_flag):
            return None
        if not self._reader_opened:
            with self._first_use:
                if not self._reader_opened:
                    from reviewqa.index.reader import Reader, reader_available

                    self._reader = Reader() if reader_available() else None
                    self._reader_opened = True
        return self._reader

    @property
    def sentence_vectors(self) -> SentenceVectors:
        """The index's vectors of the review's sentences, by sentence (built on first use)."""
        if self._sentence_vectors is None:
            with self._first_use:
                if self._sentence_vectors is None:
                    self._sentence_vectors = SentenceVectors(self.review, self.index.sentences, self.index.dense)
        return self._sentence_vectors

    @property
    def sections(self) -> tuple[str, ...]:
        """Top-level sections in reading order, for filters."""
        return self.filter.sections

    def search(
        self,
        query: str,
        *,
        k: int = 5,
        mode: Mode | str = Mode.HYBRID,
        kinds: list[str] | None = None,
        sections: list[str] | None = None,
        history: Sequence[str | Mapping | EarlierTurn] = (),
    ) -> SearchResult:
        """The `k` best passages for `query`, read after the earlier turns of `history` (oldest first: questions, or
        `{"question", "answer_chunk_ids", "answer_sentences"}` with what each answer showed); InvalidQuery on input
        that cannot be searched."""
        typed, k, mode = clean_query(query), checked_k(k), Mode.parse(mode)
        text = self.judge.speller.correct(typed)[0] if self.techniques.spelling else typed
        turns = readable_turns(history, MAX_HISTORY) if self.techniques.conversation else []
        earlier = [t.question for t in turns]
        reading = read_in_conversation(text, earlier, self._topical)
        intent = reference_intent(reading.question, self.review.references, self._common_words, self._surnames)
        judged_over = eligible = self.filter.eligible(kinds, sections, intent.active, self.reference_policy)
        table = None  # the question's own words, not earlier turns'; what it asks is judged over the whole review
        if self.techniques.named_table and not (kinds or sections):
            eligible, table = self.filter.in_named_table(text, eligible)
        grounding = self.techniques.grounding and leans_on_conversation(text, reading, earlier)
        reading = self.shown.regrounded(reading, turns, text) if grounding else reading
        texts = search_texts(text, reading) if self.techniques.conversation else [(reading.question, 1.0)]
        texts += self.shown.search_texts(turns, text) if grounding else []
        scored = [(self.scorer.score(t, mode, eligible), weight) for t, weight in texts]
        main = scored[0][0]
        scores = self._adjust(mix(scored, eligible), reading.question, mode, intent)
        if grounding:
            scores = apply_shown(scores, self.shown.prior(turns, text))
        rows = rank_by_score(scores, eligible & (scores > 0) if mode is Mode.BM25 else eligible, max(k, PASSAGE_DEPTH))
        placed = self.conversation_features.matrix(turns, text) if grounding and self.passage_ranker.on else None
        alone = next((s for s, _ in scored[1:] if s.text == text), None)  # a follow-up's own words, searched alone
        rows, scores = self.passage_ranker.order(mode, reading, rows, scores, main, grounding, intent, placed, alone)
        leans = leans_on_conversation(text, reading, earlier)
        standalone = mode is Mode.HYBRID and not (reading.followup or leans)  # the reader reads questions alone
        best = self._read(reading.question, rows) if standalone else None
        read = [self.review.chunks[r] for r in rows[:RERANK_DEPTH]]  # in the order `best` scores them
        if best is not None and self.techniques.reader_rerank:
            rows = [*rerank(rows[:RERANK_DEPTH], scores, best), *rows[RERANK_DEPTH:]]
        rows = rows[:k]
        hits = tuple(
            hit_for(self.review, self.review.chunks[row], rank, float(scores[row]))
            for rank, row in enumerate(rows, start=1)
        )
        convex = mode is Mode.HYBRID and self.fusion is Fusion.CONVEX
        reusable = main.fused if convex and table is None else None  # fused over the whole review
        judged = self.judge.judge(
            reading.question, main.expanded, intent, (main.dense, main.lexical), judged_over, reusable, leans
        )
        read_as = self.shown.read_as(reading, turns, text) if grounding else reading
        if judged.answerable and best is not None and self.techniques.reader_flag and best.max() < FLAG_FLOOR:
            judged = Verdict(False, flag_message(reading.question, read, best))
        return SearchResult(
            typed, mode.value, hits, judged.answerable, main.expanded, read_as, judged.missing, main.vector, table
        )

    def _read(self, question: str, rows: Sequence[int]) -> np.ndarray | None:
        """The reader's best-sentence score of each of the top RERANK_DEPTH passages, when a use of it is on."""
        if not (self.techniques.reader_rerank or self.techniques.reader_flag) or self.reader is None:
            return None
        return best_sentence_scores(self.reader, question, [self.review.chunks[r] for r in rows[:RERANK_DEPTH]])

    def _adjust(self, scores: np.ndarray, question: str, mode: Mode, intent: ReferenceIntent) -> np.ndarray:
        """The mixed scores with the kinds' priors, the definition boost, split paragraphs lifted, references named,
        a study's prose and table row in the question's order."""
        if self.techniques.priors:
            scores = apply_prior(scores, self.priors.for_question(question))
        subject = definition_subject(question) if self.techniques.definitions else None
        if subject is not None and mode is not Mode.BM25:
            scores = scores + self.definitions.boost(subject_forms(subject, self.review.glossary))
        if self.scorer.siblings:
            scores = lift_siblings(scores, self.scorer.siblings)
        if intent.numbers or intent.authors:
            scores = scores + self._intent_boost(intent)
        return self.study_pairs.order(scores, question) if self.techniques.study_pairs else scores

    def _topical(self, word: str) -> bool:
        """A word that names a subject of the review by itself: rare in English, in a few of its chunks."""
        terms = tokenize(word)
        if len(word) < 4 or not terms:
            return False
        frequency = self.index.lexical.document_frequency(terms[0])
        return 0 < frequency <= TOPICAL_CHUNKS and english_zipf(word) < TOPICAL_ZIPF

    def _intent_boost(self, intent: ReferenceIntent) -> np.ndarray:
        """Move up the passages that cite a reference the question names by number or by author."""
        boost = np.zeros(len(self.review.chunks))
        for refs, weight in ((intent.numbers, NUMBER_BOOST), (intent.authors, AUTHOR_BOOST)):
            rows = [self._citing[n] for n in refs if n in self._citing]
            if rows:
                boost[np.unique(np.concatenate(rows))] += weight
        return boost


def preload(index_dir: Path | str | None = None) -> None:
    """Load now what a first answer needs: the parsed review, general English word frequencies and, when the index
    is ready, an Assistant on it, its encoder opened and one search run; the next `Assistant.load` of that folder
    takes it. `reviewqa serve` runs this in a thread while Gradio imports, so its first answer waits for neither."""
    review = load_review()
    english_zipf("the")
    folder = Path(index_dir) if index_dir else default_index_dir()
    with contextlib.suppress(IndexUnusable):  # missing or stale: `reviewqa serve` builds it, in its own process
        assistant = Assistant(review, open_index(folder, review))
        assistant.search(WARM_UP_QUESTION)
        with _PRELOADING:
            _PRELOADED[folder.resolve()] = assistant
