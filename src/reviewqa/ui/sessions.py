"""How long the server keeps a session: Gradio keeps, for every session hash it sees, a copy of the whole page's
configuration (~200 KB here) until 10,000 newer sessions push it out, so every page load and every raw API call
used to add to the server's memory for good.

Kept now: at most MAX_SESSIONS (the oldest pushed out first), and each only while it may still be used —
a page that is open (its heartbeat connection is up) until it has been idle PAGE_IDLE, a page that closed for
CLOSED_IDLE (time to come back after a lost connection), anything else (an API client, a script) for API_IDLE;
a raw `/gradio_api/call/<name>` call's session as soon as its answer has been read.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

MAX_SESSIONS = 250
PAGE_IDLE = 4 * 3600.0
CLOSED_IDLE = 600.0
API_IDLE = 30.0
SWEEP_EVERY = 5.0
HEARTBEAT = re.compile(r"/gradio_api/heartbeat/(?P<session>[\w-]+)/?$")
CALL_RESULT = re.compile(r"/gradio_api/call/(?:v2/)?[\w-]+/(?P<event>[\w-]+)/?$")


def _now() -> datetime.datetime:
    return datetime.datetime.now()  # the clock Gradio stamps a session's last use with


class SessionKeeper:
    """Which sessions have a page open (by their heartbeat connections), and the sweep that drops the others'
    state once it cannot be needed. `holder` is Gradio's StateHolder (session_data, time_last_used, lock)."""

    def __init__(self, clock: Callable[[], datetime.datetime] = _now):
        self.clock = clock
        self.open_pages: dict[str, int] = {}  # session hash -> heartbeat connections up
        self.closed_at: dict[str, datetime.datetime] = {}
        self.swept = clock()

    def page_opened(self, session: str) -> None:
        self.open_pages[session] = self.open_pages.get(session, 0) + 1
        self.closed_at.pop(session, None)

    def page_closed(self, session: str) -> None:
        left = self.open_pages.get(session, 1) - 1
        if left > 0:
            self.open_pages[session] = left
            return
        self.open_pages.pop(session, None)
        self.closed_at[session] = self.clock()

    def idle_limit(self, session: str) -> float:
        if session in self.open_pages:
            return PAGE_IDLE
        return CLOSED_IDLE if session in self.closed_at else API_IDLE

    def expired(self, last_used: dict[str, datetime.datetime]) -> list[str]:
        """The sessions idle past their limit (a closed page counts from when it closed)."""
        now = self.clock()
        found = []
        for session, used in list(last_used.items()):
            since = max(used, self.closed_at.get(session, used))
            if (now - since).total_seconds() > self.idle_limit(session):
                found.append(session)
        return found

    def sweep(self, holder: Any, force: bool = False) -> int:
        """Drop the expired sessions from `holder` (at most every SWEEP_EVERY seconds unless `force`); how many."""
        now = self.clock()
        if not force and (now - self.swept).total_seconds() < SWEEP_EVERY:
            return 0
        self.swept = now
        try:
            last_used = dict(holder.time_last_used)
        except RuntimeError:  # changed by another thread while copied: the next sweep will do
            return 0
        gone = self.expired(last_used)
        for session in gone:
            drop(holder, session)
        for session in [s for s in self.closed_at if s not in holder.session_data]:
            del self.closed_at[session]
        return len(gone)

    def call_answered(self, holder: Any, session: str) -> None:
        """A raw API call's answer was read: its session (the event id) is not a page's, and nothing of it is kept."""
        if session not in self.open_pages and session not in self.closed_at:
            drop(holder, session)


def drop(holder: Any, session: str) -> None:
    """Forget one session's state (its State values' delete callbacks run first)."""
    if session not in holder.session_data:
        holder.time_last_used.pop(session, None)
        return
    holder.delete_state(session)
    with holder.lock:
        holder.session_data.pop(session, None)
        holder.time_last_used.pop(session, None)
