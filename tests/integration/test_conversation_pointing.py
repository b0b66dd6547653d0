"""Follow-ups that point at what the previous answer named, or ask what it did not say, on the real model
(search.pointing): 'that ligand' is the earlier answer's FGL1, 'how safe was it?' the next passage's adverse events,
'why do those stop working?' the KRAS inhibitors the previous answer was about. Each case is a turn of
eval/chats_questions.jsonl with the answers the chat gives, passed as history items; the old code ranked the
passage asserted first lower (ranks given per test) and read 'those' as the first question's EGFR-mutant."""

from __future__ import annotations

import copy

import pytest

from reviewqa.search.history import EarlierTurn
from reviewqa.search.pointing import Pointed, asked_facets, holds, learn_kinds
from reviewqa.search.shown import ANSWER_PRIOR, FACET_PRIOR
from reviewqa.search.techniques import Techniques

FORDE = {"question": "What did Forde and colleagues show with pembrolizumab?", "answer_chunk_ids": ["s6-p2.1", "t2-r1"]}


def _top(assistant, message, history, n=1):
    return [hit.chunk.id for hit in assistant.search(message, history=history).hits[:n]]


def test_the_review_says_what_kind_of_thing_a_name_is(review):
    kinds = learn_kinds((c.text for c in review.chunks), review.glossary)
    assert {"IL-6", "TNF-α", "IL-10", "TGF-β"} <= kinds["cytokine"]  # 'cytokines (for example, IL-6 and TNF-α)'
    assert "FGL1" in kinds["ligand"]  # 'its ligand FGL1' (ref 45's title)
    assert "ECM" in kinds["matrix"] and "CAFs" in kinds["fibroblast"]  # glossary long forms
    assert "approach" not in kinds and "drug" not in kinds  # never said of a name: nothing to resolve


def test_that_cytokine_and_these_fibroblasts_are_the_answers_names(assistant):
    turns = [
        EarlierTurn("Do fibroblasts affect how well cisplatin works?", ("s4-p5", "t1-r4", "s6-p18")),
        EarlierTurn("Which signalling pathway was responsible for that?", ("s4-p5", "s6-p13", "s6-p11")),
    ]  # the last answer names no cytokine; the one before does (t1-r4: 'CAF-secreted IL-6 activated STAT3')
    message = "Besides secreting that cytokine, do these fibroblasts pass anything to tumour cells in vesicles?"
    assert assistant.shown.pointed_names(turns, message) == [
        Pointed("that cytokine", "IL-6"),
        Pointed("these fibroblasts", "CAFs"),
    ]
    assert assistant.shown.pointed_names(turns, "how does that approach work?") == []


def test_that_ligand_is_the_older_answers_fgl1(assistant):
    history = [
        {"question": "What is VISTA and what does it do in lung cancer?", "answer_chunk_ids": ["s3-p2.1", "s3-p2.2"]},
        {"question": "And the other checkpoint axis mentioned alongside it?", "answer_chunk_ids": ["s3-p2.1", "s2-p6"]},
    ]
    message = "Where does that ligand come from, and does it interfere with anti-PD-1 therapy?"
    result = assistant.search(message, history=history)
    assert "s5-p3" in [hit.chunk.id for hit in result.hits[:3]]  # 'secretion of FGL1 by hepatocytes…' (old: 8th)
    assert "that ligand (FGL1)" in result.read_as


def test_what_was_asked_beyond_the_passage_shown():
    assert asked_facets("Any numbers on that response?") == ("figures",)
    assert asked_facets("And how safe was it?") == ("safety",)
    assert asked_facets("Who showed they are altered in patients?") == ("who",)
    assert asked_facets("what phase was the second one?") == ("phase",)
    assert asked_facets("Can that be used to predict who won't respond to immunotherapy?") == ()


def test_which_passages_say_it(chunk_by_id):
    assert holds(chunk_by_id["t2-r1"], "figures") and not holds(chunk_by_id["s6-p2.1"], "figures")
    assert holds(chunk_by_id["s6-p2.2"], "safety") and not holds(chunk_by_id["s6-p2.1"], "safety")
    assert holds(chunk_by_id["t2-r1"], "phase") and holds(chunk_by_id["s4-p3.2"], "who")
    assert not holds(chunk_by_id["ref104"], "who")  # a reference entry is a title, not a finding


def test_any_numbers_is_the_studys_table_row(assistant):
    assert _top(assistant, "Any numbers on that response?", [FORDE]) == ["t2-r1"]  # old: s6-p2.1, without figures


def test_how_safe_is_the_next_passage_when_the_answer_does_not_say(assistant):
    history = [FORDE, {"question": "Any numbers on that response?", "answer_chunk_ids": ["t2-r1", "s6-p2.1"]}]
    assert _top(assistant, "And how safe was it?", history) == ["s6-p2.2"]  # grade ≥3 adverse events (old: 3rd)


def test_how_safe_right_after_the_forde_answer(assistant):
    assert _top(assistant, "And how safe was it?", [FORDE]) == ["s6-p2.2"]  # old: s6-p2.1 (Forde, no safety finding)


def test_a_message_naming_things_of_its_own_asks_of_them(assistant):
    rows = {c.id: row for row, c in enumerate(assistant.review.chunks)}
    turns = [EarlierTurn(FORDE["question"], tuple(FORDE["answer_chunk_ids"]))]
    leaning = assistant.shown.prior(turns, "any numbers on that?")
    own = assistant.shown.prior(turns, "how many patients with EGFR T790M respond?")
    assert leaning[rows["t2-r1"]] == pytest.approx(ANSWER_PRIOR + FACET_PRIOR)  # the row with the figures
    assert own[rows["t2-r1"]] == pytest.approx(ANSWER_PRIOR)  # the answer's passage, no more


def test_side_effects_the_answer_holds_come_first(assistant):
    history = [
        {
            "question": "How well does nivolumab work when combined with radiotherapy?",
            "answer_chunk_ids": ["s6-p3", "t2-r4", "s6-p20"],
        }
    ]
    assert _top(assistant, "What were the serious side effects mostly?", history) == ["s6-p3"]  # old: 4th


def test_those_is_what_the_previous_answer_was_about(assistant):
    history = [
        {
            "question": "How common is resistance in EGFR-mutant lung cancer?",
            "answer_chunk_ids": ["s4-p6", "t1-r8", "s1-p1", "s3-p8"],
        },
        {
            "question": "And with KRAS inhibitors, how well do they work?",
            "answer_chunk_ids": ["s1-p2", "s3-p8", "s4-p6"],
        },
    ]
    result = assistant.search("Why do those eventually stop working?", history=history)
    assert result.read_as.startswith("Why do KRAS inhibitors eventually stop working")
    assert result.hits[0].chunk.id == "s1-p2"  # 'resistance emerges through alternative pathway activation' (old: 4th)
    old = copy.copy(assistant)
    old.techniques = Techniques.without(["grounding"])  # without grounding: the old reading, the older question's
    assert old.search("Why do those eventually stop working?", history=history).read_as == (
        "Why do EGFR-mutant eventually stop working?"
    )
