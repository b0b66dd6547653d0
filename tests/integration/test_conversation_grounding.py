"""Follow-ups read against what the previous answer showed, on the real model (search.shown): 'the third one' is
the previous answer's third item (the passage it is quoted from), however the earlier turn is passed (a chat turn, a
JSON history item, or its question alone, the answer then rebuilt); with the passages only, the third passage."""

from __future__ import annotations

from reviewqa.chat.turn import SearchReply, respond
from reviewqa.search.pointing import holds_figures

EGFR = "What drives EGFR-TKI resistance?"
TAMS = "How do TAMs cause resistance to EGFR-TKIs?"
DRIVERS = "What are the key drivers of acquired resistance to EGFR-TKIs?"


def test_the_third_one_is_the_previous_answers_third_item(assistant):
    first = respond(assistant, TAMS)
    assert first.answer_chunk_ids == ("s3-p8", "s4-p8", "t1-r14", "t1-r10")  # HGF/c-MET and the niche, Lu et al, …
    assert first.answer_sentences[1].startswith("Moreover, TAMs and CAFs collaboratively foster a fibrotic niche")
    assert first.answer_sentences[2].startswith("Lu et al (88) showed that reprogramming of TAMs")
    third = respond(assistant, "what did the third one find?", first.after([]))  # item 3 is s4-p8's, passage 2
    assert isinstance(third.reply, SearchReply)
    # the item's heading and the names it gives: Lu et al, STAT3, CD47
    assert third.reply.reading.question == (
        "what did the third one (Nanotechnology and resistance management: Lu et al, STAT3, CD47-signal) find?"
    )
    assert third.reply.result.hits[0].chunk.id == "s4-p8"
    item = {
        "question": TAMS,
        "answer_chunk_ids": list(first.answer_chunk_ids),
        "answer_sentences": list(first.answer_sentences),
    }
    assert assistant.search("what did the third one find?", history=[item]) == third.reply.result
    rebuilt = respond(assistant, "what did the third one find?", [TAMS])  # questions only: the answer rebuilt
    assert isinstance(rebuilt.reply, SearchReply) and rebuilt.reply.result == third.reply.result
    passages_only = {"question": TAMS, "answer_chunk_ids": list(first.answer_chunk_ids)}  # the items unknown
    assert assistant.search("what did the third one find?", history=[passages_only]).hits[0].chunk.id == "t1-r14"


def test_the_fourth_one_of_an_egfr_answer_is_a_studys_table_row(assistant):
    first = respond(assistant, EGFR)
    assert first.answer_chunk_ids[:4] == ("s3-p8", "s3-p9", "t1-r14", "t1-r6")
    assert first.answer_sentences[2].startswith("Genetic alterations, including secondary EGFR mutations")
    assert first.answer_sentences[3].startswith("First author, year: Lu, 2023")
    fourth = respond(assistant, "what did the fourth one find?", first.after([]))  # item 4 is a study's table row
    assert isinstance(fourth.reply, SearchReply)
    assert fourth.reply.reading.question == "what did the fourth one (Lu, 2023) find?"
    assert fourth.reply.result.hits[0].chunk.id == "t1-r14"


def test_any_numbers_on_the_second_one_after_an_answer_opening_on_a_list_is_its_second_name(assistant):
    first = respond(assistant, DRIVERS)
    assert first.answer_sentences[0].startswith("Genetic alterations, including secondary EGFR mutations")
    second = respond(assistant, "any numbers on the second one?", first.after([]))
    pointed = "(MET)"  # the answer opens on a list (EGFR mutations such as T790M, MET amplification): its second
    assert second.reply.reading.question == f"any numbers on the second one {pointed}?"
    assert second.reply.result.hits[0].chunk.id == "s3-p9"  # the passage naming MET amplification
    # the review gives no figure on MET amplification: the reply says so, and shows no other study's
    said = f"The review gives no figures on this {pointed}; the nearest it says is below."
    assert second.reply.answer.notes[0] == said
    assert second.reply.answer.sentences and not any(holds_figures(s.text) for s in second.reply.answer.sentences)
