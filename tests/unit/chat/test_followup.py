"""Short follow-ups read in the context of the previous question (no model)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewqa.chat.followup import MAX_FOLLOWUP_WORDS, Reading, entities, read_in_context

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
    assert read_in_context(message, previous) == Reading(question, followup=True)


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
    assert read_in_context(message, EGFR) == Reading(message)


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
    assert read_in_context(message, None) == Reading(message.strip())


@given(st.lists(st.sampled_from(["and", "what", "about", "CAFs", "they", "for", "in", "x"]), min_size=9, max_size=14))
def test_long_messages_are_questions_of_their_own(words):
    message = " ".join(words)
    assert len(message.split()) > MAX_FOLLOWUP_WORDS
    assert read_in_context(message, EGFR) == Reading(message)
