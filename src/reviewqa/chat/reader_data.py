"""The reader's training pairs: (question, candidate, label), a candidate being one answer unit of a passage (a
sentence; a table row as its cells), made by plain seeded functions from the review and the designated training
question sets — never from a set the reader is then evaluated on.

- questions of the training sets: the units holding a must-contain phrase are positives; the other units of the
  retrieval's top passages and of the answering passage are hard negatives (the top BM25/dense non-answers);
- the same questions reworded with the lay thesaurus's phrases (the bridge, learnt instead of listed);
- not-in-review questions: every unit of their top passages is a negative;
- the review's structure: "what is X?" -> the sentence defining X (glossary), a table row's column -> the row,
  "who showed that …?" -> the citing sentence, a heading -> its section's opening sentence.

Everything is ordered and seeded (`random.Random(f"{seed}:{key}")`), so the same inputs give the same pairs and the
same `pairs_sha256`.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reviewqa.corpus.markup import normalised
from reviewqa.corpus.review import Review
from reviewqa.records import Chunk, Kind
from reviewqa.search.definitions import opens_on
from reviewqa.search.evaluate import Question
from reviewqa.search.lay_thesaurus import THESAURUS
from reviewqa.search.reading import answer_units

NEGATIVES_PER_QUESTION = 5  # a question's hard negatives (of its top passages' other units)
SYNTHETIC_NEGATIVES = 3
UNANSWERABLE_NEGATIVES = 4
LAY_NEGATIVES = 2
_CANDIDATE_KINDS = (Kind.TEXT, Kind.TABLE_ROW, Kind.FIGURE)
_SHOWED = re.compile(r"\b(showed|demonstrated|found|reported|revealed|observed|identified) that (.{30,200}?)[.;]?$")
_NO_COLUMN = ("First author, year", "Refs.", "Author", "Reference")

# A search for training: the question (with its history) -> (the question as read, the top passages).
Retrieve = Callable[[Question], tuple[str, Sequence[Chunk]]]


@dataclass(frozen=True)
class Pair:
    """One training example: label 1.0 when `candidate` answers `query`, 0.0 when it does not."""

    query: str
    candidate: str
    label: float
    source: str  # 'question', 'lay', 'unanswerable', 'definition', 'table', 'who', 'heading'

    def to_json(self) -> dict:
        return {"query": self.query, "candidate": self.candidate, "label": self.label, "source": self.source}


def answers(unit: str, phrases: Iterable[str]) -> bool:
    """Whether a unit holds an answering phrase (or is wholly inside one that spans two sentences)."""
    text = normalised(unit)
    for phrase in (normalised(p) for p in phrases):
        if phrase in text or (len(text) >= 30 and text in phrase) or (len(phrase) > 60 and phrase[:40] in text):
            return True
    return False


def units_of(chunks: Iterable[Chunk]) -> list[str]:
    """The answer units of the passages, in order, each once (what compose chooses among)."""
    found: dict[str, None] = {}
    for chunk in chunks:
        if chunk.kind in _CANDIDATE_KINDS:
            found.update(dict.fromkeys(answer_units(chunk)))
    return list(found)


def _sample(items: list[str], count: int, key: str, seed: int) -> list[str]:
    if len(items) <= count:
        return items
    return random.Random(f"{seed}:{key}").sample(items, count)


def question_pairs(
    review: Review, questions: Sequence[Question], retrieve: Retrieve, seed: int = 0
) -> tuple[list[Pair], dict[str, tuple[str, list[str], list[str]]]]:
    """Pairs from the training questions, and per answerable question id (read as, positives, negatives) for the
    lay rewordings. A question whose phrases no unit holds (a phrase across passages) gives no pair."""
    pairs: list[Pair] = []
    groups: dict[str, tuple[str, list[str], list[str]]] = {}
    for question in questions:
        read_as, top = retrieve(question)
        if not question.answerable:
            negatives = _sample(units_of(top[:3]), UNANSWERABLE_NEGATIVES, question.id, seed)
            pairs += [Pair(read_as, unit, 0.0, "unanswerable") for unit in negatives]
            continue
        holding = [c for c in review.chunks if c.kind in _CANDIDATE_KINDS and answers(c.text, question.must_contain)]
        units = units_of([*top, *holding[:1]])
        positives = [u for u in units if answers(u, question.must_contain)]
        if not positives:
            continue
        others = [u for u in units if u not in positives]
        negatives = _sample(others, NEGATIVES_PER_QUESTION, question.id, seed)
        groups[question.id] = (read_as, positives, negatives)
        pairs += [Pair(read_as, u, 1.0, "question") for u in positives]
        pairs += [Pair(read_as, u, 0.0, "question") for u in negatives]
    return pairs, groups


def lay_rewording(question: str, key: str, seed: int = 0) -> str | None:
    """The question with one of the review's terms it uses replaced by a lay phrase for it (seeded); None when it
    uses none of the thesaurus's review words."""
    choices = []
    for review_words, lay in THESAURUS:
        match = re.search(rf"\b{re.escape(review_words)}\b", question, re.I)
        if match and lay:
            choices.append((match, lay))
    if not choices:
        return None
    rng = random.Random(f"{seed}:lay:{key}")
    match, lay = rng.choice(choices)
    return question[: match.start()] + rng.choice(lay) + question[match.end() :]


def lay_pairs(groups: dict[str, tuple[str, list[str], list[str]]], seed: int = 0) -> list[Pair]:
    """Each training question reworded once with the lay thesaurus, with its own positives and negatives."""
    pairs = []
    for key, (read_as, positives, negatives) in groups.items():
        reworded = lay_rewording(read_as, key, seed)
        if reworded is None:
            continue
        pairs += [Pair(reworded, u, 1.0, "lay") for u in positives]
        pairs += [Pair(reworded, u, 0.0, "lay") for u in negatives[:LAY_NEGATIVES]]
    return pairs


def definition_pairs(review: Review, seed: int = 0) -> list[Pair]:
    """'What is <long form>?' / 'what are <abbr>?' -> the sentences that open on the term; the other sentences of
    their passages are negatives."""
    pairs = []
    for entry in review.glossary.entries:
        forms = [entry.abbr, *entry.long_forms]
        chunks = [c for c in review.chunks if c.kind is Kind.TEXT and entry.abbr in c.text]
        units = units_of(chunks)
        positives = [u for u in units if opens_on(u, forms)]
        if not positives or not entry.long_forms:
            continue
        negatives = _sample([u for u in units if u not in positives], SYNTHETIC_NEGATIVES, f"def:{entry.abbr}", seed)
        for query in (f"what is {entry.long_forms[0]}?", f"what are {entry.abbr}?"):
            pairs += [Pair(query, u, 1.0, "definition") for u in positives[:2]]
            pairs += [Pair(query, u, 0.0, "definition") for u in negatives]
    return pairs


def _fields(chunk: Chunk) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in chunk.table_cells if ": " in line)


def table_pairs(review: Review, seed: int = 0) -> list[Pair]:
    """Per table row and column, 'what <column> did <study> report?' or 'which study had <value>?' (seeded) -> the
    row; two other rows of its table are negatives."""
    rows = [c for c in review.chunks if c.kind is Kind.TABLE_ROW]
    pairs = []
    for chunk in rows:
        fields = _fields(chunk)
        study = fields.get("First author, year", "").split(",")[0].strip()
        unit = units_of([chunk])
        if not study or not unit:
            continue
        siblings = units_of(c for c in rows if c.table_label == chunk.table_label and c is not chunk)
        for column, value in fields.items():
            if column in _NO_COLUMN or not value.strip():
                continue
            value_words = " ".join(value.split()[:10])
            rng = random.Random(f"{seed}:table:{chunk.id}:{column}")
            query = rng.choice((f"what {column.lower()} did {study} report?", f"which study had {value_words}?"))
            pairs.append(Pair(query, unit[0], 1.0, "table"))
            pairs += [Pair(query, u, 0.0, "table") for u in rng.sample(siblings, min(2, len(siblings)))]
    return pairs


def who_pairs(review: Review, seed: int = 0) -> list[Pair]:
    """A citing sentence 'X et al showed that <finding>' -> 'who showed that <finding>?'; the passage's other
    sentences are negatives."""
    pairs = []
    for chunk in review.chunks:
        if chunk.kind is not Kind.TEXT or not chunk.refs:
            continue
        units = units_of([chunk])
        for position, unit in enumerate(units):
            match = _SHOWED.search(unit)
            if match is None:
                continue
            query = f"who {match.group(1)} that {match.group(2).rstrip('. ')}?"
            others = [u for u in units if u != unit]
            pairs.append(Pair(query, unit, 1.0, "who"))
            negatives = _sample(others, SYNTHETIC_NEGATIVES, f"who:{chunk.id}:{position}", seed)
            pairs += [Pair(query, u, 0.0, "who") for u in negatives]
    return pairs


def heading_pairs(review: Review, seed: int = 0) -> list[Pair]:
    """'What does the review say about <heading>?' -> the opening sentence of the heading's first passage; the
    opening sentences of other sections are negatives."""
    firsts: dict[str, str] = {}
    for chunk in review.chunks:
        if chunk.kind is Kind.TEXT and chunk.heading and chunk.heading not in firsts:
            units = units_of([chunk])
            if units:
                firsts[chunk.heading] = units[0]
    pairs = []
    for heading, first in firsts.items():
        query = f"what does the review say about {re.sub(r'^[0-9.]+ *', '', heading).lower()}?"
        others = [u for h, u in firsts.items() if h != heading]
        pairs.append(Pair(query, first, 1.0, "heading"))
        pairs += [Pair(query, u, 0.0, "heading") for u in _sample(others, SYNTHETIC_NEGATIVES, f"head:{heading}", seed)]
    return pairs


def training_pairs(review: Review, questions: Sequence[Question], retrieve: Retrieve, seed: int = 0) -> list[Pair]:
    """All pairs, in a fixed order: questions, lay rewordings, definitions, tables, who-showed, headings."""
    pairs, groups = question_pairs(review, questions, retrieve, seed)
    pairs += lay_pairs(groups, seed)
    for make in (definition_pairs, table_pairs, who_pairs, heading_pairs):
        pairs += make(review, seed)
    return pairs


def pairs_sha256(pairs: Sequence[Pair]) -> str:
    """The hash of the pairs' JSON lines: the training data's identity in the reader's manifest."""
    digest = hashlib.sha256()
    for pair in pairs:
        digest.update((json.dumps(pair.to_json(), ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    return digest.hexdigest()
