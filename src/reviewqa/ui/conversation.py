"""The conversation kept across page reloads: the browser keeps the questions asked (with their settings), never
the replies; on a reload the server answers them again, in order, so follow-ups read the same way.

What the browser keeps is bounded (the newest turns: at most MAX_SAVED_TURNS, MAX_SAVED_CHARS of questions and
MAX_SAVED_BYTES of JSON, however the text escapes), so the one request that sends it back on a reload stays far
under the server's 64 KB body limit, and answering it again costs no more than typing those questions did. The
value comes from the browser, so whatever it holds is cut to the same bounds before anything is searched, and the
answers are cached: reloading the same conversation again (or a crafted one, over and over) costs nothing more.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from reviewqa.chat.turn import Settings, Turn, respond
from reviewqa.search.assistant import Assistant
from reviewqa.search.history import EarlierTurn
from reviewqa.search.query import MAX_QUERY_CHARS
from reviewqa.ui.replies import render_reply, user_message

MAX_SAVED_TURNS = 12
MAX_SAVED_CHARS = 6_000  # three questions of the longest kind a search reads, or a dozen ordinary ones
MAX_SAVED_BYTES = 24_000
REPLAY_CACHE = 256  # answers kept for replays (a turn and its HTML: tens of KB each)


def turn_record(message: str, settings: Settings) -> dict[str, Any]:
    """What the browser keeps of one question: its text (cut where the search cuts it, without lone surrogates,
    which cannot be stored as UTF-8) and its settings."""
    return {
        "q": "".join(c for c in message[:MAX_QUERY_CHARS] if not "\ud800" <= c <= "\udfff"),
        "k": int(settings.k),
        "mode": str(settings.mode),
        "kinds": list(settings.kinds),
        "sections": list(settings.sections),
    }


def bounded(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The newest turns that fit: at most MAX_SAVED_TURNS, MAX_SAVED_CHARS of questions, and MAX_SAVED_BYTES as
    JSON (UTF-8, escapes counted)."""
    kept: list[dict[str, Any]] = []
    size = chars = 0
    for record in reversed(records[-MAX_SAVED_TURNS:]):
        size += len(json.dumps(record, ensure_ascii=False).encode("utf-8"))
        chars += len(record.get("q", "")) if isinstance(record.get("q"), str) else 0
        if size > MAX_SAVED_BYTES or chars > MAX_SAVED_CHARS:
            break
        kept.append(record)
    return kept[::-1]


def saved(user: str | None, records: list[dict[str, Any]]) -> dict[str, Any]:
    """The value the browser keeps: whose conversation it is (a shared browser must not show another's) and it."""
    return {"user": user or "", "turns": bounded(records)}


def replay(
    assistant: Assistant, kept: object, user: str | None
) -> tuple[list[dict[str, str]], list[dict], list[EarlierTurn]]:
    """(chat messages, records, turns searched: each question with its answer's passages) rebuilt from what the
    browser kept; nothing when it is not this user's or not of the expected shape (it comes from the browser)."""
    if not isinstance(kept, dict) or kept.get("user") != (user or "") or not isinstance(kept.get("turns"), list):
        return [], [], []
    messages: list[dict[str, str]] = []
    records: list[dict[str, Any]] = []
    asked: list[EarlierTurn] = []
    for record in bounded([r for r in kept["turns"][-MAX_SAVED_TURNS:] if _well_formed(r)]):
        settings = Settings(record["k"], record["mode"], tuple(record["kinds"]), tuple(record["sections"]))
        try:
            turn, html = answered(assistant, record["q"], tuple(asked), settings)
        except (ValueError, TypeError):  # settings the browser kept that are no longer valid
            continue
        messages += [{"role": "user", "content": user_message(record["q"])}, {"role": "assistant", "content": html}]
        records.append(record)
        asked = turn.after(asked)
    return messages, records, asked


@functools.lru_cache(maxsize=REPLAY_CACHE)
def answered(
    assistant: Assistant, question: str, asked: tuple[EarlierTurn, ...], settings: Settings
) -> tuple[Turn, str]:
    """The turn for `question` after `asked`, and its HTML: worked out once, then taken from the cache."""
    turn = respond(assistant, question, list(asked), settings)
    return turn, render_reply(turn.reply, assistant.review)


def _well_formed(record: object) -> bool:
    if not isinstance(record, dict):
        return False
    lists = all(
        isinstance(record.get(key), list) and all(isinstance(v, str) for v in record[key])
        for key in ("kinds", "sections")
    )
    scalars = (
        isinstance(record.get("q"), str) and isinstance(record.get("k"), int) and isinstance(record.get("mode"), str)
    )
    return scalars and lists
