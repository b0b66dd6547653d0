"""Chat replies rendered: the answer above the cards, lookups, notices — escaped HTML (fake-embedder assistant)."""

from __future__ import annotations

import html
import re

from reviewqa.chat.turn import Settings, grounded, respond
from reviewqa.ui.replies import render_reply


def _html(assistant, message: str, previous: str | None = None, settings: Settings | None = None) -> str:
    return render_reply(respond(assistant, message, [previous] if previous else [], settings).reply, assistant.review)


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def _card_ids(fragment: str) -> list[str]:
    return re.findall(r'class="rq-card rq-chunk-([^"]+)"', fragment)


def test_question_gets_answer_then_ranked_cards(fake_assistant):
    page = _html(fake_assistant, "What drives EGFR-TKI resistance?", settings=Settings(k=4))
    result = fake_assistant.search("What drives EGFR-TKI resistance?", k=4)
    assert _card_ids(page) == [h.chunk.id for h in result.hits]
    assert page.index('class="rq-answer"') < page.index('class="rq-card')
    assert "read them with care" not in _text(page)


def test_each_answer_sentence_ends_in_its_reference_numbers_in_its_line(fake_assistant, review):
    turn = respond(fake_assistant, "What drives EGFR-TKI resistance?", [], Settings())
    page = render_reply(turn.reply, review)
    answer = page[page.index('class="rq-answer"') : page.index('class="rq-strip')]
    items = re.findall(r'<li class="rq-answer-item">(.*?)</li>', answer)
    assert len(items) == len(turn.reply.answer.sentences) >= 2
    shown = {hit.chunk.id for hit in turn.reply.result.hits}
    for item, sentence in zip(items, turn.reply.answer.sentences, strict=True):
        numbers = re.findall(r'<details class="rq-chip rq-inline"><summary>\[(\d+)\]</summary>', item)
        assert [int(n) for n in numbers] == list(sentence.refs)
        if sentence.chunk_id in shown:  # its card is below: a link to it; a deeper passage is named
            assert item.endswith(f'title="Show passage #{sentence.rank} below">#{sentence.rank}</button></span>')
        else:
            assert f'class="rq-read rq-inline rq-deeper rq-read-{sentence.chunk_id}"' in item  # opens the reader
    headings = re.findall(r'<div class="rq-answer-heading">(.*?)</div>', answer)
    assert turn.reply.answer.grouped and headings == [heading for heading, _ in turn.reply.answer.groups()]
    assert 'class="rq-chips"' not in answer  # no row of chips of its own under a sentence


def test_reference_lookup_lists_every_citing_passage(fake_assistant, review):
    page = _html(fake_assistant, "ref 66", previous="What drives EGFR-TKI resistance?")
    assert _card_ids(page) == [c.id for c in review.citing(66)] == ["s4-p2", "t1-r1"]
    assert "Reference [66]" in _text(page) and "Cited in 2 passages of the review" in _text(page)
    assert '<details open class="rq-chip"><summary>[66]</summary>' in page


def test_unknown_reference_is_refused_plainly(fake_assistant):
    assert "There is no reference 151; the review lists 1 to 150." in _text(_html(fake_assistant, "[151]"))


def test_glossary_lookup_lists_each_long_form_once(fake_assistant):
    defined = _html(fake_assistant, "define CAFs")
    assert re.findall(r"<li>(.*?)</li>", defined) == ["cancer-associated fibroblasts"]  # not also '...fibroblast'
    # the long form, then the passage that explains it, as a card with the term marked
    explaining = fake_assistant.search("what are CAFs?", k=1).hits[0].chunk.id
    assert "Explained in the review" in _text(defined) and _card_ids(defined) == [explaining]
    assert defined.index("rq-gloss") < defined.index("rq-card") and "<mark>CAFs</mark>" in defined
    assert 'class="rq-card' in _html(fake_assistant, "define hypoxia")


def test_followup_says_how_it_was_read(fake_assistant):
    page = _html(fake_assistant, "what about TAMs?", previous="How do CAFs block drug delivery?")
    assert "Read as a follow-up: <q>How do TAMs block drug delivery?</q>" in page
    earlier = grounded(fake_assistant, ["How do CAFs block drug delivery?"])  # the earlier answer, as the chat gave it
    expected = fake_assistant.search("what about TAMs?", k=5, history=earlier)
    assert _card_ids(page) == [h.chunk.id for h in expected.hits]


def test_unanswerable_question_says_what_is_missing_above_the_closest_passages(fake_assistant):
    page = _html(fake_assistant, "what is the recommended dose of adagrasib?")
    notice = "The review does not mention adagrasib. The closest passages are below; read them with care."
    assert page.index(notice) < page.index('class="rq-card')
    assert 'class="rq-answer"' not in page
    assert "match" not in _text(page) and "rq-score" not in page  # no strength on passages it cannot vouch for


def test_bad_input_is_a_notice(fake_assistant):
    assert _html(fake_assistant, "   ") == (
        '<div class="rq-reply"><div class="rq-notice">Cannot search this: the question is empty.</div></div>'
    )
    assert "unknown kind" in _html(fake_assistant, "x", settings=Settings(kinds=("poem",)))
