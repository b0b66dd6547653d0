"""The review cut into passages: kinds, counts, section paths and page-break repairs."""

from __future__ import annotations

import re
from collections import Counter

from reviewqa.records import Kind

S2 = "2. Heterogeneity of the lung cancer microenvironment"
S3 = "3. Dynamic crosstalk in the TME: Mechanisms of progression"
S6 = "6. Therapeutic strategies and clinical application of the TME"


def test_chunk_counts_per_kind(review):
    counts = Counter(c.kind for c in review.chunks)
    assert counts == {
        Kind.TEXT: 69,
        Kind.TABLE_ROW: 35,
        Kind.FIGURE: 2,
        Kind.REFERENCE: 150,
        Kind.FRONT_MATTER: 6,
        Kind.BACK_MATTER: 7,
    }


def test_chunk_ids_are_unique(review):
    ids = [c.id for c in review.chunks]
    assert len(ids) == len(set(ids))


def test_table_rows_per_table(review):
    rows = Counter(c.id.split("-")[0] for c in review.chunks if c.kind is Kind.TABLE_ROW)
    assert rows == {"t1": 14, "t2": 11, "t3": 10}


def test_table_row_reads_alone(chunk_by_id):
    row = chunk_by_id["t1-r1"]
    assert row.text == (
        "Table I. Studies on the TME driving drug resistance in lung cancer.\n"
        "First author, year: Utsumi, 2025\n"
        "Treatment measures: AXL inhibition + GAS6/MMP11 blockade\n"
        "Study type: Preclinical\n"
        "Model: ALK-rearranged NSCLC cell lines\n"
        "Resistance mechanisms: Macrophage-derived GAS6 and fibroblast MMP11 activated AXL to bypass ALK inhibition\n"
        "Refs.: (66)"
    )
    assert row.refs == (66,)
    assert row.section_path == (
        "4. TME-driven therapeutic resistance in lung cancer",
        "Table I. Studies on the TME driving drug resistance in lung cancer",
    )


def test_table_header_title_and_footnote_are_not_rows(review):
    rows = [c for c in review.chunks if c.kind is Kind.TABLE_ROW]
    assert not any("First author, year: First author, year" in c.text for c in rows)
    assert not any("ACKR1, atypical chemokine receptor 1;" in c.text for c in rows)
    assert all(c.text.count("\n") == 6 for c in rows)
    assert [c.refs for c in rows if c.id.startswith("t3-")][-1] == (146,)


def test_table_cells_are_cleaned(chunk_by_id):
    assert "Model: In vitro" not in chunk_by_id["t1-r4"].text
    assert "Study type: In vitro" in chunk_by_id["t1-r4"].text
    assert "CD8+ T cells" in chunk_by_id["t1-r2"].text
    assert "Integrin β1 inhibition" in chunk_by_id["t3-r5"].text
    assert "VEGFR2/PDGFRβ crosstalk" in chunk_by_id["t1-r12"].text


def test_nk_cell_paragraph_rejoined_across_page(chunk_by_id):
    text = chunk_by_id["s2-p3"].text
    assert "without prior sensitization, can be impaired in the TME due to factors" in text
    assert chunk_by_id["s2-p3"].refs == (24, 25, 26, 27, 28)


def test_gao_paragraph_rejoined_after_two_tables(chunk_by_id):
    text = chunk_by_id["s6-p7.1"].text
    assert "Similarly, Gao et al (113) reported that ginseng extract altered the behavior of A549" in text


def test_paragraphs_cut_by_figures_are_rejoined(chunk_by_id):
    assert "the fibrotic networks created by CAFs and the physical barriers of the ECM" in chunk_by_id["s2-p8"].text
    assert "self-renew and differentiate, contributing to tumor heterogeneity" in chunk_by_id["s3-p3"].text
    assert "lymphocyte-activation gene 3 (LAG-3)/fibrinogen-like protein 1" in chunk_by_id["s3-p2.1"].text
    assert "adverse events were reported in <10% of patients" in chunk_by_id["s6-p2.2"].text


def test_no_text_chunk_starts_or_ends_mid_sentence(review):
    for chunk in review.chunks:
        if chunk.kind is Kind.TEXT:
            assert re.match(r"[A-Z0-9γ]", chunk.text), chunk.id
            assert re.search(r"[.!?)]$", chunk.text), chunk.id


def test_numbered_sections_by_number_not_hash_count(review):
    tops = list(dict.fromkeys(c.section_path[0] for c in review.chunks if c.kind is Kind.TEXT))
    assert tops == [
        "1. Introduction",
        S2,
        S3,
        "4. TME-driven therapeutic resistance in lung cancer",
        "5. Challenges and future directions",
        S6,
        "7. Conclusion",
    ]


def test_known_section_paths(chunk_by_id):
    assert chunk_by_id["s1-p1"].section_path == ("1. Introduction",)
    assert chunk_by_id["s2-p2.1"].section_path == (S2, "Cellular components")
    assert chunk_by_id["s2-p5"].section_path == (S2, "Non-cellular components")
    assert chunk_by_id["s3-p10"].section_path == (S3, "Resistance to ICB")
    assert chunk_by_id["s6-p3"].section_path == (S6, "Immune microenvironment modulation", "ICIs")
    assert chunk_by_id["s6-p11"].section_path == (S6, "Therapies that target TME components", "CAFs")
    assert chunk_by_id["s6-p22.2"].section_path == (
        S6,
        "Therapies that target TME components",
        "Novel therapeutic approaches: Antibody-drug conjugates (ADCs) and bispecific antibodies",
    )


def test_run_in_heads_stay_in_text(chunk_by_id):
    assert chunk_by_id["s2-p2.1"].text.startswith("Cellular components. The TME in lung cancer")
    assert chunk_by_id["s3-p10"].text.startswith("Resistance to ICB. Immune checkpoint inhibitors (ICIs)")


def test_figures_front_and_back_matter(chunk_by_id):
    figure = chunk_by_id["fig1"]
    assert figure.kind is Kind.FIGURE
    assert figure.text.startswith("Figure 1. TME composition and interactions in lung cancer.")
    assert figure.text.endswith("(www.figdraw.com, ID: YTYOW4a999).")
    assert figure.section_path == (S2, "Figure 1. TME composition and interactions in lung cancer.")
    assert chunk_by_id["front-abstract"].text.startswith("Abstract. Lung cancer remains a leading cause")
    assert chunk_by_id["front-keywords"].kind is Kind.FRONT_MATTER
    assert "10.3892/ijo.2025.5824" in chunk_by_id["front-history"].text
    assert chunk_by_id["back-funding"].text.startswith("Funding. This work was supported")
    assert chunk_by_id["back-funding"].kind is Kind.BACK_MATTER


def test_markup_is_cleaned_everywhere(review):
    for chunk in review.chunks:
        assert "$" not in chunk.text and "<sup>" not in chunk.text and "*" not in chunk.text, chunk.id
        assert "<i>" not in chunk.text and "](" not in chunk.text, chunk.id


def test_table_row_label_and_cells(chunk_by_id):
    row = chunk_by_id["t2-r8"]
    assert row.table_label == "Table II"
    assert row.table_cells[0] == "First author, year: Awad, 2022" and row.table_cells[-1] == "Refs.: (111)"
    assert chunk_by_id["s1-p1"].table_cells == () and chunk_by_id["s1-p1"].table_label == ""
