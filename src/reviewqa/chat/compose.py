"""A short written answer made only of the review's own sentences: 1-5 of them, verbatim, each with the references
it prints, chosen from the top passages for coverage of the question with redundancy removed.

Each sentence of the top passages is scored by how much of the question it covers (its IDF-weighted terms, a
glossary name standing for its other name) and how close it is in meaning (its vector in the index beside the
question's), with a small preference for better-ranked passages and, for a definition question, for the sentence
that defines the thing. Sentences are then taken greedily by maximal marginal relevance (a sentence too like one
already taken is passed over), up to four — five, one per distinct point, for a question that asks what drives or
which — and within a word budget; they are shown in passage rank, then reading order. A table row is one unit: its
cells, as the review's table prints them. Nothing is cut, rewritten or added.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np

from reviewqa.chat.answer_types import expected_type, fits
from reviewqa.corpus.citation_marks import cited_refs
from reviewqa.index.terms import tokenize
from reviewqa.records import Chunk, Kind
from reviewqa.search.expansion import ExpandedQuery
from reviewqa.search.priors import about_the_document
from reviewqa.search.reading import answer_units
from reviewqa.search.results import Hit

ANSWER_DEPTH = 5  # sentences are taken from this many top passages
MAX_SENTENCES = 4
MAX_LIST_ITEMS = 5  # 'what drives …', 'which …', 'what are the mechanisms …': one sentence per point
MAX_WORDS = 120  # the answer's word budget (a sentence that would pass it is left for the cards)
RELATIVE_FLOOR = 0.5  # a sentence scoring under this share of the best one does not answer enough
MMR_LAMBDA = 0.7  # relevance against redundancy when choosing the next sentence
RANK_PRIOR = 0.1
DEFINING_BONUS = 0.3
READER_WEIGHT = 0.5  # the reader's score's weight in a sentence's (reader_sentences; chosen on heldout and dev)
ANSWER_TYPE_BONUS = 0.1  # a sentence of the kind the question asks for: a reason, a figure, a study (answer_types)
_ANSWER_KINDS = (Kind.TEXT, Kind.TABLE_ROW, Kind.FIGURE, Kind.FRONT_MATTER, Kind.BACK_MATTER)
_MATTER_KINDS = (Kind.FRONT_MATTER, Kind.BACK_MATTER)
METADATA_DEPTH = 3  # for a question about the article, its title-page and declarations passages this high answer
_LIST_QUESTION = re.compile(
    r"\b(?:what\s+(?:drives?|causes?|mechanisms?|factors?|are\s+the\s+(?:mechanisms|factors|drivers|causes|ways|"
    r"types|roles))|which\s+\w+|mechanisms?\s+of|how\s+do(?:es)?\s+.{1,40}\s+(?:cause|drive|lead\s+to|promote)|"
    r"list|ways?\s+(?:in\s+which|to))\b",
    re.I,
)


@dataclass(frozen=True)
class QueryTerms:
    """The query's own terms, and for an abbreviation or long form the other name's terms that stand in for it."""

    terms: tuple[str, ...]
    alternatives: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()  # (own terms, other name's terms)

    @classmethod
    def from_expanded(cls, expanded: ExpandedQuery) -> QueryTerms:
        pairs = tuple((frozenset(tokenize(typed)), frozenset(tokenize(other))) for typed, other in expanded.expansions)
        return cls(tuple(dict.fromkeys(expanded.terms)), pairs)

    def found_in(self, words: AbstractSet[str]) -> set[str]:
        """The query terms a sentence with these index terms contains, directly or by its glossary other name."""
        found = {t for t in self.terms if t in words}
        for own, other in self.alternatives:
            if other and other <= words:
                found |= own & set(self.terms)
        return found


@dataclass(frozen=True)
class AnswerSentence:
    """One sentence of the answer: the review's words exactly, the passage they stand in, the refs they cite."""

    text: str
    chunk_id: str
    rank: int  # the rank of that passage among the hits
    refs: tuple[int, ...]
    position: int = 0  # the sentence's place in its passage (reading order)
    score: float = 0.0

    def to_json(self) -> dict:
        return {"text": self.text, "chunk_id": self.chunk_id, "refs": list(self.refs)}


@dataclass(frozen=True)
class ComposedAnswer:
    """The answer's sentences in the order they read best; `listed` when they are distinct points of a list."""

    sentences: tuple[AnswerSentence, ...]
    listed: bool = False

    def to_json(self) -> list[dict]:
        return [s.to_json() for s in self.sentences]

    @property
    def words(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)


@dataclass(frozen=True)
class _Candidate:
    sentence: AnswerSentence
    vector: np.ndarray | None
    terms: frozenset[str]  # its index terms (coverage; likeness when there is no vector)
    defines: bool = False  # it defines what a definition question asks about


def is_list_question(question: str) -> bool:
    return bool(_LIST_QUESTION.search(question))


def compose(
    hits: Sequence[Hit],
    question: str,
    query: QueryTerms,
    weights: Callable[[tuple[str, ...]], Iterable[float]],
    vectors: Callable[[Chunk, str], np.ndarray | None] | None = None,
    query_vector: np.ndarray | None = None,
    defining: Callable[[str], bool] | None = None,
    reading: Callable[[str], float] | None = None,
    best_first: bool = False,
) -> ComposedAnswer:
    """The answer to `question` from the first ANSWER_DEPTH `hits`; empty when no sentence covers any of it.

    `vectors(chunk, unit)` gives a unit's embedding (None when the index has none) and `query_vector` the
    question's, for closeness in meaning; `defining(unit)` says whether a sentence defines what a definition
    question asks about; `reading(unit)` gives the reader's score (0..1: how well the unit answers the question),
    which joins a sentence's score (x READER_WEIGHT); `best_first`: the best-scored sentence opens the answer, the
    others following in passage rank and reading order (a definition opens on its defining sentence).
    """
    candidates = _candidates(hits, question, query, weights, vectors, query_vector, defining, reading)
    if not candidates:
        return ComposedAnswer(())
    listed = is_list_question(question)
    chosen = _choose(candidates, MAX_LIST_ITEMS if listed else MAX_SENTENCES)
    ordered = sorted(chosen, key=lambda s: (s.rank, s.position))
    if defining is not None:  # a definition reads best with the defining sentence first
        defines = {c.sentence.text for c in candidates if c.defines}
        ordered.sort(key=lambda s: s.text not in defines)
    elif best_first:  # the answer opens on the sentence that answers best
        top = max(ordered, key=lambda s: s.score).text
        ordered.sort(key=lambda s: s.text != top)
    return ComposedAnswer(tuple(ordered), listed and len(ordered) > 1)


def _candidates(hits, question, query, weights, vectors, query_vector, defining, reading=None) -> list[_Candidate]:
    terms = query.terms
    if not terms:
        return []
    weight = dict(zip(terms, weights(terms), strict=True))
    total = sum(weight.values()) or 1.0
    asked = expected_type(question)
    metadata_depth = METADATA_DEPTH if about_the_document(question) else 1
    found = []
    for hit in hits[:ANSWER_DEPTH]:
        if hit.chunk.kind not in _ANSWER_KINDS or (hit.chunk.is_metadata and hit.rank > metadata_depth):
            continue  # the title page and declarations answer a question about the article, or found them first
        for position, unit in enumerate(answer_units(hit.chunk)):
            unit_terms = frozenset(tokenize(unit))
            coverage = sum(weight[t] for t in query.found_in(unit_terms)) / total
            vector = vectors(hit.chunk, unit) if vectors is not None else None
            closeness = float(vector @ query_vector) if vector is not None and query_vector is not None else 0.0
            if coverage == 0 and closeness < 0.5:
                continue
            defines = defining is not None and defining(unit)
            score = 0.5 * coverage + 0.5 * closeness + RANK_PRIOR / hit.rank + (DEFINING_BONUS if defines else 0.0)
            score += ANSWER_TYPE_BONUS if asked is not None and fits(asked, unit) else 0.0
            score += READER_WEIGHT * reading(unit) if reading is not None else 0.0
            sentence = AnswerSentence(unit, hit.chunk.id, hit.rank, cited_refs(unit), position, score)
            found.append(_Candidate(sentence, vector, unit_terms, defines))
    return found


def _choose(candidates: list[_Candidate], limit: int) -> list[AnswerSentence]:
    """Greedy maximal marginal relevance within the word budget; the best sentence always."""
    best = max(c.sentence.score for c in candidates)
    pool = [c for c in candidates if c.sentence.score >= RELATIVE_FLOOR * best]
    chosen: list[_Candidate] = []
    words = 0
    while pool and len(chosen) < limit:
        pick = max(pool, key=lambda c: _marginal(c, chosen))
        pool.remove(pick)
        length = len(pick.sentence.text.split())
        if (chosen and words + length > MAX_WORDS) or any(c.sentence.text == pick.sentence.text for c in chosen):
            continue
        chosen.append(pick)
        words += length
    return [c.sentence for c in chosen]


def _marginal(candidate: _Candidate, chosen: list[_Candidate]) -> float:
    """MMR: relevance, less the likeness to the closest sentence already taken (cosine, or shared terms)."""
    if not chosen:
        return candidate.sentence.score
    likeness = max(_likeness(candidate, other) for other in chosen)
    return MMR_LAMBDA * candidate.sentence.score - (1 - MMR_LAMBDA) * likeness


def _likeness(a: _Candidate, b: _Candidate) -> float:
    if a.vector is not None and b.vector is not None:
        return float(a.vector @ b.vector)
    return len(a.terms & b.terms) / max(1, len(a.terms | b.terms))
