"""The answer checker: forgiving of form (case, hyphens, Greek, plural, glossary), never of content."""

from __future__ import annotations

import pytest

from reviewqa.quiz.checking import check_answer, same_study, same_term


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("TGF-beta", "TGF-β"),
        ("tgf beta", "TGF-β"),
        ("transforming growth factor beta", "TGF-β"),
        ("CAFs", "cancer-associated fibroblasts"),
        ("cancer associated fibroblast", "CAFs"),
        ("caf", "CAFs"),
        ("icis", "ICIs"),  # an acronym's plural typed in lower case ('icis' is not singular 'ici' + 's' to loose)
        ("CAFs", "Cancer-associated fibroblasts (CAFs)"),
        ("cancer-associated fibroblasts", "Cancer-associated fibroblasts (CAFs)"),
        ("PDL1", "PD-L1"),
        ("programmed death ligand 1", "PD-L1"),
        ("interleukin-10", "IL-10"),
        ("interleukin 6", "IL-6"),
        ("microRNA-210", "miR-210"),
        ("IFN-gamma", "IFN-γ"),
        ("gamma delta T cells", "γδ T cells"),
        ("macrophage", "macrophages"),
        ("Tumor associated macrophages", "TAMs"),
        ("immune checkpoint inhibitor", "ICIs"),
        ("EGFR TKI", "EGFR-TKIs"),
        ("cmet", "c-MET"),
        ("Osimertinib", "osimertinib"),
        ("45", "45%"),
        ("45 percent", "45%"),
        ("7.1", "7.1 months"),
        ("7.1 month", "7.1 months"),
    ],
)
def test_accepts_equivalent_forms(review, given, expected):
    assert same_term(given, expected, review.glossary)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("EGFR", "HER2"),
        ("PD-1", "PD-L1"),
        ("PD-L2", "PD-L1"),
        ("IL-6", "IL-10"),
        ("MMP2", "MMP9"),
        ("MET", "c-MET"),
        ("TAMs", "CAFs"),
        ("tumor-associated macrophages", "CAFs"),
        ("afatinib", "apatinib"),
        ("41%", "45%"),
        ("4.2 months", "7.1 months"),
        ("", "TAMs"),
        ("the", "TAMs"),
        ("ILC2s", "ILC3s"),
    ],
)
def test_rejects_near_misses(review, given, expected):
    assert not same_term(given, expected, review.glossary)


@pytest.mark.parametrize("given", ["Utsumi", "utsumi 2025", "Utsumi et al (66)", "66", "(66)", "Utsumi, 2025 (66)"])
def test_study_accepts_author_year_or_reference(given):
    assert same_study(given, "Utsumi, 2025 (66)")


@pytest.mark.parametrize("given", ["Utsumi 2024", "Peyraud", "67", "Utsumi (67)", ""])
def test_study_rejects_other_studies(given):
    assert not same_study(given, "Utsumi, 2025 (66)")


def test_options_by_letter_number_or_text(review):
    options = ["HER2", "EGFR", "KRAS", "ALK"]
    for given in ("b", "B", "B)", "2", "EGFR", "egfr"):
        assert check_answer(given, "EGFR", options, review.glossary)
    for given in ("a", "3", "HER2", "E"):
        assert not check_answer(given, "EGFR", options, review.glossary)
    assert check_answer("abdel hafez", "Abdel-Hafez, 2024 (140)", study=True)


def test_superscript_digit_is_not_an_option_number(review):
    from reviewqa.quiz.checking import check_answer

    assert check_answer("²", "FGL1", options=["MET", "FGL1", "BRAF", "VEGF"], glossary=review.glossary) is False
    assert check_answer("2", "FGL1", options=["MET", "FGL1", "BRAF", "VEGF"], glossary=review.glossary) is True


def test_a_number_thousands_of_digits_long_is_a_wrong_option(review):
    from reviewqa.quiz.checking import check_answer

    options = ["MET", "FGL1", "BRAF", "VEGF"]
    for given in ("9" * 5000, "0" * 4999 + "2", "2" * 5000 + ")"):
        assert check_answer(given, "FGL1", options=options, glossary=review.glossary) is False
    assert check_answer("02", "FGL1", options=options, glossary=review.glossary) is True
