"""Self-quiz items drawn from the review's own sentences and tables: cloze, multiple choice and 'which study'."""

from __future__ import annotations

import functools
import random
import re
from dataclasses import asdict, dataclass

from reviewqa.choices import QuizType
from reviewqa.corpus.glossary import Glossary
from reviewqa.corpus.review import Review
from reviewqa.corpus.sentences import split_sentences
from reviewqa.quiz.ambiguity import ambiguous
from reviewqa.quiz.checking import contains_term, equivalent_forms, normalise, same_term
from reviewqa.quiz.terms import Term, TermFinder, askable_entry, glossary_category
from reviewqa.records import Chunk, Kind

BLANK = "_____"
TYPES = tuple(QuizType)


OPTION_COUNT = 4

# A sentence opening on a pronoun or demonstrative leans on the one before it ('This previous study ...').
_DANGLING = re.compile(r"^(?:This|These|Those|That|They|Their|It|Its|Such|Both|Here|There)\b")
_AUTHOR = "First author, year"


@dataclass(frozen=True)
class QuizItem:
    """One question, with the passage (chunk) that holds its answer."""

    question: str
    type: str
    options: tuple[str, ...]
    answer: str
    chunk_id: str
    section_path: tuple[str, ...]
    refs: tuple[int, ...]
    category: str
    sentence: str  # the passage sentence (or table line) the question is drawn from

    @property
    def key(self) -> str:
        """'cloze|s4-p2|AXL': stable across runs and seeds (the passage, the type and the answer), so the study
        history and an Anki note follow the item; items from two sentences of one passage with one answer share it."""
        return f"{self.type}|{self.chunk_id}|{self.answer}"

    def to_json(self) -> dict:
        """The JSON shape of `reviewqa quiz --json`."""
        data = asdict(self)
        return {**data, "options": list(self.options), "section_path": list(self.section_path), "refs": list(self.refs)}


@dataclass(frozen=True)
class Source:
    """A sentence a cloze item can be made from; table lines carry their table and study as a prefix."""

    chunk: Chunk
    prefix: str
    sentence: str


def _reads_alone(sentence: str, chunk: Chunk) -> bool:
    words = sentence.split()
    heading = chunk.heading
    return (
        8 <= len(words) <= 70
        and not _DANGLING.match(sentence)
        and "Figdraw" not in sentence
        and sentence.rstrip(".") != heading
    )


def table_fields(chunk: Chunk) -> tuple[str, dict[str, str]]:
    """('Table I', {'First author, year': 'Utsumi, 2025', ...}) of a table-row chunk."""
    fields = dict(line.split(": ", 1) for line in chunk.table_cells if ": " in line)
    return chunk.table_label, fields


def quiz_sources(review: Review) -> list[Source]:
    """Every sentence of the text and figures that reads alone, and every table cell line, in reading order."""
    sources = []
    for chunk in review.chunks:
        if chunk.kind in (Kind.TEXT, Kind.FIGURE):
            sources += [Source(chunk, "", s) for s in split_sentences(chunk.text) if _reads_alone(s, chunk)]
        elif chunk.kind is Kind.TABLE_ROW:
            label, fields = table_fields(chunk)
            prefix = f"{label} ({fields.get(_AUTHOR, '?')}) — "
            for line in chunk.text.split("\n")[1:]:
                if not line.startswith((_AUTHOR, "Refs.")):
                    sources.append(Source(chunk, prefix, line))
    return sources


def _cloze(source: Source, term: Term) -> QuizItem:
    sentence, chunk = source.sentence, source.chunk
    question = source.prefix + sentence[: term.start] + BLANK + sentence[term.end :]
    return QuizItem(
        question, "cloze", (), term.text, chunk.id, chunk.section_path, chunk.refs, term.category.value, sentence
    )


@functools.cache
def _finder(review: Review) -> TermFinder:
    return TermFinder(review.glossary)


@functools.cache
def _blanks(review: Review) -> tuple[tuple[QuizItem, bool], ...]:
    """Every key term that can be blanked in a sentence that reads alone, as an item, and whether the sentence
    lets a reader fill it (`quiz.ambiguity`)."""
    finder = _finder(review)
    made = []
    for source in quiz_sources(review):
        candidates = finder.candidates(source.sentence)
        for term in finder.blankable(source.sentence, candidates):
            made.append((_cloze(source, term), not ambiguous(source.sentence, term, candidates)))
    return tuple(made)


@functools.cache
def cloze_items(review: Review) -> tuple[QuizItem, ...]:
    """Every cloze item: one per key term that can be blanked in a sentence that reads alone and that the sentence
    lets a reader fill (not one of a list of peers, an example of a class or a bare 'another …')."""
    return tuple(item for item, answerable in _blanks(review) if answerable)


def _shape(text: str, glossary: Glossary) -> str:
    """Abbreviation or name, pair 'long form (ABBR)', or plain words: distractors look like the answer."""
    if re.search(r"\(.+\)$", text):
        return "pair"
    entry = glossary.abbreviation(text)
    if (entry and normalise(entry.abbr) == normalise(text)) or any(c.isupper() or c.isdigit() for c in text[1:]):
        return "name"
    return "words"


def _like_answer(option: str, item: QuizItem, glossary: Glossary) -> str:
    """An option written as the answer is: capitalised at a sentence or cell start, singular for 'CAF-secreted'."""
    entry = glossary.lookup(item.answer)
    if entry and entry.abbr == item.answer + "s" and re.search(r"[A-Z]s$", option):
        option = option[:-1]
    opens = item.sentence.startswith(item.answer) or re.match(rf"[^:]+: {re.escape(item.answer)}", item.sentence)
    if opens and re.match(r"[a-z][a-z]", option):
        return option[0].upper() + option[1:]
    return option


@functools.cache
def distractor_pool(review: Review) -> dict[str, tuple[str, ...]]:
    """Per category, every distinct term the review lets the quiz ask about, plus glossary 'long (ABBR)' pairs."""
    pool: dict[str, dict[str, str]] = {}
    glossary = review.glossary
    for item, _ in _blanks(review):  # every term the review lets the quiz name, fillable or not
        shape, entry = _shape(item.answer, glossary), glossary.lookup(item.answer)
        if shape == "pair":
            continue
        text = item.answer
        if shape == "name" and entry is not None and normalise(entry.abbr) == normalise(text):
            text = entry.abbr  # 'CAFs' rather than the 'CAF' of 'CAF-secreted'
        elif shape == "words":
            text = _lower_first(text)
        pool.setdefault(item.category, {}).setdefault(f"{shape}:{entry.abbr if entry else normalise(text)}", text)
    for entry in glossary.entries:
        if entry.long_forms and askable_entry(entry):
            pair = f"{entry.long_forms[0]} ({entry.abbr})"
            pool.setdefault(glossary_category(entry).value, {}).setdefault(f"pair:{entry.abbr}", pair)
    return {category: tuple(terms.values()) for category, terms in pool.items()}


def _rng(seed: int, item: QuizItem) -> random.Random:
    return random.Random(f"{seed}|{item.chunk_id}|{item.question}|{item.answer}")


def multiple_choice(item: QuizItem, review: Review, seed: int) -> QuizItem | None:
    """The cloze item with three distractors of its category, none equivalent to the answer or in the sentence."""
    rng = _rng(seed, item)
    glossary = review.glossary
    candidates = list(distractor_pool(review).get(item.category, ()))
    rng.shuffle(candidates)
    candidates.sort(key=lambda c: _shape(c, glossary) != _shape(item.answer, glossary))
    chosen: list[str] = []
    for candidate in candidates:
        forms = equivalent_forms(candidate, glossary)
        if same_term(candidate, item.answer, glossary) or any(contains_term(item.sentence, f) for f in forms):
            continue
        if contains_term(candidate, item.answer) or contains_term(item.answer, candidate):
            continue  # 'EGFR-TKIs' would also fill the blank of 'TKI'-resistant
        if any(same_term(candidate, c, glossary) or same_term(c, candidate, glossary) for c in chosen):
            continue
        chosen.append(_like_answer(candidate, item, glossary))
        if len(chosen) == OPTION_COUNT - 1:
            options = [item.answer, *chosen]
            rng.shuffle(options)
            return QuizItem(**{**asdict(item), "type": "mc", "options": tuple(options)})
    return None


def mc_items(review: Review, seed: int = 0) -> tuple[QuizItem, ...]:
    """Every cloze item that has three distractors, as multiple choice."""
    made = (multiple_choice(item, review, seed) for item in cloze_items(review))
    return tuple(item for item in made if item is not None)


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:] if text[1:2].islower() else text


def study_answer(chunk: Chunk) -> str:
    """'Utsumi, 2025 (66)': the row's first author and year, and its reference number(s)."""
    _, fields = table_fields(chunk)
    return f"{fields[_AUTHOR]} {fields.get('Refs.', '')}".strip()


def _study_question(chunk: Chunk) -> tuple[str, str]:
    label, fields = table_fields(chunk)
    if "Resistance mechanisms" in fields:
        finding = fields["Resistance mechanisms"]
        question = f"Which study in {label} found this resistance mechanism: {_lower_first(finding)}?"
        return question, f"Resistance mechanisms: {finding}"
    column = next(c for c in fields if c.startswith("Clinical value"))
    topic = _lower_first(fields.get("Intervention/Target", ""))
    question = f"Which study in {label}, on {topic}, reported: {_lower_first(fields[column])}?"
    return question, f"{column}: {fields[column]}"


def study_items(review: Review, seed: int = 0) -> tuple[QuizItem, ...]:
    """One 'which study' item per table row; the options are first authors from the same table."""
    rows = [c for c in review.chunks if c.kind is Kind.TABLE_ROW]
    items = []
    for chunk in rows:
        label, fields = table_fields(chunk)
        question, line = _study_question(chunk)
        answer = study_answer(chunk)
        item = QuizItem(question, "study", (), answer, chunk.id, chunk.section_path, chunk.refs, "study", line)
        rng = _rng(seed, item)
        others = [c for c in rows if table_fields(c)[0] == label and c is not chunk]
        rng.shuffle(others)
        options, surnames = [answer], {fields[_AUTHOR].split(",")[0]}
        for other in others:
            surname = table_fields(other)[1][_AUTHOR].split(",")[0]
            if surname not in surnames and len(options) < OPTION_COUNT:
                options.append(study_answer(other))
                surnames.add(surname)
        rng.shuffle(options)
        items.append(QuizItem(**{**asdict(item), "options": tuple(options)}))
    return tuple(items)


def all_items(review: Review, types: tuple[QuizType | str, ...] = TYPES, seed: int = 0) -> list[QuizItem]:
    """Every item the generator can make of the given types, in reading order per type."""
    types = tuple(QuizType.parse(t) for t in types)
    makers = {"cloze": lambda: cloze_items(review), "mc": lambda: mc_items(review, seed)}
    makers["study"] = lambda: study_items(review, seed)
    return [item for t in types for item in makers[t]()]
