from __future__ import annotations

from reviewqa.corpus.citation_marks import cited_refs, parse_citation_group


def test_groups_and_ranges():
    assert parse_citation_group("57") == [57]
    assert parse_citation_group("12,13") == [12, 13]
    assert parse_citation_group("9-14") == [9, 10, 11, 12, 13, 14]
    assert parse_citation_group("148-150") == [148, 149, 150]
    assert parse_citation_group("151") == []
    assert parse_citation_group("0") == []
    assert parse_citation_group("14-9") == []


def test_non_citations_are_ignored():
    text = (
        "as shown (Fig. 1) and (Table I), in (n = 12) mice in (2025), (ORR: 9%), (7.1 vs. 4.2 months), (151), (Refs.)"
    )
    assert cited_refs(text) == ()


def test_cited_refs_sorted_distinct():
    assert cited_refs("a (12,13) b (9-14) c (5) d (13)") == (5, 9, 10, 11, 12, 13, 14)


def test_every_chunk_cites_only_listed_references(review):
    for chunk in review.chunks:
        assert all(1 <= n <= 150 for n in chunk.refs), chunk.id
        assert list(chunk.refs) == sorted(set(chunk.refs)), chunk.id


def test_known_chunk_refs(chunk_by_id):
    assert chunk_by_id["s1-p3"].refs == (9, 10, 11, 12, 13, 14)
    assert chunk_by_id["s6-p22.2"].refs == (148, 149, 150)
    assert chunk_by_id["s6-p13"].refs == (80, 126, 128, 129)
    assert chunk_by_id["ref66"].refs == (66,)


def test_every_reference_is_cited_somewhere_except_144(review):
    cited = {n for c in review.chunks if c.kind.value != "reference" for n in c.refs}
    # The review cites Zhang X et al. as (146) in the text and Table III, never as (144).
    assert set(range(1, 151)) - cited == {144}


def test_citation_groups_give_spans_and_numbers():
    from reviewqa.corpus.citation_marks import citation_groups

    text = "shown (58,59) and (Fig. 1) and (9-11)."
    assert [(text[s:e], numbers) for s, e, numbers in citation_groups(text)] == [
        ("(58,59)", [58, 59]),
        ("(9-11)", [9, 10, 11]),
    ]
