"""Follow-ups read against what the previous answer showed, on the real model (search.shown): 'the third one' is
the previous answer's third passage, however the earlier turn is passed (a chat turn, a JSON history item, or its
question alone, the answer then rebuilt). The old code read the history's questions only and ranked s3-p8 first."""

from __future__ import annotations

from reviewqa.chat.turn import SearchReply, respond
from reviewqa.search.pointing import holds_figures

EGFR = "What drives EGFR-TKI resistance?"
MACROPHAGES = "How do macrophages help lung tumours escape EGFR inhibitors?"


def test_the_third_one_is_the_previous_answers_third_passage(assistant):
    first = respond(assistant, EGFR)
    assert first.answer_chunk_ids == ("s3-p8", "s3-p9", "s4-p6", "s4-p7")  # HGF/c-MET, T790M/MET, then studies
    third = respond(assistant, "what did the third one find?", first.after([]))
    assert isinstance(third.reply, SearchReply)
    assert [h.chunk.id for h in third.reply.result.hits[:2]] == ["s4-p6", "s3-p8"]
    assert third.reply.reading.question == (
        "what did the third one (Genetic alterations and resistance: Wang et al, Huang et al, Kobayashi et al) find?"
    )
    item = {"question": EGFR, "answer_chunk_ids": list(first.answer_chunk_ids)}
    assert assistant.search("what did the third one find?", history=[item]) == third.reply.result
    rebuilt = respond(assistant, "what did the third one find?", [EGFR])  # questions only: the answer rebuilt
    assert isinstance(rebuilt.reply, SearchReply) and rebuilt.reply.result == third.reply.result


def test_the_second_one_is_the_previous_answers_second_passage(assistant):
    first = respond(assistant, MACROPHAGES)
    assert first.answer_chunk_ids[:2] == ("s3-p8", "s6-p18")  # HGF from TAMs; reprogramming TAMs via STAT3/CD47
    second = respond(assistant, "and the second one?", first.after([]))
    assert isinstance(second.reply, SearchReply)
    assert second.reply.reading.question.startswith("and the second one (Immune cells: ")
    assert [h.chunk.id for h in second.reply.result.hits[:2]] == ["s6-p18", "s2-p2.2"]


def test_any_numbers_on_the_second_one_reads_the_previous_answers_second_passage(assistant):
    first = respond(assistant, EGFR)
    assert first.answer_chunk_ids[1] == "s3-p9"  # secondary EGFR mutations (T790M), MET amplification
    second = respond(assistant, "any numbers on the second one?", first.after([]))
    assert second.reply.result.hits[0].chunk.id == "s3-p9"
    pointed = "(Resistance to targeted therapy: T790M, MET)"
    assert second.reply.reading.question == f"any numbers on the second one {pointed}?"
    # the review gives no figure for T790M or MET amplification: the reply says so, and shows no other study's
    said = f"The review gives no figures on this {pointed}; the nearest it says is below."
    assert second.reply.answer.notes[0] == said
    assert second.reply.answer.sentences and not any(holds_figures(s.text) for s in second.reply.answer.sentences)
