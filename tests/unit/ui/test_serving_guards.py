"""The rules behind the server's guards (issue 22): which pages may use the app, how long a failed login waits,
how long a session is kept. The live app is exercised in tests/e2e/test_audit_serving.py."""

from __future__ import annotations

import datetime
import threading
from collections import OrderedDict

import pytest

from reviewqa.ui.logins import FIRST_WAIT, FORGET_AFTER, FREE_FAILURES, MAX_WAIT, LoginLimiter
from reviewqa.ui.origins import OriginPolicy, origin_text, parse_origin
from reviewqa.ui.sessions import API_IDLE, CLOSED_IDLE, PAGE_IDLE, SessionKeeper


@pytest.mark.parametrize(
    ("origin", "host", "permitted"),
    [
        ("http://127.0.0.1:7860", "127.0.0.1:7860", True),
        ("http://LOCALHOST:7860", "localhost:7860", True),
        ("http://[::1]:7860", "[::1]:7860", True),
        ("https://class.example.org", "class.example.org", True),  # a proxy ends TLS and passes the Host on
        ("http://class.example.org", "class.example.org:80", True),
        ("http://127.0.0.1:8000", "127.0.0.1:7860", False),  # another port of the same machine
        ("http://localhost:7860", "127.0.0.1:7860", False),  # another name is another site
        ("http://evil.example", "192.168.1.20:7860", False),
        ("null", "127.0.0.1:7860", False),
        ("http://127.0.0.1:7860", None, False),
        ("http://127.0.0.1:7860/page", "127.0.0.1:7860", False),  # not an origin
    ],
)
def test_only_the_apps_own_pages_are_permitted(origin, host, permitted):
    assert OriginPolicy().permits(origin, host) is permitted


def test_allowed_origins_are_exact_and_checked():
    policy = OriginPolicy.of(["https://Teacher.example:8443", "http://lab.example/"])
    assert policy.permits("https://teacher.example:8443", "127.0.0.1:7860")
    assert policy.permits("http://lab.example:80", "127.0.0.1:7860")
    assert not policy.permits("https://teacher.example", "127.0.0.1:7860")
    assert not policy.permits("http://teacher.example:8443", "127.0.0.1:7860")
    assert origin_text(parse_origin("HTTPS://[::1]:443")) == "https://[::1]"
    for wrong in ("teacher.example", "ftp://teacher.example", "https://teacher.example/app", "https://", "null"):
        with pytest.raises(ValueError, match="is not an origin: give scheme, host and port only"):
            OriginPolicy.of([wrong])


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_failed_logins_wait_twice_as_long_each_time_per_name():
    clock = Clock()
    limiter = LoginLimiter(clock)
    for _ in range(FREE_FAILURES["name"]):
        assert limiter.wait("10.0.0.1", "ana") == 0
        limiter.attempt("10.0.0.1", "ana")
    waits = []
    for _ in range(8):
        waits.append(limiter.wait("10.0.0.1", "Ana "))  # the name as typed: case and spaces aside
        clock.now += waits[-1]
        limiter.attempt("10.0.0.1", "ana")
    assert waits == [FIRST_WAIT * 2**n for n in range(6)] + [MAX_WAIT, MAX_WAIT] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert limiter.wait("10.0.0.2", "ana") == MAX_WAIT  # from another address too
    assert limiter.wait("10.0.0.1", "ben") == 0  # the address has not failed often enough to wait
    clock.now += FORGET_AFTER + 1
    assert limiter.wait("10.0.0.1", "ana") == 0


def test_an_address_trying_many_names_waits_and_a_right_password_clears_the_name():
    clock = Clock()
    limiter = LoginLimiter(clock)
    for number in range(FREE_FAILURES["address"]):
        assert limiter.wait("10.0.0.9", f"name{number}") == 0
        limiter.attempt("10.0.0.9", f"name{number}")
    assert limiter.wait("10.0.0.9", "anyone") == FIRST_WAIT and limiter.wait("10.0.0.8", "anyone") == 0
    for _ in range(FREE_FAILURES["name"] - 1):
        limiter.attempt("10.0.0.3", "ben")
    limiter.attempt("10.0.0.3", "ben")
    limiter.succeeded("10.0.0.3", "ben")
    assert limiter.wait("10.0.0.3", "ben") == 0


class Holder:
    """Gradio's StateHolder, as far as the keeper uses it."""

    def __init__(self, sessions: dict[str, datetime.datetime]):
        self.session_data = OrderedDict((s, object()) for s in sessions)
        self.time_last_used = dict(sessions)
        self.lock = threading.Lock()
        self.deleted: list[str] = []

    def delete_state(self, session: str) -> None:
        self.deleted.append(session)


def test_sessions_are_kept_while_they_may_be_used():
    start = datetime.datetime(2026, 1, 1, 9, 0)
    now = [start]
    keeper = SessionKeeper(lambda: now[0])
    holder = Holder({"api": start, "open": start, "closed": start, "answered": start})
    keeper.page_opened("open")
    keeper.page_opened("closed")
    keeper.page_closed("closed")
    keeper.call_answered(holder, "answered")
    keeper.call_answered(holder, "open")  # a page's session is never dropped as an API call's
    assert list(holder.session_data) == ["api", "open", "closed"] and holder.deleted == ["answered"]

    def after(seconds: float) -> list[str]:
        now[0] = start + datetime.timedelta(seconds=seconds)
        keeper.sweep(holder, force=True)
        return list(holder.session_data)

    assert after(API_IDLE - 1) == ["api", "open", "closed"]
    assert after(API_IDLE + 1) == ["open", "closed"]
    assert after(CLOSED_IDLE + 1) == ["open"]
    assert after(PAGE_IDLE + 1) == [] and keeper.closed_at == {}
