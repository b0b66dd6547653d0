"""Follow-ups read against what the previous answer showed, on the real model (search.shown): 'the third one' is
the previous answer's third passage, however the earlier turn is passed (a chat turn, a JSON history item, or its
question alone, the answer then rebuilt). The old code read the history's questions only and ranked s3-p8 first."""

from __future__ import annotations

from reviewqa.chat.turn import SearchReply, respond

EGFR = "What drives EGFR-TKI resistance?"
MACROPHAGES = "How do macrophages help lung tumours escape EGFR inhibitors?"


def test_the_third_one_is_the_previous_answers_third_passage(assistant):
    first = respond(assistant, EGFR)
    assert first.answer_chunk_ids == ("s4-p6", "s3-p8", "s3-p9", "s4-p7")
    third = respond(assistant, "what did the third one find?", first.after([]))
    assert isinstance(third.reply, SearchReply)
    assert [h.chunk.id for h in third.reply.result.hits[:2]] == ["s3-p9", "s3-p8"]
    assert third.reply.reading.question == "what did the third one (Resistance to targeted therapy: T790M, MET) find?"
    item = {"question": EGFR, "answer_chunk_ids": list(first.answer_chunk_ids)}
    assert assistant.search("what did the third one find?", history=[item]) == third.reply.result
    rebuilt = respond(assistant, "what did the third one find?", [EGFR])  # questions only: the answer rebuilt
    assert isinstance(rebuilt.reply, SearchReply) and rebuilt.reply.result == third.reply.result


def test_the_second_one_is_the_previous_answers_second_passage(assistant):
    first = respond(assistant, MACROPHAGES)
    assert first.answer_chunk_ids[:2] == ("s3-p8", "s2-p2.2")
    second = respond(assistant, "and the second one?", first.after([]))
    assert isinstance(second.reply, SearchReply) and second.reply.result.hits[0].chunk.id == "s2-p2.2"


def test_any_numbers_on_the_second_one_reads_the_previous_answers_second_passage(assistant):
    first = respond(assistant, EGFR)
    assert first.answer_chunk_ids[1] == "s3-p8"  # HGF from TAMs, c-MET
    second = respond(assistant, "any numbers on the second one?", first.after([]))
    assert second.reply.result.hits[0].chunk.id == "s3-p8"
    assert second.reply.reading.question == (
        "any numbers on the second one (Resistance to targeted therapy: EGFR-tyrosine, TKIs, EGFR-TKIs)?"
    )
