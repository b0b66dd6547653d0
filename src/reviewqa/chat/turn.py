"""One chat turn: a lookup ('ref 66', 'define CAFs') or a question (read in the context of the previous one).

`respond` returns a `Turn` whose `reply` is one of four records — `SearchReply`, `ReferenceReply`,
`GlossaryReply`, `Notice` — for `ui.replies` to render; nothing here makes HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reviewqa.chat.compose import ANSWER_DEPTH, ComposedAnswer, QueryTerms, compose
from reviewqa.chat.lookup import MAX_LOOKUP_REFS, Lookup, parse_lookup
from reviewqa.choices import Mode
from reviewqa.errors import InvalidQuery
from reviewqa.records import Chunk, GlossaryEntry, Reference
from reviewqa.search.assistant import MAX_HISTORY, Assistant
from reviewqa.search.context import Reading
from reviewqa.search.definitions import (
    asks_what_it_stands_for,
    definition_subject,
    opens_on,
    spells_out,
    subject_forms,
)
from reviewqa.search.query import clean_query
from reviewqa.search.reading import unit_reading
from reviewqa.search.results import Hit, SearchResult


@dataclass(frozen=True)
class Settings:
    """The chat's controls: passages shown, search mode, kind and section filters."""

    k: int = 5
    mode: Mode | str = Mode.HYBRID
    kinds: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchReply:
    """A question answered: how it was read, the passages, and the sentence that best answers (when it does)."""

    result: SearchResult
    query: QueryTerms
    answer: ComposedAnswer  # empty when the review does not answer
    reading: Reading


@dataclass(frozen=True)
class CitedReference:
    """A reference in full and every passage of the review that cites it, in reading order."""

    reference: Reference
    citing: tuple[Chunk, ...]


@dataclass(frozen=True)
class ReferenceReply:
    references: tuple[CitedReference, ...]


@dataclass(frozen=True)
class GlossaryReply:
    """An abbreviation, the long forms the review spells it out as, and the passage that best explains it (found
    by searching 'what are X?'; None when the review has none)."""

    entry: GlossaryEntry
    passage: Hit | None = None


@dataclass(frozen=True)
class Notice:
    """A plain message: input that cannot be searched, an unknown reference."""

    message: str


Reply = SearchReply | ReferenceReply | GlossaryReply | Notice


@dataclass(frozen=True)
class Turn:
    """The reply and the message searched (None for a lookup or a notice: the conversation reads past it)."""

    reply: Reply
    question: str | None = None

    def after(self, asked: Sequence[str] | None) -> list[str]:
        """The messages searched in the conversation once this turn is in (the newest MAX_HISTORY)."""
        earlier = list(asked or ())
        return [*earlier, self.question][-MAX_HISTORY:] if self.question else earlier


def respond(
    assistant: Assistant, message: str, history: Sequence[str] | str | None = (), settings: Settings | None = None
) -> Turn:
    """The reply to one chat message after the earlier messages searched in this conversation (oldest first; a
    single string is one earlier message); input that cannot be searched gets a notice, never an exception."""
    settings = settings or Settings()
    earlier = [history] if isinstance(history, str) else list(history or ())
    try:
        message = clean_query(message)  # control characters gone, whitespace collapsed, cut to MAX_QUERY_CHARS
    except InvalidQuery as exc:
        return Turn(Notice(f"Cannot search this: {exc}."))
    lookup = parse_lookup(message)
    if lookup is not None:
        reply = _lookup_reply(assistant, lookup)
        if reply is not None:
            return Turn(reply)
    try:
        result = assistant.search(
            message,
            k=settings.k,
            mode=settings.mode,
            kinds=list(settings.kinds) or None,
            sections=list(settings.sections) or None,
            history=earlier,
        )
    except InvalidQuery as exc:
        return Turn(Notice(f"Cannot search this: {exc}."))
    reading = result.reading or Reading(result.query)
    query = QueryTerms.from_expanded(result.expanded)
    return Turn(SearchReply(result, query, answer_of(assistant, result, query), reading), result.query)


def answered_json(assistant: Assistant, result: SearchResult) -> dict:
    """The JSON of `reviewqa ask --json` and `/ask`: the search's, then "answer" (the composed sentences)."""
    return {**result.to_json(), "answer": answer_of(assistant, result).to_json()}


def answer_of(assistant: Assistant, result: SearchResult, query: QueryTerms | None = None) -> ComposedAnswer:
    """The composed answer to a search (empty when the review does not answer it); `query`: the search's terms,
    when the caller has made them already."""
    if not result.answerable:
        return ComposedAnswer(())
    question = result.read_as
    subject = definition_subject(question)
    forms = subject_forms(subject, assistant.review.glossary) if subject else []
    entry = assistant.review.glossary.abbreviation(subject) if subject else None
    expansion = entry if entry is not None and asks_what_it_stands_for(question) else None

    def defining(unit: str) -> bool:  # what it is, or (for 'what does X stand for?') its long form given with it
        if expansion is not None:
            return spells_out(unit, expansion.abbr, expansion.long_forms)
        return opens_on(unit, forms)

    vectors = assistant.sentence_vectors
    reader = assistant.reader if assistant.techniques.reader_sentences else None
    chunks = [hit.chunk for hit in result.hits[:ANSWER_DEPTH]]
    reading = unit_reading(reader, question, chunks) if reader is not None else None
    return compose(
        result.hits,
        question,
        query or QueryTerms.from_expanded(result.expanded),
        assistant.index.lexical.idf,
        vectors=lambda chunk, unit: vectors.of(chunk.id, chunk.kind, unit),
        query_vector=result.query_vector,
        defining=defining if forms else None,
        reading=reading,
        best_first=assistant.techniques.answer_first,
    )


def explaining_passage(assistant: Assistant, entry: GlossaryEntry) -> Hit | None:
    """The passage a search for 'what are X?' ranks first (definitions first: `search.definitions`), if answered."""
    result = assistant.search(f"what are {entry.abbr}?", k=1)
    return result.hits[0] if result.answerable and result.hits else None


def _lookup_reply(assistant: Assistant, lookup: Lookup) -> Reply | None:
    """The lookup's reply; None when a glossary term is unknown (the message is then searched instead)."""
    review = assistant.review
    if lookup.kind == "glossary":
        entry = review.glossary.lookup(lookup.term)
        return GlossaryReply(entry, explaining_passage(assistant, entry)) if entry is not None else None
    count = len(review.references)
    if lookup.invalid:
        return Notice(f"'{lookup.invalid}' is not a reference number; the review lists 1 to {count}.")
    unknown = [n for n in lookup.numbers if not 1 <= n <= count]
    if unknown:
        return Notice(f"There is no reference {unknown[0]}; the review lists 1 to {count}.")
    numbers = lookup.numbers[:MAX_LOOKUP_REFS]
    return ReferenceReply(tuple(CitedReference(review.reference(n), review.citing(n)) for n in numbers))
