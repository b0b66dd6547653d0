"""One chat turn: a lookup ('ref 66', 'define CAFs') or a question (read in the context of the previous one)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reviewqa.answer import QueryTerms, best_sentence
from reviewqa.assistant import Assistant
from reviewqa.followup import read_in_context
from reviewqa.lookup import MAX_LOOKUP_REFS, Lookup, parse_lookup
from reviewqa.query import MAX_QUERY_CHARS, InvalidQuery, clean_query
from reviewqa.replies import glossary_reply, notice_reply, reference_reply, search_reply


@dataclass(frozen=True)
class Settings:
    """The chat's controls: passages shown, search mode, kind and section filters."""

    k: int = 5
    mode: str = "hybrid"
    kinds: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()


@dataclass(frozen=True)
class Turn:
    """The reply's HTML and the question searched (None for a lookup: the next follow-up reads past it)."""

    html: str
    question: str | None = None


def respond(assistant: Assistant, message: str, previous: str | None = None, settings: Settings = Settings()) -> Turn:
    """The reply to one chat message; input that cannot be searched gets a notice, never an exception."""
    try:
        message = clean_query(message)  # control characters gone, whitespace collapsed, cut to MAX_QUERY_CHARS
    except InvalidQuery as exc:
        return Turn(notice_reply(f"Cannot search this: {exc}."))
    lookup = parse_lookup(message)
    if lookup is not None:
        reply = _lookup_reply(assistant, lookup)
        if reply is not None:
            return Turn(reply)
    reading = read_in_context(message, previous)
    try:
        result = assistant.search(
            reading.question, settings.k, settings.mode, list(settings.kinds) or None, list(settings.sections) or None
        )
    except InvalidQuery as exc:
        return Turn(notice_reply(f"Cannot search this: {exc}."))
    query = QueryTerms.from_expanded(result.expanded)
    answer = best_sentence(result.hits, query, assistant.index.lexical.idf) if result.answerable else None
    return Turn(search_reply(result, assistant.review, query, answer, reading), result.query)


def _lookup_reply(assistant: Assistant, lookup: Lookup) -> str | None:
    """The lookup's reply; None when a glossary term is unknown (the message is then searched instead)."""
    review = assistant.review
    if lookup.kind == "glossary":
        entry = review.glossary.lookup(lookup.term)
        return glossary_reply(entry) if entry is not None else None
    if lookup.invalid:
        return notice_reply(
            f"'{lookup.invalid}' is not a reference number; the review lists 1 to {len(review.references)}."
        )
    unknown = [n for n in lookup.numbers if not 1 <= n <= len(review.references)]
    if unknown:
        return notice_reply(f"There is no reference {unknown[0]}; the review lists 1 to {len(review.references)}.")
    numbers = lookup.numbers[:MAX_LOOKUP_REFS]
    return "".join(reference_reply(review.reference(n), review.citing(n), review) for n in numbers)


def ask_endpoint(assistant: Assistant) -> Callable[..., dict]:
    """The `/ask` API function over `assistant`, typed so that Gradio documents its parameters."""

    def ask(
        question: str,
        k: int = 5,
        mode: str = "hybrid",
        kinds: list[str] | None = None,
        sections: list[str] | None = None,
    ) -> dict:
        """Ranked, cited passages as `reviewqa ask --json` prints them; {"query", "error"} for unsearchable input."""
        try:
            names = _names(kinds, "kinds"), _names(sections, "sections")
            return assistant.search(question, k, mode, *names).to_json()
        except InvalidQuery as exc:  # the question is echoed as sent, up to the bound a search reads
            return {"query": question[:MAX_QUERY_CHARS] if isinstance(question, str) else question, "error": str(exc)}

    return ask


def _names(value, what: str) -> list[str] | None:
    """A filter from the API: a list of strings (or a single string), None when empty; InvalidQuery otherwise."""
    if isinstance(value, str):
        value = [value]
    if not value:
        return None
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise InvalidQuery(f"{what} must be a list of names")
    return list(value)
