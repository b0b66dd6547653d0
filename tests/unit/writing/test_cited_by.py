"""Cited-by: passages citing a reference, ranges included, in reading order."""

from __future__ import annotations

import pytest

from reviewqa.writing.cited_by import cited_by


def test_reference_cited_only_inside_a_range(review, chunk_by_id):
    # In s1-p3, reference 9 is cited only inside '(9-14)'; s5-p4 cites it alone.
    first, second = cited_by(review, 9)
    assert (first.chunk.id, second.chunk.id) == ("s1-p3", "s5-p4")
    assert first.excerpt == (
        "The TME has emerged as a critical factor in cancer progression and therapeutic resistance, as supported by "
        "both preclinical models and clinical trial data (9-14)."
    )
    assert "(9)" not in chunk_by_id["s1-p3"].text and "(9," not in chunk_by_id["s1-p3"].text
    # 10 is cited inside the range and alone, in the same paragraph: both sentences, not the (11) one.
    [passage] = cited_by(review, 10)
    assert passage.excerpt.startswith("The TME has emerged")
    assert passage.excerpt.endswith("immune evasion and therapeutic resistance (10).")
    assert "(11)" not in passage.excerpt
    assert [p.chunk.id for p in cited_by(review, 149)] == ["s6-p22.2"]  # '(148-150)'


def test_reading_order_and_table_rows(review):
    passages = cited_by(review, 66)
    assert [p.chunk.id for p in passages] == ["s4-p2", "t1-r1"]
    assert passages[0].excerpt.startswith("Utsumi et al (66) demonstrated")
    assert passages[1].excerpt.startswith("First author, year: Utsumi, 2025; Treatment measures:")
    assert passages[1].to_json()["section_path"][0] == "4. TME-driven therapeutic resistance in lung cancer"


def test_uncited_reference_and_bad_number(review):
    assert cited_by(review, 144) == ()  # the text cites 'Zhang et al' as (146), not (144)
    with pytest.raises(KeyError):
        cited_by(review, 151)
