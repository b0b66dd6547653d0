"""The references as citable works: names, stable keys, types, printed dates, entries that do not parse cleanly."""

from __future__ import annotations

from reviewqa.writing.works import (
    Name,
    WorkType,
    base_key,
    reference_keys,
    reference_works,
    split_name,
    unclean_references,
    work_from_article,
)


def test_split_name_keeps_particles_and_accents():
    assert split_name("van Dongen GAMS") == Name("van Dongen", "GAMS")
    assert split_name("de la Mora Jimenez E") == Name("de la Mora Jimenez", "E")
    assert split_name("Marrugal Á") == Name("Marrugal", "Á")
    assert split_name("Lagoudas GK").given == "G. K."


def test_every_printed_author_splits_into_family_and_initials(review):
    for reference in review.references:
        for printed in reference.authors:
            name = split_name(printed)
            assert name.initials and name.printed == printed, (reference.n, printed)


def test_keys_are_stable_and_distinct(review):
    keys = reference_keys(review.references)
    assert len(set(keys.values())) == 150
    assert keys[66] == "utsumi2025axl"
    assert keys[1] == "weber2023lung"  # Wéber, accent dropped
    assert keys[28] == "liu2024gammadelta"  # γδ T cells
    assert keys[147] == "bergers2008modes"
    assert keys[81] == "wang2024smarca4"
    assert work_from_article().key == "liu2025tumor"
    # A key depends only on its reference: exporting a subset gives the same keys.
    assert [w.key for w in reference_works(review.references, [147, 66])] == ["bergers2008modes", "utsumi2025axl"]
    assert base_key("Utsumi T", 2025, "AXL-Mediated drug resistance") == "utsumi2025axl"


def test_types_dates_and_notes(review):
    works = {w.n: w for w in reference_works(review.references)}
    assert [n for n, w in works.items() if w.type is WorkType.PREPRINT] == [81]
    assert works[81].date == (2024, 6, 22)
    assert works[114].date == (2025, 4, 29) and works[114].ahead_of_print
    assert [n for n, w in works.items() if w.language] == [112, 113]
    assert [n for n, w in works.items() if w.caveat] == [15]
    assert works[66].page_range == ("1034", "1047") and not works[66].is_article_number
    assert works[1].page_range == ("e065303", "") and works[1].is_article_number


def test_unclean_references(review):
    issues = unclean_references(review.references)
    assert sorted(issues) == [15, 81, 97, 112, 113, 114]
    assert review.reference(15).journal == "Volume"  # the caveat is still true of the parsed list
    assert "bioRxiv preprint" in issues[81]
    assert issues[97] == "pages printed as '334-347, e12'"
    assert issues[114] == "no volume or pages; marked 'Epub ahead of print'"
