"""The Python API on the fake embedder: filters, validation, references and the JSON shape."""

from __future__ import annotations

import pytest

from reviewqa.errors import InvalidQuery


def test_hits_are_ranked_dataclasses_with_resolved_references(fake_assistant):
    result = fake_assistant.search("T790M MET amplification", k=3)
    assert [h.rank for h in result.hits] == [1, 2, 3]
    top = result.hits[0]
    assert top.chunk.id == "s3-p9"
    assert [r.n for r in top.references] == list(top.chunk.refs) == [60, 61]
    assert top.references[0].citation.startswith("Coelho MA, Strauss ME")
    assert result.hits[0].score >= result.hits[1].score


def test_json_shape(fake_assistant):
    data = fake_assistant.search("T790M", k=2).to_json()
    assert list(data) == ["query", "read_as", "answerable", "missing", "hits"]
    assert data["query"] == data["read_as"] == "T790M"
    hit = data["hits"][0]
    assert list(hit) == ["rank", "score", "chunk_id", "kind", "section_path", "text", "refs", "references"]
    assert hit["references"][0] == {
        "n": 60,
        "citation": "Coelho MA, Strauss ME, Watterson A, Cooper S, Bhosle S, Illuzzi G, Karakoc E, Dinçer C, "
        "Vieira SF, Sharma M, et al.: Base editing screens define the genetic landscape of cancer drug resistance "
        "mechanisms. Nature Genetics 56: 2479-2492, 2024.",
    }


def test_reference_list_ranks_only_when_asked_for(fake_assistant):
    plain = fake_assistant.search("modes of resistance to anti-angiogenic therapy", k=10)
    assert all(h.chunk.kind.value != "reference" for h in plain.hits)
    asked = fake_assistant.search("which paper is about modes of resistance to anti-angiogenic therapy?", k=10)
    assert "ref147" in [h.chunk.id for h in asked.hits]


def test_reference_number_brings_citing_passages_first(fake_assistant):
    hits = fake_assistant.search("ref 66", k=4).hits
    assert {h.chunk.id for h in hits[:3]} == {"ref66", "s4-p2", "t1-r1"}
    assert all(66 in h.chunk.refs for h in hits[:3])


def test_kind_and_section_filters(fake_assistant):
    rows = fake_assistant.search("ORR", k=10, kinds=["table_row"]).hits
    assert rows and all(h.chunk.kind.value == "table_row" for h in rows)
    in_five = fake_assistant.search("spatial transcriptomics", k=10, sections=["5"]).hits
    assert in_five and all(h.chunk.top_section.startswith("5.") for h in in_five)
    by_name = fake_assistant.search("spatial transcriptomics", k=3, sections=["Challenges"]).hits
    assert [h.chunk.id for h in by_name] == [h.chunk.id for h in in_five[:3]]
    refs_only = fake_assistant.search("Bergers", k=3, kinds=["reference"]).hits
    assert refs_only[0].chunk.id == "ref147"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"query": ""}, "empty"),
        ({"query": " \t\n "}, "empty"),
        ({"query": "x", "k": 0}, "at least 1"),
        ({"query": "x", "k": -3}, "at least 1"),
        ({"query": "x", "k": "many"}, "whole number"),
        ({"query": "x", "mode": "semantic"}, "unknown mode"),
        ({"query": "x", "kinds": ["paragraph"]}, "unknown kind"),
        ({"query": "x", "sections": ["9"]}, "unknown section"),
    ],
)
def test_invalid_input_is_refused(fake_assistant, kwargs, message):
    with pytest.raises(InvalidQuery, match=message):
        fake_assistant.search(**kwargs)


def test_huge_k_is_capped_and_modes_differ(fake_assistant):
    assert len(fake_assistant.search("tumor", k=10_000).hits) == 50
    bm25 = fake_assistant.search("T790M", k=5, mode="bm25")
    assert bm25.mode == "bm25" and bm25.hits[0].chunk.id == "s3-p9"
    assert len(bm25.hits) == 1  # BM25 alone returns only passages that contain a query term


def test_whole_float_k_is_accepted_fractional_refused(fake_assistant):
    assert len(fake_assistant.search("tumor", k=3.0).hits) == 3
    with pytest.raises(InvalidQuery, match="whole number"):
        fake_assistant.search("tumor", k=2.5)


def test_a_misspelt_everyday_word_is_not_a_word_the_review_never_uses(fake_assistant):
    from reviewqa.search.spelling import typo_of_common_word

    assert typo_of_common_word("evryone") and typo_of_common_word("becuase")  # an edit; two letters swapped
    assert not typo_of_common_word("lorlatinib") and not typo_of_common_word("sotorasib")  # drugs stay foreign
    assert fake_assistant.search("why does immunotherapy not work on evryone").missing == ""
    assert (
        fake_assistant.search("what does lorlatinib do to TAMs?").missing == "The review does not mention lorlatinib."
    )
