"""A learned sentence ranker for the composed answer: gradient-boosted trees (or a logistic regression) over each
candidate sentence's features (how much of the question it covers, how close it is in meaning, where its passage
stands, how specific its words are, what the question's form prefers), trained on the training sets' answering
phrases (`benchmarks/train_ranker.py`) and shipped as JSON beside a record of its sha256, checked when loaded.

`compose` computes the raw features (`FEATURES`) of every candidate; the ranker adds the question-relative ones
(a sentence's coverage and closeness against the best candidate's) and scores the lot; the score is a
probability, so `choose`'s share-of-the-best floor and MMR read it as they read the hand-weighted sum.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import numpy as np

from reviewqa.chat.choose import Candidate
from reviewqa.chat.standalone import Unit
from reviewqa.errors import SetupProblem
from reviewqa.index.terms import tokenize
from reviewqa.model import shipped_record, verified_bytes
from reviewqa.records import Chunk
from reviewqa.search.neighbours import NEIGHBOUR_FEATURES, PLACE_FEATURES
from reviewqa.trees import BoostedTrees

RANKER_DIR = Path(__file__).resolve().parent.parent / "bundled" / "ranker"
COEFFICIENTS = "sentence_ranker.json"
RECORD = "record.json"  # how it was trained, what it measured, and the coefficients' sha256

# Against the previous answer of the conversation (all 0 for a first question): a follow-up wants something new.
# Cross-validated by file (benchmarks/train_ranker.py), 'next to a sentence shown' and 'in a passage it quoted'
# added nothing (top-1 0.790 without them, 0.788 with) and are left out.
CONVERSATION = (
    "shown",  # the previous answer showed this sentence (or one holding it)
    "shown_entities",  # the rare terms (IDF above RARE_IDF) it shares with what it showed, the question's aside
)
# The raw features `compose` computes per candidate (the order of the coefficients after RELATIVE).
FEATURES = (
    "coverage",  # the IDF-weighted share of the question's terms the sentence holds
    "closeness",  # cosine of the sentence's vector (adapted encoder) with the question's
    "inverse_rank",  # 1 / its passage's rank
    "passage_share",  # its passage's score, a share of the best passage's
    "heading",  # the share of the question its passage's headings name
    "type_fit",  # of the kind the question asks for (a reason, a figure, a study)
    "defines",  # defines what a definition question asks about
    "named",  # names a study or trial
    "named_wanted",  # … and the question asks for studies
    "acting",  # stands in a section acting on a problem
    "acting_wanted",  # … and the question asks how to act on one
    "pair",  # quoted with the sentence it points back to
    "first",  # the first sentence of its passage
    "position",  # its place in the passage, log(1 + n)
    "length",  # log of its words
    "table_row",  # a table row
    "specificity",  # the mean IDF of its terms the question does not name
    "rare_terms",  # how many of those are rare in the review (IDF above RARE_IDF), log(1 + n)
    "opening",  # the mean IDF of its first OPENING terms (a generic opening scores low)
    "spread_passage",  # passage_share when the form spreads over many passages (an overview)
    "spread_heading",  # heading when the form spreads
    "rare_coverage",  # the IDF-weighted share of the question's rare terms (IDF above RARE_IDF) the sentence holds
    "subject_opening",  # the IDF-weighted share of the question's terms its first SUBJECT_SPAN terms hold
    *CONVERSATION,
    *NEIGHBOUR_FEATURES,  # what answered similar earlier questions (search.neighbours)
    *PLACE_FEATURES,  # … in the sentence's passage, under its heading
)
# Relative to the other candidates: the best candidate's coverage / closeness less this one's; the best closeness
# among its own passage's candidates less this one's; its place among the candidates by closeness, log(1 + n).
RELATIVE = ("coverage_gap", "closeness_gap", "passage_closeness_gap", "closeness_place")
# Tried and left out, each losing when every training file is left out in turn (benchmarks/train_ranker.py --drop;
# top-1 0.809 with the features above): the question's kind of answer with a sentence's figure and 'et al' (0.806);
# these with the question's rarest term held and a sentence's closeness place within its passage and coverage place
# among the candidates (0.808). A sentence's closeness already reads its heading (index.sentences embeds it first).
ALL_NAMES = FEATURES + RELATIVE
RARE_IDF = 4.0
OPENING = 3
SUBJECT_SPAN = 8  # the terms that say what a sentence is about ('NK cells, known for …' against 'Additionally, …')


@dataclass(frozen=True)
class ShownSentences:
    """What the previous answer of the conversation showed: its sentences' texts and their rare terms."""

    texts: tuple[str, ...] = ()
    rare: frozenset[str] = frozenset()

    @classmethod
    def of(cls, texts: Sequence[str], weights) -> ShownSentences:
        """The sentences' texts as shown and their rare terms (`weights`: the index's IDF of terms)."""
        terms = tuple(dict.fromkeys(t for text in texts for t in tokenize(text)))
        rare = frozenset(t for t, w in zip(terms, weights(terms), strict=True) if float(w) > RARE_IDF)
        return cls(tuple(texts), rare)

    def features(self, unit: Unit, terms: Sequence[str], asked: set[str]) -> dict[str, float]:
        """The CONVERSATION features of a unit whose index terms are `terms` (all 0 when nothing was shown)."""
        if not self.texts:
            return dict.fromkeys(CONVERSATION, 0.0)
        shared = sum(t in self.rare and t not in asked for t in set(terms))
        return {
            "shown": float(any(unit.text in text or text in unit.text for text in self.texts)),
            "shown_entities": math.log1p(shared),
        }


NOTHING_SHOWN = ShownSentences()  # a first question's


class RowScorer(Protocol):
    """What scores one question's candidates from their raw features (the ranker; a recorder when training)."""

    def scores(self, rows: Sequence[Mapping[str, float]]) -> list[float]: ...


@dataclass(frozen=True)
class SentenceRanker:
    """Standardise (mean, scale), then the logistic function of the weighted sum: each candidate's probability of
    holding the answer."""

    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def scores(self, rows: Sequence[Mapping[str, float]]) -> list[float]:
        if not rows:
            return []
        x = (design_matrix(rows, self.names) - self.mean) / self.scale
        return [1.0 / (1.0 + math.exp(-float(z))) for z in x @ self.weights + self.bias]

    def to_json(self) -> dict:
        return {
            "features": list(self.names),
            "mean": [round(float(v), 8) for v in self.mean],
            "scale": [round(float(v), 8) for v in self.scale],
            "weights": [round(float(v), 8) for v in self.weights],
            "bias": round(self.bias, 8),
        }

    @classmethod
    def from_json(cls, data: Mapping) -> SentenceRanker:
        names = tuple(data["features"])
        _check_names(names)
        arrays = [np.asarray(data[key], dtype=float) for key in ("mean", "scale", "weights")]
        if any(a.shape != (len(names),) for a in arrays):
            raise ValueError("a coefficient list has the wrong length")
        return cls(names, arrays[0], arrays[1], arrays[2], float(data["bias"]))


@dataclass(frozen=True)
class TreeRanker:
    """Gradient-boosted trees (scikit-learn's HistGradientBoosting, exported; scored by `reviewqa.trees`, all
    candidates at once): the logistic function of the baseline plus each tree's leaf value. Trees see what a
    weighted sum cannot: a passage's first sentence answers a definition and opens a mechanism's passage."""

    names: tuple[str, ...]
    model: BoostedTrees

    @property
    def trees(self) -> tuple[np.ndarray, ...]:
        """Per tree, rows of (feature, threshold, left, right, value); feature -1: a leaf."""
        return self.model.trees

    def scores(self, rows: Sequence[Mapping[str, float]]) -> list[float]:
        if not rows:
            return []
        return [float(p) for p in self.model.probabilities(design_matrix(rows, self.names))]

    def to_json(self) -> dict:
        return {"model": "trees", "features": list(self.names), **self.model.to_json()}

    @classmethod
    def from_json(cls, data: Mapping) -> TreeRanker:
        names = tuple(data["features"])
        _check_names(names)
        return cls(names, BoostedTrees.from_json(data, len(names)))


def _check_names(names: tuple[str, ...]) -> None:
    """ValueError unless the names are features compose computes, in their order."""
    if not names or any(n not in ALL_NAMES for n in names) or list(names) != sorted(names, key=ALL_NAMES.index):
        raise ValueError("its features are not the ones compose computes")


def ranker_from_json(data: Mapping) -> SentenceRanker | TreeRanker:
    """The ranker a coefficients file describes: trees, or a logistic regression's weights."""
    return TreeRanker.from_json(data) if data.get("model") == "trees" else SentenceRanker.from_json(data)


def design_matrix(rows: Sequence[Mapping[str, float]], names: Sequence[str] | None = None) -> np.ndarray:
    """One question's candidates as a matrix: the raw features, then those relative to the best candidate's (only
    the columns `names`, in ALL_NAMES order, when given: a ranker fitted on fewer features)."""
    raw = np.array([[float(row[name]) for name in FEATURES] for row in rows], dtype=float)
    coverage, closeness = (raw[:, FEATURES.index(name)] for name in ("coverage", "closeness"))
    passage = raw[:, FEATURES.index("inverse_rank")]  # one value per passage
    in_passage = np.array([closeness[passage == p].max() for p in passage]) - closeness
    place = np.log1p(np.argsort(np.argsort(-closeness, kind="stable"), kind="stable"))
    relative = np.stack([coverage.max() - coverage, closeness.max() - closeness, in_passage, place], axis=1)
    full = np.hstack([raw, relative])
    return full if names is None else full[:, [ALL_NAMES.index(name) for name in names]]


def coefficients_sha256(path: Path | None = None) -> str:
    return hashlib.sha256((path or RANKER_DIR / COEFFICIENTS).read_bytes()).hexdigest()


def ranker_record() -> dict:
    """The shipped ranker's record: training sets and settings, cross-validated figures, the coefficients' sha256."""
    return shipped_record(RANKER_DIR / RECORD, "the sentence ranker")


@functools.cache
def sentence_ranker() -> SentenceRanker | TreeRanker:
    """The shipped ranker, its coefficients checked against their recorded sha256 (SetupProblem, in one line, when
    they are missing, changed or unreadable)."""
    path = RANKER_DIR / COEFFICIENTS
    data = verified_bytes(path, ranker_record().get("coefficients_sha256"), "the sentence ranker's coefficients file")
    try:
        return ranker_from_json(json.loads(data.decode("utf-8")))
    except (ValueError, KeyError, TypeError) as exc:
        raise SetupProblem(f"the sentence ranker's coefficients {path} cannot be read: {exc}") from exc


def term_features(found: set[str], opening: set[str], weight: Mapping[str, float], total: float) -> dict[str, float]:
    """How much of the question's rare terms a unit holds (`found`), and of its terms the unit's opening holds."""
    rare = {t: w for t, w in weight.items() if w > RARE_IDF}
    return {
        "rare_coverage": math.fsum(rare[t] for t in found & rare.keys()) / (math.fsum(rare.values()) or 1.0),
        "subject_opening": math.fsum(weight[t] for t in opening if t in weight) / total,
    }


def word_features(text: str, position: int, asked: set[str], weights) -> dict[str, float]:
    """Where the unit stands in its passage, how long it is, how specific its words are beside the question's."""
    sequence = tokenize(text)
    unasked = tuple(dict.fromkeys(t for t in sequence if t not in asked))
    idf = [float(v) for v in weights(unasked)] if unasked else []
    opening = tuple(sequence[:OPENING])
    opening_idf = [float(v) for v in weights(opening)] if opening else [0.0]
    return {
        "first": float(position == 0),
        "position": math.log1p(position),
        "length": math.log(max(1, len(text.split()))),
        "specificity": sum(idf) / len(idf) if idf else 0.0,
        "rare_terms": math.log1p(sum(v > RARE_IDF for v in idf)),
        "opening": sum(opening_idf) / len(opening_idf),
    }


def unit_vector(vectors, chunk: Chunk, unit: Unit) -> np.ndarray | None:
    """A unit's embedding (its closeness feature); for a sentence pointing back, its two sentences' vectors
    together."""
    if vectors is None:
        return None
    if not unit.antecedent:
        return vectors(chunk, unit.text)
    parts = [vectors(chunk, unit.antecedent), vectors(chunk, unit.text[len(unit.antecedent) :].strip())]
    known = [v for v in parts if v is not None]
    if not known:
        return None
    joined = np.sum(known, axis=0)
    return joined / (np.linalg.norm(joined) or 1.0)


def rescored(
    found: list[Candidate],
    rows: list[dict],
    ranker: RowScorer | None,
    reading: Callable[[str], float] | None,
    weight: float,
) -> list[Candidate]:
    """The learned score in place of the hand-weighted one, and the reader's joined (reader_sentences, x `weight`)."""
    if ranker is not None:
        found = [replace(c, sentence=replace(c.sentence, score=s)) for c, s in zip(found, ranker.scores(rows))]
    return [_with_reading(c, reading, weight) for c in found] if reading is not None else found


def _with_reading(candidate: Candidate, reading: Callable[[str], float], weight: float) -> Candidate:
    """The candidate with the reader's score of its unit added (x `weight`); of a sentence quoted with the one it
    points back to, the better of the two."""
    sentence = candidate.sentence
    parts = [sentence.text]
    if sentence.antecedent:
        parts = [sentence.antecedent, sentence.text[len(sentence.antecedent) :].strip()]
    read = max(reading(part) for part in parts)
    return replace(candidate, sentence=replace(sentence, score=sentence.score + weight * read))
