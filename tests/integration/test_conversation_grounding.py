"""Follow-ups read against what the previous answer showed, on the real model (search.shown): 'the third one' is
the previous answer's third item (the passage it is quoted from), however the earlier turn is passed (a chat turn, a
JSON history item, or its question alone, the answer then rebuilt); with the passages only, the third passage. The
old code read the history's questions only and ranked s3-p8 first."""

from __future__ import annotations

from reviewqa.chat.turn import SearchReply, respond
from reviewqa.search.pointing import holds_figures

EGFR = "What drives EGFR-TKI resistance?"
MACROPHAGES = "How do macrophages help lung tumours escape EGFR inhibitors?"


def test_the_third_one_is_the_previous_answers_third_item(assistant):
    first = respond(assistant, EGFR)
    assert first.answer_chunk_ids == ("s3-p8", "s3-p9", "t1-r14", "t1-r6")  # HGF/c-MET, T790M/MET, then studies
    assert first.answer_sentences[2].startswith("Genetic alterations, including secondary EGFR mutations")  # of s3-p9
    third = respond(assistant, "what did the third one find?", first.after([]))
    assert isinstance(third.reply, SearchReply)
    assert [h.chunk.id for h in third.reply.result.hits[:2]] == ["s3-p9", "s4-p7"]
    assert third.reply.reading.question == "what did the third one (Resistance to targeted therapy: T790M, MET) find?"
    item = {
        "question": EGFR,
        "answer_chunk_ids": list(first.answer_chunk_ids),
        "answer_sentences": list(first.answer_sentences),
    }
    assert assistant.search("what did the third one find?", history=[item]) == third.reply.result
    rebuilt = respond(assistant, "what did the third one find?", [EGFR])  # questions only: the answer rebuilt
    assert isinstance(rebuilt.reply, SearchReply) and rebuilt.reply.result == third.reply.result
    passages_only = {"question": EGFR, "answer_chunk_ids": list(first.answer_chunk_ids)}  # the items unknown
    assert assistant.search("what did the third one find?", history=[passages_only]).hits[0].chunk.id == "t1-r14"


def test_the_second_one_is_the_passage_of_the_previous_answers_second_item(assistant):
    first = respond(assistant, MACROPHAGES)
    assert first.answer_chunk_ids == ("s3-p8", "t1-r14", "s2-p2.2")
    assert first.answer_sentences[1].startswith("Resistance to targeted therapies, such as EGFR-tyrosine kinase")
    second = respond(assistant, "and the second one?", first.after([]))  # item 2 is s3-p8's, like item 1
    assert isinstance(second.reply, SearchReply)
    assert second.reply.reading.question.startswith("and the second one (Resistance to targeted therapy: ")
    assert second.reply.result.hits[0].chunk.id == "s3-p8"


def test_any_numbers_on_the_second_one_reads_the_previous_answers_second_item(assistant):
    first = respond(assistant, EGFR)
    assert first.answer_sentences[1].startswith("Moreover, TAMs and CAFs collaboratively foster a fibrotic niche")
    second = respond(assistant, "any numbers on the second one?", first.after([]))
    assert second.reply.result.hits[0].chunk.id == "s3-p8"  # the passage item 2 is quoted from
    pointed = "(Resistance to targeted therapy)"  # TAMs, CAFs and ECM are named in too many passages to say which
    assert second.reply.reading.question == f"any numbers on the second one {pointed}?"
    # the review gives no figure on the fibrotic niche: the reply says so, and shows no other study's
    said = f"The review gives no figures on this {pointed}; the nearest it says is below."
    assert second.reply.answer.notes[0] == said
    assert second.reply.answer.sentences and not any(holds_figures(s.text) for s in second.reply.answer.sentences)
