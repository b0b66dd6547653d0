"""Short follow-ups read in the context of the previous question (no model)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewqa.search.context import (
    MAX_FOLLOWUP_WORDS,
    MAX_PRONOUN_FOLLOWUP_WORDS,
    entities,
    read_in_context,
    read_in_conversation,
)

EGFR = "What drives EGFR-TKI resistance?"
CAFS = "How do CAFs block drug delivery?"
TRIALS = "Which trials combined ICIs with anti-angiogenic therapy?"


@pytest.mark.parametrize(
    ("previous", "message", "question"),
    [
        (EGFR, "and for immunotherapy?", "What drives immunotherapy resistance?"),
        (CAFS, "what about TAMs?", "How do TAMs block drug delivery?"),
        (CAFS, "And MDSCs?", "How do MDSCs block drug delivery?"),
        (TRIALS, "and with chemotherapy?", "Which trials combined ICIs with chemotherapy?"),
        (TRIALS, "and in SCLC?", "Which trials combined ICIs with anti-angiogenic therapy in SCLC?"),
        ("What are CAFs?", "what do they secrete?", "what do CAFs secrete?"),
        ("What is the role of hypoxia?", "what about acidity?", "What is the role of acidity?"),
    ],
)
def test_followups_are_rewritten(previous, message, question):
    reading = read_in_context(message, previous)
    assert (reading.question, reading.followup, reading.context) == (question, True, (previous,))


@pytest.mark.parametrize(
    "message",
    [
        "T790M",
        "And how do TAMs suppress T cells?",
        "How do CAFs block drug delivery?",
        "what do CAFs secrete?",  # names its own entity: the pronoun rule does not apply
    ],
)
def test_standalone_questions_are_kept(message):
    reading = read_in_context(message, EGFR)
    assert (reading.question, reading.followup) == (message, False)


def test_entities():
    assert entities("How do CD8+ T cells, PD-L1, TGF-β and T790M act in NSCLC since 2024?") == [
        "CD8+",
        "PD-L1",
        "TGF-β",
        "T790M",
        "NSCLC",
    ]


@given(st.text(max_size=80))
def test_without_a_previous_question_nothing_is_rewritten(message):
    reading = read_in_context(message, None)
    assert (reading.question, reading.followup, reading.context) == (message.strip(), False, ())


@given(st.lists(st.sampled_from(["and", "what", "about", "CAFs", "they", "for", "in", "x"]), min_size=17, max_size=24))
def test_long_messages_are_questions_of_their_own(words):
    message = " ".join(words)
    assert len(message.split()) > MAX_PRONOUN_FOLLOWUP_WORDS > MAX_FOLLOWUP_WORDS
    reading = read_in_context(message, EGFR)
    assert (reading.question, reading.followup) == (message, False)


@pytest.mark.parametrize(
    ("history", "message", "question"),
    [
        ([EGFR], "how is it overcome?", "how is EGFR-TKI resistance overcome?"),
        ([EGFR, "and for immunotherapy?"], "what about CAFs?", "What drives CAFs resistance?"),
        ([EGFR, "and for immunotherapy?"], "how is it overcome?", "how is immunotherapy resistance overcome?"),
        (["Do CAFs cause resistance?"], "why?", "Why: Do CAFs cause resistance?"),
        ([EGFR], "tell me more", "Tell me more: What drives EGFR-TKI resistance?"),
        (["what is PD-L1?"], "which drugs target that?", "which drugs target PD-L1"),
        ([CAFS, "what about TAMs?"], "and MDSCs?", "How do MDSCs block drug delivery?"),
    ],
)
def test_followups_over_several_hops(history, message, question):
    reading = read_in_conversation(message, history)
    assert reading.question == question and reading.followup
    assert len(reading.context) == len(history)  # every earlier question, as read, most recent first


def test_the_second_hop_carries_the_first_rewrite():
    reading = read_in_conversation("what about CAFs?", [EGFR, "and for immunotherapy?"])
    assert reading.context == ("What drives immunotherapy resistance?", EGFR)


def test_a_short_new_question_keeps_its_context_for_the_search_a_long_one_starts_afresh():
    short = read_in_conversation("does hypoxia matter?", [EGFR], topical=lambda word: word == "hypoxia")
    assert (short.question, short.followup, short.context) == ("does hypoxia matter?", False, (EGFR,))
    long = read_in_conversation("How do tumor-associated macrophages suppress T cells in hypoxic regions?", [EGFR])
    assert (long.followup, long.context) == (False, ())


@pytest.mark.parametrize(
    ("history", "message", "question"),
    [
        (
            ["what is spatial transcriptomics used for here?"],
            "what are its drawbacks?",
            "what are its drawbacks? (what is spatial transcriptomics used for here?)",
        ),
        (
            ["What did Zhang et al. do with CAR-T cells?"],
            "what were the numbers?",
            "what were the numbers? (CAR-T cells)",  # the previous topic, not the whole question
        ),
        (
            ["what do ILCs do in the TME?"],
            "which one's the bad guy?",
            "which one's the bad guy? (ILCs)",
        ),
        (
            ["How do macrophages make EGFR-TKIs stop working?"],
            "and which pathway does that growth factor switch on?",
            "and which pathway does that growth factor switch on? (EGFR-TKIs)",
        ),
    ],
)
def test_vague_followups_lean_on_the_conversation(history, message, question):
    reading = read_in_conversation(message, history)
    assert (reading.question, reading.followup) == (question, True)


def test_a_short_question_with_a_subject_of_its_own_is_not_a_followup():
    topical = {"hypoxia"}.__contains__
    assert not read_in_conversation("what is hypoxia?", [EGFR], topical=topical).followup
    assert read_in_conversation("what is that?", [EGFR], topical=topical).followup


LONG = "x" * 2000  # one 2,000-character 'word': short enough in words to be read as a follow-up
FOLLOWUPS = [LONG, "why?", "and for " + "y" * 1990, "what about them?", "tell me more", "what are its drawbacks?"]


@pytest.mark.parametrize("message", FOLLOWUPS, ids=["long", "why", "and-for", "them", "more", "its"])
def test_a_followup_after_long_messages_is_read_within_what_a_search_reads(message, fake_assistant):
    """Issue 22, finding 11: after ten 2,000-character messages a follow-up was read as up to 5,997 characters."""
    from reviewqa.chat.api import ask_endpoint
    from reviewqa.search.context import search_texts
    from reviewqa.search.query import MAX_QUERY_CHARS

    history = [LONG] * 10
    reading = read_in_conversation(message, history)
    assert MAX_QUERY_CHARS == 2000 and len(reading.question) <= 2000
    assert all(len(text) <= 2000 for text, _ in search_texts(message, reading))
    assert len(ask_endpoint(fake_assistant)(message, history=history)["read_as"]) <= 2000


@pytest.mark.parametrize(
    ("message", "followup"),
    [
        ("Has that been tied to how patients respond to immunotherapy?", True),
        ("How does that network suppress immunity in the tumour microenvironment?", True),
        ("Did that show up as a resistance mechanism in any combination study?", True),
        ("any trial of that in people whose cancer already stopped responding to pd-1 drugs?", True),
        ("has anyone combined that with PD-L1 blockade in lung cancer patients?", True),
        ("Which drugs block the cells that secrete IL-6 in lung tumours, and how well?", False),
    ],
)
def test_a_longer_message_pointing_back_is_a_followup_a_relative_that_is_not(message, followup):
    reading = read_in_conversation(message, ["What does lactate do in the lung tumour microenvironment?"])
    assert reading.followup is followup


def test_a_followup_leans_on_the_subject_words_of_the_previous_question():
    """'that' after a question naming no entity ('lactate'): the search reads the subject, not the whole question
    (which finds the answer already shown)."""
    topical = {"lactate"}.__contains__
    history = ["What does lactate do in the lung tumour microenvironment?"]
    reading = read_in_conversation("Has that been tied to how patients respond to immunotherapy?", history, topical)
    assert reading.question == "Has that been tied to how patients respond to immunotherapy? (lactate)"
    assert reading.about == history[0]


def test_what_about_after_a_followup_reads_against_that_question_without_its_topic():
    history = ["Are gamma-delta T cells good or bad in lung cancer?"]
    history.append("Who looked at them in actual lung cancer patients?")
    reading = read_in_conversation("What about innate lymphoid cells?", history)
    assert reading.question == "innate lymphoid cells (Who looked at them in actual lung cancer patients?)"
