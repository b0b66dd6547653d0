from __future__ import annotations

from reviewqa.records import Kind


def test_150_references_numbered_in_order(review):
    assert [r.n for r in review.references] == list(range(1, 151))


def test_every_reference_has_authors_title_journal_year(review):
    for r in review.references:
        assert r.authors and r.title and r.journal and r.year, r.n
        assert 1990 <= r.year <= 2025, r.n


def test_reference_66(review):
    r = review.reference(66)
    assert r.authors == ("Utsumi T", "Mizuta H", "Seto Y", "Uchibori K", "Nishio M", "Okamoto I", "Katayama R")
    assert not r.et_al
    assert r.title == (
        "AXL-Mediated drug resistance in ALK-rearranged NSCLC enhanced by GAS6 from macrophages "
        "and MMP11 positive fibroblasts"
    )
    assert (r.journal, r.volume, r.pages, r.year, r.doi) == ("Cancer Sci", "116", "1034-1047", 2025, "")


def test_et_al_and_odd_entries(review):
    assert review.reference(4).et_al and review.reference(4).authors[-1] == "Urakami K"
    assert review.reference(34).et_al  # printed '*et al.*:'
    bio = review.reference(81)
    assert (bio.journal, bio.volume, bio.pages, bio.year, bio.doi) == (
        "bioRxiv",
        "",
        "",
        2024,
        "10.1101/2024.06.18.599431",
    )
    assert review.reference(114).doi == "10.1093/qjmed/hcaf103"
    assert review.reference(114).note == "Epub ahead of print"
    assert review.reference(112).note == "In Chinese"
    assert review.reference(97).pages == "334-347, e12"
    assert review.reference(73).pages == "998-1013.e16"
    assert review.reference(28).title.startswith("γδ T cells and the PD-1/PD-L1 axis")
    assert review.reference(106).title.endswith("Anti-PD-1 or anti-PD-L1?")
    assert review.reference(147).authors == ("Bergers G", "Hanahan D")


def test_reference_chunks(chunk_by_id):
    chunk = chunk_by_id["ref147"]
    assert chunk.kind is Kind.REFERENCE
    expected = (
        "Bergers G and Hanahan D: Modes of resistance to anti-angiogenic therapy. Nat Rev Cancer 8: 592-603, 2008."
    )
    assert chunk.text == f"[147] {expected}"
    assert chunk.section_path == ("References",)


def test_citing_includes_ranges(review):
    assert [c.id for c in review.citing(10)] == ["s1-p3"]
    assert [c.id for c in review.citing(149)] == ["s6-p22.2"]
    assert [c.id for c in review.citing(66)] == ["s4-p2", "t1-r1"]
