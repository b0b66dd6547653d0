"""The single sentence that best answers a question, quoted from the ranked passages, with the refs it cites."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reviewqa.corpus.citation_marks import cited_refs
from reviewqa.corpus.sentences import split_sentences
from reviewqa.index.terms import tokenize
from reviewqa.records import Chunk, Kind
from reviewqa.search.expansion import ExpandedQuery
from reviewqa.search.results import Hit

ANSWER_DEPTH = 3  # sentences are taken from this many top passages
MIN_WORDS = 6  # shorter 'sentences' are run-in heads ('Resistance to targeted therapy.')
RANK_PRIOR = 0.1  # a sentence of the first passage beats an equally matching one further down
TABLE_ROW_FACTOR = 0.9  # a table row is a list of fields: prose that matches as well reads better
_ANSWER_KINDS = (Kind.TEXT, Kind.TABLE_ROW, Kind.FIGURE)


@dataclass(frozen=True)
class AnswerSentence:
    """One sentence of a passage, where it stands, and the references it cites."""

    text: str
    chunk_id: str
    rank: int
    refs: tuple[int, ...]
    score: float


@dataclass(frozen=True)
class QueryTerms:
    """The query's own terms, and for an abbreviation or long form the other name's terms that stand in for it."""

    terms: tuple[str, ...]
    alternatives: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()  # (own terms, other name's terms)

    @classmethod
    def from_expanded(cls, expanded: ExpandedQuery) -> QueryTerms:
        pairs = tuple((frozenset(tokenize(typed)), frozenset(tokenize(other))) for typed, other in expanded.expansions)
        return cls(tuple(dict.fromkeys(expanded.terms)), pairs)

    def found_in(self, words: set[str]) -> set[str]:
        """The query terms a sentence with these index terms contains, directly or by its glossary other name."""
        found = {t for t in self.terms if t in words}
        for own, other in self.alternatives:
            if other and other <= words:
                found |= own & set(self.terms)
        return found


def candidate_sentences(chunk: Chunk) -> list[str]:
    """Sentences of a passage; a table row is one candidate, its fields joined, without the table title."""
    if chunk.kind is Kind.TABLE_ROW:
        fields = [line for line in chunk.table_cells if line.strip() and not line.startswith("Refs.:")]
        return ["; ".join(fields)] if fields else []
    return split_sentences(chunk.text)


def best_sentence(
    hits: Sequence[Hit],
    query: QueryTerms,
    weights: Callable[[tuple[str, ...]], Iterable[float]] | None = None,
) -> AnswerSentence | None:
    """The sentence covering most of the query's weighted terms (ties to the better-ranked passage); None if none."""
    if not query.terms:
        return None
    weight = dict(zip(query.terms, weights(query.terms) if weights else [1.0] * len(query.terms), strict=True))
    total = sum(weight.values()) or 1.0
    best: AnswerSentence | None = None
    for hit in hits[:ANSWER_DEPTH]:
        if hit.chunk.kind not in _ANSWER_KINDS:
            continue
        factor = TABLE_ROW_FACTOR if hit.chunk.kind is Kind.TABLE_ROW else 1.0
        for sentence in candidate_sentences(hit.chunk):
            if len(sentence.split()) < MIN_WORDS:
                continue
            coverage = sum(weight[t] for t in query.found_in(set(tokenize(sentence)))) / total
            if coverage == 0:
                continue
            score = float(coverage * factor + RANK_PRIOR / hit.rank)
            if best is None or score > best.score:
                best = AnswerSentence(sentence, hit.chunk.id, hit.rank, cited_refs(sentence), score)
    return best
