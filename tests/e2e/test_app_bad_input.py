"""The app keeps serving through bad input: the `/ask` API (gradio_client) and the chat's own handler.

Every odd or invalid message gets a clear message or a bounded answer, never an exception, all of it
escaped; a normal question is answered as before afterwards.
"""

from __future__ import annotations

import html
import inspect
import json
import re
import threading

import pytest
from helpers import ODD_BUT_VALID

from reviewqa.chat.api import ask_endpoint
from reviewqa.chat.lookup import parse_lookup
from reviewqa.chat.turn import Settings, answered_json, respond
from reviewqa.search.query import MAX_QUERY_CHARS
from reviewqa.ui.replies import CUT_NOTE, render_reply
from reviewqa.ui.server import MAX_BODY_BYTES

NORMAL = "What drives EGFR-TKI resistance?"
# Every tag our replies use; anything else in a reply would be user text that escaped escaping.
ALLOWED_TAGS = {
    "a", "blockquote", "br", "button", "details", "div", "li", "mark", "ol", "q", "span", "summary", "ul",
    "table", "tbody", "th", "td", "tr",  # a table row's card
    "svg", "g", "title", "rect", "text", "tspan",  # the section strip
}  # fmt: skip
WAIT = 60  # s; a ceiling for a call that used to backtrack for hours, never a measured delay


@pytest.fixture(scope="module")
def client(fake_app_url):
    from gradio_client import Client

    return Client(fake_app_url, verbose=False)


@pytest.fixture(scope="module")
def chat_handler(fake_app):
    """The app's own two steps behind the Ask button (the question shown at once, then the reply), called as
    Gradio calls them."""
    steps = {}
    for name in ("show_question", "reply"):
        found = {
            f.fn for f in fake_app.fns.values() if f.name == name and "message" in inspect.signature(f.fn).parameters
        }
        assert len(found) == 1, name
        steps[name] = found.pop()
    return steps["show_question"], steps["reply"]


def _reply(assistant, message, previous=None, settings=None) -> str:
    return render_reply(respond(assistant, message, previous, settings).reply, assistant.review)


def _json(data: dict) -> dict:
    return json.loads(json.dumps(data))


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def assert_safe_html(fragment: str) -> None:
    """Only our own tags, no event handlers, links only to https."""
    tags = set(re.findall(r"<\s*/?\s*([a-zA-Z][\w-]*)", fragment))
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    assert not [tag for tag in re.findall(r"<[^>]+>", fragment) if re.search(r"\son\w+\s*=", tag, re.I)]
    assert all(href.startswith(("https://", "#rq-passage-")) for href in re.findall(r'href="([^"]*)"', fragment))


# --- /ask through gradio_client -------------------------------------------------------------------------------


def _sendable(text: str) -> bool:
    """gradio_client posts UTF-8 JSON, which cannot carry a lone surrogate (the chat tests below take those), and
    the server takes bodies up to MAX_BODY_BYTES (a larger one is refused: test_audit)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return len(json.dumps(text)) < MAX_BODY_BYTES // 2


@pytest.mark.parametrize("question", [q for q in ODD_BUT_VALID if _sendable(q)])
def test_ask_answers_odd_input_within_bounds(client, fake_assistant, question):
    result = client.predict(question, 5, "hybrid", [], [], api_name="/ask")
    assert result == _json(ask_endpoint(fake_assistant)(question, 5))
    assert len(result["query"]) <= MAX_QUERY_CHARS and "\x00" not in result["query"]
    assert 1 <= len(result["hits"]) <= 5 and isinstance(result["answerable"], bool)


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("",), "the question is empty"),
        (("   \t\n ",), "the question is empty"),
        (("\x00\x07\x1b",), "the question is empty"),
        ((" " * 30_000,), "the question is empty"),
        ((123,), "the question must be text"),
        ((None,), "the question must be text"),
        ((NORMAL, 0), "k must be at least 1, not 0"),
        ((NORMAL, -5), "k must be at least 1, not -5"),
        ((NORMAL, "ten"), "k must be a whole number, not 'ten'"),
        ((NORMAL, 2.5), "k must be a whole number, not '2.5'"),
        ((NORMAL, None), "k must be a whole number, not 'None'"),
        ((NORMAL, 5, "magic"), "unknown mode 'magic'; choose one of hybrid, dense, bm25"),
        ((NORMAL, 5, "hybrid", ["tweet"]), "unknown kind 'tweet'; choose from back_matter, figure, front_matter"),
        ((NORMAL, 5, "hybrid", [1, 2]), "kinds must be a list of names"),
        ((NORMAL, 5, "hybrid", {"a": 1}), "kinds must be a list of names"),
        ((NORMAL, 5, "hybrid", [], ["Discussion"]), "unknown section 'Discussion'; choose from Front matter"),
        ((NORMAL, 5, "hybrid", [], ["<script>alert(1)</script>"]), "unknown section '<script>alert(1)</script>'"),
    ],
)
def test_ask_refuses_invalid_values_with_a_message(client, args, error):
    result = client.predict(*args, api_name="/ask")
    assert set(result) == {"query", "error"}
    assert result["error"].startswith(error)
    assert not isinstance(result["query"], str) or len(result["query"]) <= MAX_QUERY_CHARS


def test_ask_bounds_a_huge_k_and_keeps_serving(client, fake_assistant):
    assert len(client.predict(NORMAL, 10**9, api_name="/ask")["hits"]) == 50
    assert client.predict(NORMAL, "3", api_name="/ask") == _json(
        answered_json(fake_assistant, fake_assistant.search(NORMAL, k=3))
    )
    assert client.predict("CAFs", 5, "hybrid", "text", api_name="/ask") == _json(
        answered_json(fake_assistant, fake_assistant.search("CAFs", kinds=["text"]))
    )
    # after all of the above, in this module and the tests before it
    expected = answered_json(fake_assistant, fake_assistant.search(NORMAL))
    assert client.predict(NORMAL, api_name="/ask") == _json(expected)


# --- the chat handler ---------------------------------------------------------------------------------------------


def _chat(handler, message: str, previous: str | None = None, k: int = 5, mode: str = "hybrid", kinds=(), sections=()):
    show_question, reply = handler
    asked_before = [previous] if previous else []
    _, box, pending = show_question(message, [])
    box = message if isinstance(box, dict) else box  # gr.update(): an empty send leaves the box as it is
    shown, history, records, kept, asked = reply(
        pending, [], [], asked_before, k, mode, list(kinds), list(sections), None
    )
    assert shown == history  # the chat shows the conversation the server keeps
    if history:  # the browser keeps only the questions, never the replies (ui.conversation)
        storable = "".join(c for c in message[:2000] if not "\ud800" <= c <= "\udfff")  # no lone surrogates
        assert kept == {"user": "", "turns": records} and [r["q"] for r in records] == [storable]
        json.dumps(kept, ensure_ascii=False).encode("utf-8")  # what the browser keeps is valid UTF-8
    last = asked[-1] if asked else None  # the turns searched: each question with its answer's passages
    return history, box, getattr(last, "question", last)


@pytest.mark.parametrize("message", ODD_BUT_VALID)
def test_chat_answers_odd_input_within_bounds_and_escaped(chat_handler, fake_assistant, message):
    history, box, last = _chat(chat_handler, message)
    assert box == "" and [turn["role"] for turn in history] == ["user", "assistant"]
    reply = history[1]["content"]
    assert_safe_html(reply)
    assert 'class="rq-card' in reply and reply.count('class="rq-card ') <= 5
    bubble = history[0]["content"]
    assert "<" not in bubble.replace("<br>", "") and "\x00" not in bubble
    assert len(html.unescape(bubble)) <= 2 * MAX_QUERY_CHARS
    assert last == fake_assistant.search(message).query


def test_chat_cuts_a_long_message_where_the_search_does(chat_handler):
    history, _, last = _chat(chat_handler, "tumor " * 20_000)
    assert len(last) == MAX_QUERY_CHARS
    shown = re.sub(r"\\(.)", r"\1", html.unescape(history[0]["content"]))  # Markdown escapes undone
    assert shown == "tumor " * (MAX_QUERY_CHARS // 6) + "tu" + CUT_NOTE


@pytest.mark.parametrize(
    ("message", "notice"),
    [
        ("ref 0", "'0' is not a reference number; the review lists 1 to 150."),
        ("ref 151", "There is no reference 151; the review lists 1 to 150."),
        ("ref -1", "'-1' is not a reference number; the review lists 1 to 150."),
        ("[-1]", "'-1' is not a reference number; the review lists 1 to 150."),
        ("ref abc", "'abc' is not a reference number; the review lists 1 to 150."),
        ("reference 99999", "'99999' is not a reference number; the review lists 1 to 150."),
        ("[12-9]", "'12-9' is not a reference number; the review lists 1 to 150."),
        ("\x00\x07\x1b", "Cannot search this: the question is empty."),
    ],
)
def test_chat_refuses_invalid_lookups_in_one_notice(chat_handler, message, notice):
    history, _, last = _chat(chat_handler, message, previous=NORMAL)
    reply = history[1]["content"]
    assert reply == f'<div class="rq-reply"><div class="rq-notice">{html.escape(notice)}</div></div>'
    assert last == NORMAL  # a refused message leaves the conversation where it was


def test_chat_searches_a_bracketed_word(chat_handler, fake_assistant):
    history, _, last = _chat(chat_handler, "[abc]")
    assert last == "[abc]" and re.findall(r'class="rq-card rq-chunk-([^"]+)"', history[1]["content"]) == [
        h.chunk.id for h in fake_assistant.search("[abc]").hits
    ]


def test_chat_ignores_an_empty_send(chat_handler):
    assert _chat(chat_handler, "   \n ", previous=NORMAL) == ([], "   \n ", NORMAL)


@pytest.mark.parametrize(
    ("settings", "notice"),
    [
        (Settings(k=0), "Cannot search this: k must be at least 1, not 0."),
        (Settings(mode="magic"), "Cannot search this: unknown mode 'magic'; choose one of hybrid, dense, bm25."),
        (Settings(kinds=("<img src=x onerror=alert(1)>",)), "Cannot search this: unknown kind '<img src=x"),
        (Settings(sections=("Discussion",)), "Cannot search this: unknown section 'Discussion'"),
    ],
)
def test_chat_refuses_invalid_settings_escaped(fake_assistant, settings, notice):
    reply = _reply(fake_assistant, NORMAL, settings=settings)
    assert_safe_html(reply)
    assert _text(reply).startswith(notice)


def test_chat_bounds_a_huge_k(fake_assistant):
    assert _reply(fake_assistant, NORMAL, settings=Settings(k=10**9)).count('class="rq-card ') == 50


def test_chat_escapes_what_it_echoes(fake_assistant):
    attack = "<script>alert(1)</script>"
    followup = _reply(fake_assistant, f"what about {attack}?", previous="How do CAFs block drug delivery?")
    assert_safe_html(followup)
    assert f"Read as a follow-up: How do {attack} block drug delivery?" in _text(followup)
    unknown_term = _reply(fake_assistant, f"define {attack}")
    assert_safe_html(unknown_term)


def test_chat_keeps_serving_afterwards(chat_handler, fake_assistant):
    history, _, last = _chat(chat_handler, NORMAL)
    assert last == NORMAL and history[1]["content"] == _reply(fake_assistant, NORMAL)


@pytest.mark.parametrize("filler", [" ", "\t", " \n"])
@pytest.mark.parametrize("shape", ["ref 1{}x", "[1{}x", "define a{}b", "what is a{}b", "(1,{}2)x"])
def test_lookups_on_huge_whitespace_runs_end(shape, filler):
    """These used to backtrack for hours (runs of whitespace between two optional parts of the pattern)."""
    message = shape.format(filler * 50_000)
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(parse_lookup(message)), daemon=True)
    worker.start()
    worker.join(WAIT)
    assert outcome, "parse_lookup did not finish"


def test_the_chat_keeps_each_answers_passages_for_the_next_turn(chat_handler, fake_assistant):
    """The app's conversation state holds each question with the passages its answer came from, and the next turn
    is read against them ('the second one' = the previous answer's second passage)."""
    _, reply = chat_handler
    first = "Which trials combined immunotherapy with anti-angiogenic drugs?"
    *_, asked = reply(first, [], [], [], 5, "hybrid", [], [], None)
    one = respond(fake_assistant, first)
    assert asked == one.after([]) and len(asked[0].answer_chunk_ids) >= 2
    shown, *_, asked = reply("what phase was the second one?", [], [], asked, 5, "hybrid", [], [], None)
    two = respond(fake_assistant, "what phase was the second one?", one.after([]))
    assert shown[-1]["content"] == render_reply(two.reply, fake_assistant.review)
    assert re.findall(r'class="rq-card rq-chunk-([^"]+)"', shown[-1]["content"])[0] == one.answer_chunk_ids[1]
    assert [t.question for t in asked] == [first, "what phase was the second one?"]
