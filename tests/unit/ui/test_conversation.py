"""The conversation kept in the browser: questions only, bounded in bytes, answered again in order on a reload."""

from __future__ import annotations

import json

from reviewqa.chat.turn import Settings, respond
from reviewqa.search.history import EarlierTurn
from reviewqa.ui.conversation import MAX_SAVED_BYTES, MAX_SAVED_TURNS, bounded, replay, saved, turn_record
from reviewqa.ui.replies import render_reply


def test_a_reload_answers_the_same_questions_the_same_way(fake_assistant):
    first, second = "What drives EGFR-TKI resistance?", "and for immunotherapy?"
    records = [turn_record(first, Settings()), turn_record(second, Settings(k=3, mode="bm25"))]
    kept = json.loads(json.dumps(saved(None, records)))  # what the browser hands back
    messages, turns, asked = replay(fake_assistant, kept, None)
    one = respond(fake_assistant, first, [], Settings())
    two = respond(fake_assistant, second, one.after([]), Settings(k=3, mode="bm25"))
    # each question kept with the passages its answer came from: the next one is read against them
    assert one.answer_chunk_ids and two.answer_chunk_ids
    assert turns == records and asked == [
        EarlierTurn(first, one.answer_chunk_ids, one.answer_sentences),
        EarlierTurn(second, two.answer_chunk_ids, two.answer_sentences),
    ]
    assert two.reply.reading.question == "What drives immunotherapy resistance?"
    assert [m["content"] for m in messages[1::2]] == [
        render_reply(one.reply, fake_assistant.review),
        render_reply(two.reply, fake_assistant.review),
    ]


def test_another_users_or_a_malformed_value_is_ignored(fake_assistant):
    kept = saved("ana", [turn_record("CAFs", Settings())])
    assert replay(fake_assistant, kept, "ben") == ([], [], [])
    for junk in (None, "x", [], {"user": "", "turns": "x"}, {"user": "", "turns": [{"q": 1}, {"q": "x", "k": "5"}]}):
        assert replay(fake_assistant, junk, None) == ([], [], [])


def test_what_the_browser_keeps_is_bounded_in_bytes():
    emoji = turn_record("🫁" * 2000, Settings())
    kept = bounded([emoji] * 40)
    assert len(kept) == 2 and len(json.dumps(kept, ensure_ascii=False).encode()) <= MAX_SAVED_BYTES
    assert MAX_SAVED_TURNS == 12
    assert bounded([turn_record("x", Settings())] * 40) == [turn_record("x", Settings())] * 12


def test_a_crafted_state_is_answered_only_as_far_as_typing_it_would_go_and_only_once(fake_assistant, monkeypatch):
    """Issue 22, finding 5: a 25 KB crafted state was answered in full on every page load (14.6 s of CPU)."""
    import reviewqa.ui.conversation as conversation

    conversation.answered.cache_clear()
    asked: list[str] = []
    real = conversation.respond

    def counted(assistant, message, *rest):
        asked.append(message)
        return real(assistant, message, *rest)

    monkeypatch.setattr(conversation, "respond", counted)
    questions = [f"question {n:02d} " + "CAFs hypoxia " * 60 for n in range(30)]  # 792 characters each
    crafted = {"user": "", "turns": [turn_record(q, Settings()) for q in questions]}
    assert 24_000 < len(json.dumps(crafted)) < 64 * 1024
    messages, turns, _ = replay(fake_assistant, crafted, None)
    # the newest questions within 6,000 characters (and 12 turns): what a browser keeps of them, no more
    assert asked == questions[-7:] and [t["q"] for t in turns] == questions[-7:] and len(messages) == 14
    assert bounded(crafted["turns"]) == turns
    again = replay(fake_assistant, crafted, None)
    assert asked == questions[-7:] and again[0] == messages  # a second load of the same state searches nothing
