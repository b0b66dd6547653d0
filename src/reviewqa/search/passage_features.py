"""What the passage ranker (search.passage_ranker) reads of each of a search's top passages: how retrieval scored
it (the final score and rank, the dense cosine, BM25, the fusion), how close its best sentences come to the
question, how much of the question's rare terms and headings it holds, what kind of passage it is, and what kind
of question asks (which study, a definition, a number, who) — one row per passage, computed for all of them at
once with numpy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from reviewqa.corpus.review import Review
from reviewqa.index.lexical import lexical_text
from reviewqa.index.store import LoadedIndex
from reviewqa.index.terms import tokenize
from reviewqa.records import ABSTRACT_ID, Kind
from reviewqa.search.definitions import DefinitionFinder, definition_subject, subject_forms
from reviewqa.search.neighbours import NEIGHBOUR_FEATURES, Neighbours
from reviewqa.search.priors import ChunkPriors, about_the_document
from reviewqa.search.scoring import Scored
from reviewqa.search.shown_features import CONVERSATION_FEATURES

PASSAGE_DEPTH = 20  # the top passages the ranker reorders (measured: 10, 20, 30 and 40 in its record)
RARE_IDF = 3.0  # a question term in at most ~1 chunk in 20: what names the subject
QUESTION_TERMS = 32  # a question's first terms read (a pasted paragraph is not a question)
GAP_DEPTH = 10  # gaps are measured to the best of retrieval's first this many (the same whatever the depth read)
_NUMBER_QUESTION = re.compile(
    r"\bhow\s+(?:many|much|long|often|high|low)\b|\bpercent\w*|%|\brates?\b|\bmedian\b|\bmonths?\b|\bratios?\b|"
    r"\bnumbers?\b|\bfigures?\b|\bstatistic\w*|\bproportion\b|\bfold\b|\bhazard\b|\bsurvival\b|\bhow\s+well\b",
    re.I,
)
_WHO_QUESTION = re.compile(
    r"\bwho\b|\bwhich\s+(?:group|team|authors?|researchers|investigators|lab)\b|\bet\s+al\b|\bwhose\b", re.I
)
_STUDY_QUESTION = re.compile(r"\b(?:studies|study|trials?|tables?|listed|phase|cohort|patients)\b", re.I)
_LIST_QUESTION = re.compile(r"^\s*(?:list|name|which|what\s+(?:are|were)\s+the|what\s+\w+\s+(?:are|were))\b", re.I)
_NUMBER = re.compile(r"\d+(?:\.\d+)?\s*%|\b\d+\.\d+\b|\b(?:19|20)\d\d\b")

QUESTION_FEATURES = (
    "q_definition",  # a definition question ('what are TILs?')
    "q_number",  # asks for a number (a rate, months, how many)
    "q_who",  # asks who found it (authors, a group, et al)
    "q_study",  # names studies, trials, tables or patients
    "q_list",  # asks for several things ('which…', 'what are the…')
    "q_document",  # about the review itself (its authors, funding)
    "q_unknown",  # the share of its terms the review never uses (everyday wording)
    "q_terms",  # log(1 + its terms)
    "q_followup",  # read with the conversation (a follow-up)
    "q_named",  # names a reference by number or author ('ref 66', 'Kong et al')
)
PASSAGE_FEATURES = (
    "score",  # the final retrieval score (fusion, priors, boosts, conversation)
    "score_share",  # … as a share of the best candidate's
    "rank",  # log(1 + its place in retrieval's order)
    "dense",  # the cosine the search used (the better of the passage's and its best sentence's)
    "dense_gap",  # the best candidate's cosine less its own
    "dense_rank",  # log(1 + its place among all passages by cosine)
    "passage_cosine",  # the whole passage's own cosine
    "bm25",  # BM25 (with feedback terms) as a share of the best passage's
    "bm25_rank",  # log(1 + its place among all passages by BM25)
    "fused",  # the dense + BM25 fusion of the question as read
    "lift",  # the final score less the fusion: what priors, boosts and the conversation added
    "best_sentence",  # its best sentence's cosine (the passage's own when it has no sentence vectors)
    "top2_sentences",  # the mean of its two best sentences' cosines
    "sentence_gap",  # the best candidate's best sentence less its own
    "sentences",  # log(1 + its sentences with vectors)
    "coverage",  # the IDF-weighted share of the question's terms it holds
    "coverage_gap",  # the best candidate's coverage less its own
    "rare_coverage",  # the IDF-weighted share of the question's rare terms it holds
    "rare_missing",  # how many of the question's rare terms it lacks
    "heading",  # the IDF-weighted share of the question's terms its headings hold
    "defines",  # the definition boost it has for a definition question
    "prior",  # its kind's prior for this question (metadata, reference entries)
    "named",  # cites a reference the question names by number or author
    "text",  # a prose paragraph
    "table_row",  # a row of Tables I-III
    "figure",  # a figure caption
    "reference",  # a reference entry
    "matter",  # title page or declarations
    "abstract",  # the abstract
    "length",  # log of its words
    "cites",  # log(1 + the references it cites)
    "numbers",  # log(1 + its numbers: percentages, decimals, years)
)
MESSAGE_FEATURES = (  # a follow-up's own words, not the question as read ('any numbers on that?'); the same for others
    "m_dense",  # the message alone's cosine
    "m_sentence",  # its best sentence's cosine with the message alone
    "m_sentence_gap",  # the best candidate's less its own
    "m_bm25",  # the message alone's BM25 as a share of the best passage's
)
FEATURES = PASSAGE_FEATURES + QUESTION_FEATURES + CONVERSATION_FEATURES + MESSAGE_FEATURES + NEIGHBOUR_FEATURES


@dataclass(frozen=True)
class Candidates:
    """One search's top passages (chunk rows, retrieval's order) and the scores it ranked them by."""

    question: str
    rows: tuple[int, ...]
    scores: np.ndarray  # the final score of every chunk
    main: Scored  # the question as read: its dense, lexical and fused scores, its vector
    followup: bool
    named: np.ndarray | None = None  # per chunk, above 0 when it cites a reference the question names (number, author)
    conversation: np.ndarray | None = None  # per chunk, its CONVERSATION_FEATURES (None: read on its own)
    alone: Scored | None = None  # a follow-up's message searched alone (None: the question as read is the message)


class PassageFeatures:
    """The features of a review's passages for a question; the per-passage tables are built once."""

    def __init__(
        self,
        review: Review,
        index: LoadedIndex,
        definitions: DefinitionFinder,
        priors: ChunkPriors,
        neighbours: Callable[[], Neighbours],
    ):
        self.review = review
        self.neighbours = neighbours  # the memory of earlier questions (the assistant's, opened on first use)
        self.index = index
        self.definitions = definitions
        self.priors = priors
        chunks = review.chunks
        texts = [tokenize(lexical_text(c)) for c in chunks]
        headings = [tokenize(" ".join(c.section_path)) for c in chunks]
        self._vocab = {term: n for n, term in enumerate(dict.fromkeys(t for doc in texts + headings for t in doc))}
        self._terms, self._headings = self._presence(texts), self._presence(headings)
        self._idf = _idf(self._terms)
        self._passages = index.dense.reconstruct_n(0, index.dense.ntotal)
        self._sentences = index.sentences.reconstruct_n(0, index.sentences.ntotal)
        self._sentence_rows = np.asarray(index.sentence_rows, dtype=np.intp)
        self._static = np.array([_static(c) for c in chunks], dtype=float)

    def _presence(self, documents: Sequence[Sequence[str]]) -> np.ndarray:
        """Chunks x terms: whether the chunk holds the term (the last column: a term no chunk holds)."""
        table = np.zeros((len(documents), len(self._vocab) + 1), dtype=bool)  # the last column: an unknown term
        for row, terms in enumerate(documents):
            table[row, [self._vocab[t] for t in terms]] = True
        return table

    def matrix(self, found: Candidates) -> np.ndarray:
        """One row of FEATURES per candidate, in the candidates' order."""
        rows = np.asarray(found.rows, dtype=np.intp)
        terms = list(dict.fromkeys(tokenize(found.question, QUESTION_TERMS)))
        ids = np.array([self._vocab.get(t, self._terms.shape[1] - 1) for t in terms], dtype=np.intp)
        passage = np.column_stack(
            [self._retrieval(found, rows), self._closeness(found, rows), self._terms_held(rows, ids)]
        )
        named = np.zeros(len(rows)) if found.named is None else (found.named[rows] > 0).astype(float)
        passage = np.column_stack([passage, self._defines(found.question, rows), self._prior(found.question, rows)])
        passage = np.column_stack([passage, named])
        question = self._question(found, ids)
        asked = np.broadcast_to(question, (len(rows), len(question)))
        placed = found.conversation
        shown = np.zeros((len(rows), len(CONVERSATION_FEATURES))) if placed is None else placed[rows]
        support = self.neighbours().support(_vector(found.main)).of_rows(rows.tolist())
        return np.hstack([passage, self._static[rows], asked, shown, self._message(found, rows), support])

    def _message(self, found: Candidates, rows: np.ndarray) -> np.ndarray:
        """The message alone's cosine, best sentence, its gap to the best candidate's, and BM25 share."""
        alone = found.alone or found.main
        closeness = self._closeness(replace(found, main=alone), rows)
        lexical = alone.lexical.astype(float)
        return np.column_stack(
            [alone.dense[rows], closeness[:, :1], closeness[:, 2:3], lexical[rows] / (lexical.max() or 1.0)]
        )

    def _retrieval(self, found: Candidates, rows: np.ndarray) -> np.ndarray:
        main, scores = found.main, found.scores[rows]
        dense, lexical = main.dense.astype(float), main.lexical.astype(float)
        top = float(scores[0]) if len(scores) else 0.0
        best_lexical = float(lexical.max()) or 1.0
        columns = [
            scores,
            scores / top if top > 0 else np.zeros_like(scores),
            np.log1p(np.arange(len(rows))),
            dense[rows],
            dense[rows][:GAP_DEPTH].max() - dense[rows],
            np.log1p(_places(dense, rows)),
            self._passages[rows] @ _vector(main),
            lexical[rows] / best_lexical,
            np.log1p(_places(lexical, rows)),
            main.fused[rows],
            scores - main.fused[rows],
        ]
        return np.column_stack(columns)

    def _closeness(self, found: Candidates, rows: np.ndarray) -> np.ndarray:
        """Best sentence, mean of the best two, the gap to the best candidate's, how many sentences."""
        cosines = self._sentences @ _vector(found.main)
        own = self._passages[rows] @ _vector(found.main)
        order = np.lexsort((-cosines, self._sentence_rows))
        by_row, sorted_cos = self._sentence_rows[order], cosines[order]
        starts = np.searchsorted(by_row, rows, side="left")
        ends = np.searchsorted(by_row, rows, side="right")
        counts = ends - starts
        first = np.where(counts > 0, sorted_cos[np.minimum(starts, len(sorted_cos) - 1)], own)
        second = np.where(counts > 1, sorted_cos[np.minimum(starts + 1, len(sorted_cos) - 1)], first)
        return np.column_stack([first, (first + second) / 2, first[:GAP_DEPTH].max() - first, np.log1p(counts)])

    def _terms_held(self, rows: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Coverage, its gap to the best candidate's, rare coverage, rare terms missing, heading share."""
        if not len(ids):
            return np.zeros((len(rows), 5))
        weight = self._idf[ids]
        held = self._terms[np.ix_(rows, ids)]
        coverage = held @ weight / weight.sum()
        rare = weight > RARE_IDF
        rare_weight = np.where(rare, weight, 0.0)
        rare_coverage = held @ rare_weight / rare_weight.sum() if rare.any() else np.ones(len(rows))
        missing = (~held & rare).sum(axis=1)
        heading = self._headings[np.ix_(rows, ids)] @ weight / weight.sum()
        return np.column_stack([coverage, coverage[:GAP_DEPTH].max() - coverage, rare_coverage, missing, heading])

    def _defines(self, question: str, rows: np.ndarray) -> np.ndarray:
        subject = definition_subject(question)
        if subject is None:
            return np.zeros(len(rows))
        return self.definitions.boost(subject_forms(subject, self.review.glossary))[rows]

    def _prior(self, question: str, rows: np.ndarray) -> np.ndarray:
        prior = self.priors.for_question(question)
        return np.ones(len(rows)) if prior is None else prior[rows]

    def _question(self, found: Candidates, ids: np.ndarray) -> np.ndarray:
        text = found.question
        unknown = float(np.mean(ids == self._terms.shape[1] - 1)) if len(ids) else 0.0
        return np.array(
            [
                definition_subject(text) is not None,
                bool(_NUMBER_QUESTION.search(text)),
                bool(_WHO_QUESTION.search(text)),
                bool(_STUDY_QUESTION.search(text)),
                bool(_LIST_QUESTION.search(text)),
                about_the_document(text),
                unknown,
                np.log1p(len(ids)),
                found.followup,
                found.named is not None and bool(found.named.any()),
            ],
            dtype=float,
        )


def _vector(main: Scored) -> np.ndarray:
    if main.vector is None:
        raise ValueError("the passage ranker reads a dense search: the question has no vector")
    return np.asarray(main.vector, dtype=np.float32)


def _places(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Each row's place among all chunks by `values` (0 for the best; ties share the better place)."""
    finite = np.where(np.isfinite(values), values, -np.inf)
    return (finite[None, :] > finite[rows][:, None]).sum(axis=1).astype(float)


def _idf(presence: np.ndarray) -> np.ndarray:
    """log((N + 1) / (df + 0.5)) of every term of the presence table (an unknown term: the highest)."""
    frequency = presence.sum(axis=0).astype(float)
    return np.log((len(presence) + 1) / (frequency + 0.5))


def _static(chunk) -> list[float]:
    """The features of a passage that no question changes: its kind, length, citations, numbers."""
    kind = chunk.kind
    return [
        kind is Kind.TEXT,
        kind is Kind.TABLE_ROW,
        kind is Kind.FIGURE,
        kind is Kind.REFERENCE,
        kind in (Kind.FRONT_MATTER, Kind.BACK_MATTER) and chunk.id != ABSTRACT_ID,
        chunk.id == ABSTRACT_ID,
        np.log(max(1, len(chunk.text.split()))),
        np.log1p(len(chunk.refs)),
        np.log1p(len(_NUMBER.findall(chunk.text))),
    ]
