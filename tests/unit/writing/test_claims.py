"""What a claim states beyond its topic: its figures, its names (by form, read from the review's glossary) and the
direction of its effects."""

from __future__ import annotations

from reviewqa.search.vocabulary import english_zipf
from reviewqa.writing.claims import claim_numbers, directions, mentions, names, numbers, opposite_direction


def test_figures_not_codes_nor_years():
    claim = "IL-10 and G12C inhibitors gave an ORR of 37% in 2021, with PFS of 7.1 vs 4.2 months in 50-60% of them."
    assert claim_numbers(claim) == ["37", "7.1", "4.2", "50", "60"]
    assert numbers("about three times more resistant") == {3.0}


def test_names_by_form_with_their_kinds(review):
    claim = (
        "Ott et al. combined anlotinib with pembrolizumab in KEYNOTE-042 for EGFR-mutant NSCLC, "
        "where regulatory T cells and CCL5 rose."
    )
    found = {n.text: n.kind for n in names(claim, review.glossary, english_zipf)}
    assert found["Ott"] == "author"
    assert found["anlotinib"] == "drug" and found["pembrolizumab"] == "drug"
    assert found["KEYNOTE-042"] == "trial"
    assert found["EGFR-mutant"] == "population"
    assert found["regulatory T cells"] == "cell type"
    assert "combined" not in found and "where" not in found


def test_a_name_is_mentioned_by_any_of_its_spellings(review):
    (tregs,) = [n for n in names("Tregs expand.", review.glossary, english_zipf) if n.text == "Tregs"]
    assert mentions("regulatory T cells accumulate", tregs)
    assert not mentions("MDSCs accumulate", tregs)
    (pdgf,) = names("PDGF signalling.", review.glossary, english_zipf)
    assert mentions("basic FGF, platelet-derived growth factor and VEGF-C", pdgf)
    (ccl5,) = names("Notch/CCL5 signalling.", review.glossary, english_zipf)
    assert mentions("signaling in stromal cells, such as Notch/C-C motif chemokine ligand 5, fosters", ccl5)


def test_directions_and_their_opposites():
    assert directions("stiffness reduces tumor cell proliferation")["prolifer"] == -1
    assert directions("it did not improve survival")["surviv"] == -1
    evidence = ["Increased matrix stiffness can enhance tumor cell proliferation and resistance to therapy (30)."]
    assert opposite_direction("Matrix stiffness reduces tumor cell proliferation.", evidence) == "tumor"
    assert opposite_direction("Stiffness lowers the proliferation of tumor cells.", evidence) == "proliferation"
    assert opposite_direction("Matrix stiffness enhances tumor cell proliferation.", evidence) == ""
