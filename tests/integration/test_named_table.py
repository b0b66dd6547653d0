"""A question about one of the review's tables, numbered as students number them ('summarise table 1': the review
prints Table I), is answered from that table's rows, and the reply says how it was read (search.filters); a table
named only in brackets ('… (table 3)') points at a topic and filters nothing; the verdict on whether the review
answers is taken over the whole review."""

from __future__ import annotations

import pytest

from reviewqa.chat.api import ask_endpoint
from reviewqa.search.filters import named_table
from reviewqa.search.techniques import Techniques


@pytest.mark.parametrize(
    ("question", "table"),
    [
        ("summarise the studies in table 1", "Table I"),
        ("What does Table II list?", "Table II"),
        ("tab. 3 outcomes?", "Table III"),
        ("explain table three", "Table III"),
        ("table 2: what was the PFS of apatinib + PD-1?", "Table II"),
        ("what new treatments target CAFs in NSCLC? (table 3)", None),  # a pointer, not a wish for the table alone
        ("compare table 1 and table 2", None),  # two tables: no one table
        ("which drugs are stable in a tablet?", None),
        ("what does figure 1 show?", None),
    ],
)
def test_the_table_a_question_names(question, table):
    assert named_table(question) == table


def test_summarise_table_1_is_answered_from_table_one_and_says_so(assistant):
    reply = ask_endpoint(assistant)("summarise the studies in table 1")
    ids = [s["chunk_id"] for s in reply["answer"]]
    assert len(ids) >= 3 and all(i.startswith("t1-r") for i in ids)  # Table I's rows; it opened on Table II's before
    assert all(h["chunk_id"].startswith("t1-r") for h in reply["hits"])
    assert reply["answer_notes"] == ["Read as the review's Table I: the answer and the passages are its rows."]
    assert reply["answerable"] is True


def test_what_table_3_lists_is_answered_with_its_rows(assistant):
    reply = ask_endpoint(assistant)("what does table 3 list")
    ids = [s["chunk_id"] for s in reply["answer"]]
    assert ids and all(i.startswith("t3-r") for i in ids)  # no sentence of its rows holds 'list': none answered before


def test_a_table_row_question_keeps_its_row_first(assistant):
    question = "In Table I, what resistance mechanism did the cisplatin + fibroblast co-culture study identify?"
    result = assistant.search(question)
    assert result.hits[0].chunk.id == "t1-r4"  # Ebid, 2025: CAF-secreted IL-6 activated STAT3
    assert all(h.chunk.id.startswith("t1-r") for h in result.hits)


def test_a_table_in_brackets_and_the_technique_off_filter_nothing(assistant):
    pointer = assistant.search("what new treatments target cancer associated fibroblasts (table 3)")
    assert any(not h.chunk.id.startswith("t3-") for h in pointer.hits)
    off = type(assistant)(assistant.review, assistant.index, techniques=Techniques.without(["named_table"]))
    assert any(not h.chunk.id.startswith("t1-") for h in off.search("summarise the studies in table 1").hits)


def test_a_section_filter_wins_over_a_named_table(assistant):
    result = assistant.search("summarise the studies in table 1", sections=["6"])
    assert all(h.chunk.top_section.startswith("6.") for h in result.hits)
