"""One chat turn and the /ask payload, on the fake-embedder assistant (no model)."""

from __future__ import annotations

import html
import re

from reviewqa.chat import Settings, Turn, ask_endpoint, respond
from reviewqa.replies import NOT_ANSWERED


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def _card_ids(fragment: str) -> list[str]:
    return re.findall(r'class="rq-card rq-chunk-([^"]+)"', fragment)


def test_question_gets_answer_then_ranked_cards(fake_assistant):
    turn = respond(fake_assistant, "What drives EGFR-TKI resistance?", settings=Settings(k=4))
    result = fake_assistant.search("What drives EGFR-TKI resistance?", k=4)
    assert turn.question == "What drives EGFR-TKI resistance?"
    assert _card_ids(turn.html) == [h.chunk.id for h in result.hits]
    assert turn.html.index('class="rq-answer"') < turn.html.index('class="rq-card')
    assert NOT_ANSWERED not in _text(turn.html)


def test_reference_lookup_lists_every_citing_passage(fake_assistant, review):
    turn = respond(fake_assistant, "ref 66", previous="What drives EGFR-TKI resistance?")
    assert turn.question is None  # a follow-up after the lookup still reads against the last question
    assert _card_ids(turn.html) == [c.id for c in review.citing(66)] == ["s4-p2", "t1-r1"]
    assert "Reference [66]" in _text(turn.html) and "Cited in 2 passages of the review" in _text(turn.html)
    assert '<details open class="rq-chip"><summary>[66]</summary>' in turn.html
    assert respond(fake_assistant, "[66]") == turn


def test_unknown_reference_is_refused_plainly(fake_assistant):
    assert "There is no reference 151; the review lists 1 to 150." in _text(respond(fake_assistant, "[151]").html)


def test_glossary_lookup_and_fallback_to_search(fake_assistant):
    defined = respond(fake_assistant, "define CAFs").html
    assert re.findall(r"<li>(.*?)</li>", defined) == ["cancer-associated fibroblasts"]  # not also '...fibroblast'
    assert respond(fake_assistant, "what does CAF stand for?") == Turn(defined)
    unknown = respond(fake_assistant, "define hypoxia")
    assert unknown.question == "define hypoxia" and 'class="rq-card' in unknown.html


def test_followup_is_searched_as_read(fake_assistant):
    turn = respond(fake_assistant, "what about TAMs?", previous="How do CAFs block drug delivery?")
    assert turn.question == "How do TAMs block drug delivery?"
    assert "Read as a follow-up: <q>How do TAMs block drug delivery?</q>" in turn.html
    expected = fake_assistant.search("How do TAMs block drug delivery?", k=5)
    assert _card_ids(turn.html) == [h.chunk.id for h in expected.hits]


def test_unanswerable_question_says_so_above_the_closest_passages(fake_assistant):
    turn = respond(fake_assistant, "what is the recommended dose of adagrasib?")
    assert not fake_assistant.search("what is the recommended dose of adagrasib?").answerable
    assert turn.html.index(NOT_ANSWERED) < turn.html.index('class="rq-card')
    assert 'class="rq-answer"' not in turn.html


def test_filters_reach_the_search(fake_assistant):
    turn = respond(fake_assistant, "EGFR-TKI", settings=Settings(k=3, mode="bm25", kinds=("table_row",)))
    ids = _card_ids(turn.html)
    assert len(ids) == 3 and all(re.fullmatch(r"t\d-r\d+", i) for i in ids)


def test_bad_input_is_a_notice_not_an_exception(fake_assistant):
    assert respond(fake_assistant, "   ") == Turn(
        '<div class="rq-reply"><div class="rq-notice">Cannot search this: the question is empty.</div></div>'
    )
    assert "unknown kind" in respond(fake_assistant, "x", settings=Settings(kinds=("poem",))).html


def test_ask_endpoint_is_the_cli_shape(fake_assistant):
    ask_json = ask_endpoint(fake_assistant)
    assert ask_json("T790M", 3) == fake_assistant.search("T790M", k=3).to_json()
    assert (
        ask_json("T790M", 2, "bm25", ["text"], ["3"])
        == fake_assistant.search("T790M", 2, "bm25", ["text"], ["3"]).to_json()
    )
    assert ask_json("  ") == {"query": "  ", "error": "the question is empty"}
    assert ask_json("x", mode="fuzzy")["error"].startswith("unknown mode 'fuzzy'")
