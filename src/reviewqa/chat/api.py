"""The `/ask` API function: the same JSON as `reviewqa ask --json`, or {"query", "error"} for input it refuses."""

from __future__ import annotations

from collections.abc import Callable

from reviewqa.chat.turn import Settings, answered_json, grounded
from reviewqa.errors import InvalidQuery
from reviewqa.search.assistant import Assistant
from reviewqa.search.query import MAX_QUERY_CHARS


def ask_endpoint(assistant: Assistant | None) -> Callable[..., dict]:
    """The `/ask` function over `assistant`, typed so that Gradio documents its parameters (and their defaults,
    which the server applies to raw HTTP calls that leave them out)."""

    def ask(
        question: str,
        k: int = 5,
        mode: str = "hybrid",
        kinds: list[str] | None = None,
        sections: list[str] | None = None,
        history: list[str | dict] | None = None,
    ) -> dict:
        """Ranked, cited passages and the composed answer as `reviewqa ask --json` prints them, the question read
        after `history` (the conversation's earlier turns, oldest first: questions, or {"question", "answer_chunk_ids",
        "answer_sentences"} with the passages each reply's answer came from and its sentences as shown; what is not
        given is rebuilt); {"query", "error"} for unsearchable input."""
        if assistant is None:
            raise RuntimeError("ask_endpoint(None) is for reading the signature only")
        try:
            names = _names(kinds, "kinds"), _names(sections, "sections")
            earlier = grounded(assistant, history or (), rebuild_settings(mode, *names))
            result = assistant.search(question, k=k, mode=mode, kinds=names[0], sections=names[1], history=earlier)
            return answered_json(assistant, result, earlier=earlier)
        except InvalidQuery as exc:  # the question is echoed as sent, up to the bound a search reads
            return {"query": question[:MAX_QUERY_CHARS] if isinstance(question, str) else question, "error": str(exc)}

    return ask


def rebuild_settings(mode: object, kinds: list[str] | None, sections: list[str] | None) -> Settings:
    """The settings earlier turns are answered again with, when only their questions are given: the request's mode
    and filters, the chat's number of passages."""
    return Settings(mode=str(mode), kinds=tuple(kinds or ()), sections=tuple(sections or ()))


def _names(value: object, what: str) -> list[str] | None:
    """A filter from the API: a list of strings (or a single string), None when empty; InvalidQuery otherwise."""
    if isinstance(value, str):
        value = [value]
    if not value:
        return None
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise InvalidQuery(f"{what} must be a list of names")
    return list(value)
