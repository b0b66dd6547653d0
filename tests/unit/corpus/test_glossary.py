from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("abbr", "long_form"),
    [
        ("CAFs", "cancer-associated fibroblasts"),
        ("MDSCs", "myeloid-derived suppressor cells"),
        ("TAMs", "tumor-associated macrophages"),
        ("ECM", "extracellular matrix"),
        ("ICB", "immune checkpoint blockade"),
        ("TKIs", "tyrosine kinase inhibitors"),
        ("FGL1", "fibrinogen-like protein 1"),
        ("scRNA-seq", "single-cell RNA sequencing"),
        ("PRRX1", "paired related homeobox 1"),
    ],
)
def test_glossary_maps_both_ways(review, abbr, long_form):
    entry = review.glossary.lookup(abbr)
    assert entry is not None and long_form in entry.long_forms
    assert review.glossary.lookup(long_form).abbr == entry.abbr


def test_lookup_tolerates_case_plural_and_hyphens(review):
    g = review.glossary
    assert g.lookup("caf").abbr == "CAFs"
    assert g.lookup("cafs").abbr == "CAFs"
    assert g.lookup("Cancer associated fibroblast").abbr == "CAFs"
    assert g.lookup("regulatory T cell").abbr == "Tregs"
    assert g.lookup("sotorasib") is None


def test_glossary_sources(review):
    entry = review.glossary.lookup("CAFs")
    assert entry.sources[0] == "text" and {"Figure 1", "Table I", "Table III"} <= set(entry.sources)
    assert review.glossary.lookup("LTB4").sources == ("Table II",)


def test_an_abbreviation_is_spelled_out_for_the_model_once_unless_the_text_already_does(review):
    glossary = review.glossary
    passage = review.chunk("s2-p2.2").text  # says 'TAMs', 'MDSCs', 'Tregs' without their long forms
    spelled = glossary.spelled_out(passage)
    assert spelled.count("TAMs (tumor-associated macrophages)") == 1  # the first use only
    assert "MDSCs (myeloid-derived suppressor cells) impair" in spelled
    assert "Tregs (regulatory T cells) further" in spelled
    assert "TGF-β (transforming growth factor-β) (18)" in spelled  # a citation after it is no definition
    assert spelled.replace(" (tumor-associated macrophages)", "").count("TAMs") == passage.count("TAMs")
    defined = "Cancer-associated fibroblasts (CAFs) remodel the ECM; CAFs also secrete TGF-β."
    assert glossary.spelled_out(defined) == (
        "Cancer-associated fibroblasts (CAFs) remodel the ECM (extracellular matrix); CAFs also secrete TGF-β "
        "(transforming growth factor-β)."
    )
    assert glossary.spelled_out("Cells can remodel their surroundings.") == "Cells can remodel their surroundings."
