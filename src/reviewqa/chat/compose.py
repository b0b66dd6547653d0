"""A short written answer made only of the review's own sentences: 1-5 of them, verbatim, each with the references
it prints, chosen from the top passages for coverage of the question with redundancy removed.

Each sentence of the top passages gets features — how much of the question it covers (its IDF-weighted terms, a
glossary name standing for its other name), how close it is in meaning (its vector in the index beside the
question's), where its passage stands, how specific its words are, whether it defines what a definition question
asks about, what the question's form prefers — and is scored by the learned sentence ranker (chat.ranker) or, with
it switched off, by a hand-weighted sum of them. Sentences are then taken greedily by maximal marginal relevance
(a sentence too like one already taken is passed over), up to four — five, one per distinct point, for a question
that asks what drives or which — and within a word budget; the best-scored one is shown first, the others in
passage rank, then reading order (an overview's under their headings). A table row is one unit: its
cells, as the review's table prints them. Nothing is cut, rewritten or added.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace

import numpy as np

from reviewqa.chat.answer_types import expected_type, fits
from reviewqa.chat.choose import Candidate, choose
from reviewqa.chat.forms import (
    SHAPES,
    AnswerForm,
    Shape,
    acts_on_a_problem,
    answer_form,
    asks_for_treatments,
    comparison_sides,
    names_a_study,
    set_aside_terms,
)
from reviewqa.chat.ranker import (
    NOTHING_SHOWN,
    SUBJECT_SPAN,
    RowScorer,
    ShownSentences,
    rescored,
    term_features,
    unit_vector,
    word_features,
)
from reviewqa.chat.records import AnswerSentence, ComposedAnswer
from reviewqa.chat.standalone import Unit, prose_units
from reviewqa.corpus.citation_marks import cited_refs
from reviewqa.index.terms import tokenize
from reviewqa.records import Chunk, Kind
from reviewqa.search.expansion import ExpandedQuery
from reviewqa.search.filters import in_table
from reviewqa.search.neighbours import NEIGHBOUR_FEATURES, NO_SUPPORT, PLACE_FEATURES, Support
from reviewqa.search.priors import about_the_document
from reviewqa.search.reading import MIN_WORDS, WHOLE_MATTER_WORDS, answer_units
from reviewqa.search.results import Hit

DEEPEST = max(shape.depth for shape in SHAPES.values())  # an overview reads this many passages
MAX_SENTENCES = SHAPES[AnswerForm.PLAIN].points
MAX_LIST_ITEMS = 5  # 'what drives …', 'which …', 'what are the mechanisms …': one sentence per point
MAX_WORDS = SHAPES[AnswerForm.PLAIN].words  # a plain answer's budget (a longer one is left for the cards)
RANK_PRIOR = 0.1
DEFINING_BONUS = 0.3
READER_WEIGHT = 0.5  # the reader's score's weight in a sentence's (reader_sentences; chosen on heldout and dev)
ANSWER_TYPE_BONUS = 0.1  # a sentence of the kind the question asks for: a reason, a figure, a study (answer_types)
FORM_BONUS = 0.15  # a sentence of what the form prefers: a section acting on the problem, a named study
PASSAGE_WEIGHT = 0.4  # the passage's own score (a share of the best one's), beside its rank
HEADING_WEIGHT = 0.2  # the share of the question the passage's headings name ('Resistance to ICB')
CLOSE_SECOND = 0.4  # a plain answer's best sentence of another passage this close to the best one's score joins it
PAIR_COST = 0.05  # a sentence that needs the one before it says less per word
ANSWERING_CLOSENESS = 0.5  # an answer needs a sentence holding a question term or this close to it in meaning
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


def quotable_units(chunk: Chunk, review_asked: bool) -> list[Unit]:
    """The units an answer may take from a passage, each standing alone (chat.standalone): a sentence that points
    back comes with the one before it; one about the review itself only when the question is about the review."""
    if chunk.kind is Kind.TABLE_ROW or (chunk.kind in _MATTER_KINDS and len(chunk.text.split()) <= WHOLE_MATTER_WORDS):
        return [Unit(unit, 0) for unit in answer_units(chunk)]
    return prose_units(chunk.text, MIN_WORDS, review_asked)


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
    form: AnswerForm | None = None,
    ranker: RowScorer | None = None,
    reading: Callable[[str], float] | None = None,
    best_first: bool = False,
    shown: ShownSentences = NOTHING_SHOWN,
    support: Support = NO_SUPPORT,
    table: str | None = None,
) -> ComposedAnswer:
    """The answer to `question` from the first hits (as many as its form reads: `forms.SHAPES`); empty when no
    sentence covers any of it.

    `vectors(chunk, unit)` gives a unit's embedding (None when the index has none) and `query_vector` the
    question's, for closeness in meaning; `defining(unit)` says whether a sentence defines what a definition
    question asks about; `form` is read from the question when not given; `ranker` (chat.ranker) scores the
    candidates in place of the hand-weighted sum; `reading(unit)` gives the reader's score (0..1: how well the unit
    answers the question), which joins a sentence's score (x READER_WEIGHT); `best_first`: a plain answer opens on
    its best-scored sentence, the others following in passage rank and reading order; `shown`: what the previous
    answer of the conversation showed (a follow-up wants something new); `support`: the similar earlier questions
    and what answered them (search.neighbours); `table`: the table the search kept to, whose rows answer.
    """
    form = form or answer_form(question)
    shape = SHAPES[form]
    if form is AnswerForm.PLAIN and is_list_question(question):
        shape = replace(shape, points=MAX_LIST_ITEMS)
    shape = replace(shape, acting=shape.acting or asks_for_treatments(question))
    candidates = _candidates(
        hits[: shape.depth], question, query, weights, vectors, query_vector, defining, shape, ranker, reading, shown,
        support, table,
    )
    if not candidates:
        return ComposedAnswer((), form=form)
    chosen = choose(candidates, shape, comparison_sides(question) if form is AnswerForm.COMPARISON else [])
    if form is AnswerForm.PLAIN:
        chosen = with_close_second(chosen, candidates, shape)
    defining_ones = [c.sentence for c in candidates if c.defines]
    if defining_ones and not any(s.text in {d.text for d in defining_ones} for s in chosen):
        chosen = [max(defining_ones, key=lambda s: s.score), *chosen[: shape.points - 1]]  # a definition holds one
    ordered = _order(chosen, shape, best_first)
    if defining is not None:  # a definition reads best with the defining sentence first
        defines = {c.sentence.text for c in candidates if c.defines}
        ordered.sort(key=lambda s: s.text not in defines)
    listed = (shape.grouped or shape.points > MAX_SENTENCES) and len(ordered) > 1
    cited = {n for sentence in ordered for n in sentence.refs}
    known = {reference.n: reference for hit in hits for reference in hit.references if reference.n in cited}
    return ComposedAnswer(tuple(ordered), listed, form, references=tuple(known[n] for n in sorted(known)))


def with_close_second(chosen: list[AnswerSentence], candidates: list[Candidate], shape: Shape) -> list[AnswerSentence]:
    """A plain answer also takes the best sentence of another passage when it scores close to the best one (the two
    passages disagree on where the answer is), if the word budget allows, even beyond the points."""
    ranked = sorted(candidates, key=lambda c: -c.sentence.score)
    best = ranked[0].sentence
    other = next((c.sentence for c in ranked if c.sentence.chunk_id != best.chunk_id), None)
    taken = {s.text for s in chosen} | {s.antecedent for s in chosen if s.antecedent}
    if other is None or other.score < CLOSE_SECOND * best.score or other.text in taken or other.antecedent in taken:
        return chosen
    return [*chosen, other] if sum(s.words for s in chosen) + other.words <= shape.words else chosen


def _order(chosen: list[AnswerSentence], shape: Shape, best_first: bool = False) -> list[AnswerSentence]:
    """The best-scored sentence first (the likeliest answer: `best_first`), then passage rank and reading order; an
    overview's points grouped under their headings, the best first."""
    ordered = sorted(chosen, key=lambda s: (s.rank, s.position))
    if (not shape.grouped and not best_first) or not chosen:
        return ordered
    best = max(chosen, key=lambda s: s.score)
    if not shape.grouped:
        return sorted(ordered, key=lambda s: s is not best)
    first: dict[str, int] = {}
    for place, sentence in enumerate(chosen):  # chosen best first
        first.setdefault(sentence.heading, place)
    return sorted(ordered, key=lambda s: (first[s.heading], s is not best))  # an overview opens on its best point


def _candidates(
    hits, question, query, weights, vectors, query_vector, defining, shape, ranker=None, reading=None,
    shown=NOTHING_SHOWN, support=NO_SUPPORT, table=None,
) -> list[Candidate]:  # fmt: skip
    terms = query.terms
    if not terms:
        return []
    weight, total = _term_weights(question, terms, weights)
    asked = expected_type(question)
    review_asked = about_the_document(question)
    metadata_depth = METADATA_DEPTH if review_asked else 1
    top = max((hit.score for hit in hits), default=0.0) or 1.0
    headed = _headed(hits, query, weight, total)
    found, rows, answering = [], [], False
    for hit in hits:
        if hit.chunk.kind not in _ANSWER_KINDS or (hit.chunk.is_metadata and hit.rank > metadata_depth):
            continue  # the title page and declarations answer a question about the article, or found them first
        for unit in quotable_units(hit.chunk, review_asked):
            if any(head.rstrip(". ").endswith(unit.text.rstrip(". ")) for head in hit.chunk.section_path):
                continue  # a run-in heading ('Novel therapeutic approaches: ADCs and …'), a figure's title
            sequence = tokenize(unit.text)
            unit_terms = frozenset(sequence)
            held = query.found_in(unit_terms)
            coverage = math.fsum(weight[t] for t in held) / total
            vector = unit_vector(vectors, hit.chunk, unit)
            closeness = float(vector @ query_vector) if vector is not None and query_vector is not None else 0.0
            if coverage == 0 and closeness <= 0:  # others join the candidates, the ranker judges them
                continue
            answering = answering or coverage > 0 or closeness >= ANSWERING_CLOSENESS or in_table(hit.chunk, table)
            defines = defining is not None and defining(unit.text)
            acting = acts_on_a_problem(hit.chunk)
            named = names_a_study(hit.chunk, unit.text)
            row = {
                "coverage": coverage,
                "closeness": closeness,
                "inverse_rank": 1.0 / hit.rank,
                "passage_share": hit.score / top,
                "heading": headed[hit.chunk.id],
                "type_fit": float(asked is not None and fits(asked, unit.text)),
                "defines": float(defines),
                "named": float(named),
                "named_wanted": float(shape.named and named),
                "acting": float(acting),
                "acting_wanted": float(shape.acting and acting),
                "pair": float(bool(unit.antecedent)),
                "table_row": float(hit.chunk.kind is Kind.TABLE_ROW),
                **word_features(unit.text, unit.position, set(terms), weights),
                **term_features(held, query.found_in(frozenset(sequence[:SUBJECT_SPAN])), weight, total),
                "spread_passage": hit.score / top if shape.spread else 0.0,
                "spread_heading": headed[hit.chunk.id] if shape.spread else 0.0,
                **shown.features(unit, sequence, set(terms)),
                **_memory_features(support, unit.text, hit.chunk),
            }
            rows.append(row)
            refs, heading = cited_refs(unit.text), hit.chunk.heading  # a table row's: its table's title
            sentence = AnswerSentence(
                unit.text, hit.chunk.id, hit.rank, refs, unit.position, _hand_score(row), heading, unit.antecedent
            )
            found.append(Candidate(sentence, vector, unit_terms, defines, hit.chunk.id, named, acting))
    return rescored(found, rows, ranker, reading, READER_WEIGHT) if answering else []


def _memory_features(support: Support, text: str, chunk: Chunk) -> dict[str, float]:
    """What answered similar earlier questions: this sentence, and its passage and heading for broad ones."""
    found = support.of_texts([text])[0].tolist() + support.of_place(chunk.id, chunk.heading)
    return dict(zip(NEIGHBOUR_FEATURES + PLACE_FEATURES, found, strict=True))


def _term_weights(question: str, terms: tuple[str, ...], weights) -> tuple[dict[str, float], float]:
    """Each query term's IDF weight (none for what the question sets aside: 'besides PD-1/PD-L1'), and their sum."""
    weight = dict(zip(terms, weights(terms), strict=True))
    for term in set_aside_terms(question) & set(weight):  # naming them answers nothing
        weight[term] = 0.0
    return weight, math.fsum(weight.values()) or 1.0


def _headed(hits, query: QueryTerms, weight: dict[str, float], total: float) -> dict[str, float]:
    """How much of the question each passage's headings cover ('Resistance to ICB'), by passage id."""
    return {
        hit.chunk.id: math.fsum(
            weight[t] for t in query.found_in(frozenset(tokenize(" ".join(hit.chunk.section_path))))
        )
        / total
        for hit in hits
    }


def _hand_score(row: dict[str, float]) -> float:
    """The hand-weighted score: coverage and closeness, a preference for better-ranked passages, bonuses for what
    the question asks for (a definition, a kind of sentence, what the form prefers), a cost for a pair."""
    score = 0.5 * row["coverage"] + 0.5 * row["closeness"] + RANK_PRIOR * row["inverse_rank"]
    score += DEFINING_BONUS if row["defines"] else 0.0
    if row["spread_passage"] or row["spread_heading"]:  # an overview weighs its passage's score and headings
        score += PASSAGE_WEIGHT * row["spread_passage"] + HEADING_WEIGHT * row["spread_heading"]
    score += ANSWER_TYPE_BONUS if row["type_fit"] else 0.0
    score += FORM_BONUS if row["acting_wanted"] else 0.0
    score += FORM_BONUS if row["named_wanted"] else 0.0
    return score - (PAIR_COST if row["pair"] else 0.0)
