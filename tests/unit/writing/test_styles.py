"""Vancouver (the review's own layout) and APA 7, checked by hand against the printed reference list."""

from __future__ import annotations

import pytest

from reviewqa.writing.styles import apa, format_work, in_text, vancouver
from reviewqa.writing.works import reference_works, work_from_article


@pytest.fixture(scope="module")
def works(review):
    return {w.n: w for w in reference_works(review.references)}


def test_vancouver_rebuilds_every_printed_entry_from_its_fields(review, works):
    differing = []
    for reference in review.references:
        printed = reference.citation.replace("et al:", "et al.:")  # the list prints both 'et al' and 'et al.'
        if vancouver(works[reference.n]) != printed:
            differing.append(reference.n)
    # 81 prints no full stops around its date and DOI; 112 lacks its final full stop.
    assert differing == [81, 112]
    assert vancouver(works[81]).endswith("immunotherapy. bioRxiv: Jun 22, 2024. doi: 10.1101/2024.06.18.599431.")
    assert vancouver(works[112]).endswith("Zhongguo Zhong Yao Za Zhi 40: 1161-1165, 2015 (In Chinese).")


def test_vancouver_markdown_italicises_journal_and_et_al(works):
    assert vancouver(works[4], "md").endswith(
        "Yamashita K, Urakami K, *et al.*: Localization of epidermal growth factor receptor-mutations using PNA: "
        "DNA probes in clinical specimens from patients with non-small cell lung cancer. *Sci Rep* 15: 11314, 2025."
    )


def test_apa_exact(works):
    assert apa(works[147]) == (
        "Bergers, G., & Hanahan, D. (2008). Modes of resistance to anti-angiogenic therapy. Nat Rev Cancer, 8, 592–603."
    )
    assert apa(works[66], "md") == (
        "Utsumi, T., Mizuta, H., Seto, Y., Uchibori, K., Nishio, M., Okamoto, I., & Katayama, R. (2025). "
        "AXL-Mediated drug resistance in ALK-rearranged NSCLC enhanced by GAS6 from macrophages and MMP11 positive "
        "fibroblasts. *Cancer Sci*, *116*, 1034–1047."
    )
    assert apa(works[105]).startswith("Niemeijer, A. N., Leung, D., Huisman, M. C., Bahce, I., Hoekstra, O. S., ")
    assert "van Dongen, G. A. M. S., Boellaard, R., Du, S., Hayes, W., Smith, R., et al. (2018). Whole body" in apa(
        works[105]
    )
    assert apa(works[1]).startswith("Wéber, A., Morgan, E., ")
    assert apa(works[1]).endswith("in 2020 and 2040. BMJ Open, 13, Article e065303.")
    assert apa(works[28]).endswith(
        "(2024). γδ T cells and the PD-1/PD-L1 axis: A love-hate relationship in the tumor microenvironment. "
        "J Transl Med, 22, Article 553."
    )


def test_apa_preprint_and_online_first(works):
    assert apa(works[81], "md") == (
        "Wang, Y., Meraz, I. M., Qudratullah, M., Kotagiri, S., Han, Y., Xi, Y., Wang, J., & Lissanu, Y. (2024). "
        "*SMARCA4 mutation induces tumor cell-intrinsic defects in enhancer landscape and resistance to "
        "immunotherapy* [Preprint]. bioRxiv. https://doi.org/10.1101/2024.06.18.599431"
    )
    assert apa(works[114]).endswith(
        "to enhance cancer research and treatment. QJM. Advance online publication. https://doi.org/10.1093/qjmed/hcaf103"
    )
    # A title ending in '?' gets no extra full stop.
    assert "Anti-PD-1 or anti-PD-L1? J Immunother Cancer, 6, Article 135." in apa(works[106])


def test_the_review_itself():
    review = work_from_article()
    assert vancouver(review) == (
        "Liu L, Yang L, Li H, Shang T and Liu L: The tumor microenvironment in lung cancer: Heterogeneity, "
        "therapeutic resistance and emerging treatment strategies (Review). Int J Oncol 2025. "
        "doi: 10.3892/ijo.2025.5824."
    )
    assert apa(review, "md") == (
        "Liu, L., Yang, L., Li, H., Shang, T., & Liu, L. (2025). The tumor microenvironment in lung cancer: "
        "Heterogeneity, therapeutic resistance and emerging treatment strategies (Review). "
        "*International Journal of Oncology*. https://doi.org/10.3892/ijo.2025.5824"
    )
    assert in_text(review) == "(Liu et al., 2025)"


def test_in_text(works):
    assert in_text(works[147]) == "(Bergers & Hanahan, 2008)"
    assert in_text(works[89]) == "(Yuan, 2016)"
    assert in_text(works[4]) == "(Miyata et al., 2025)"


def test_unknown_style_or_markup(works):
    with pytest.raises(ValueError, match="unknown style 'mla'"):
        format_work(works[1], "mla")
    with pytest.raises(ValueError, match="unknown format 'html'"):
        format_work(works[1], "apa", "html")
