from __future__ import annotations

import pytest

from reviewqa.corpus.markup import clean_markup


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("transforming growth factor- $\\beta$  (TGF- $\\beta$ ) to", "transforming growth factor-β (TGF-β) to"),
        ("signal regulatory protein  $\\alpha$  axis", "signal regulatory protein α axis"),
        ("integrin  $\\beta$ 1 expression", "integrin β1 expression"),
        ("Integrin $\\beta 1$ inhibition", "Integrin β1 inhibition"),
        ("VEGFR2/PDGFR $\\beta$ crosstalk", "VEGFR2/PDGFRβ crosstalk"),
        ("remains at  $\\leq 25\\%$  (2).", "remains at ≤25% (2)."),
        ("and  $\\gamma\\delta$  T cells", "and γδ T cells"),
        ("WIP and  $\\beta$ -catenin", "WIP and β-catenin"),
        ("CD8 <sup>+</sup> T cells", "CD8+ T cells"),
        ("CD8<sup>+</sup> T cells", "CD8+ T cells"),
        ("LI LIU<sup>1</sup>, LI YANG<sup>2</sup>", "LI LIU¹, LI YANG²"),
        ("<i>In vitro</i>", "In vitro"),
        ("Utsumi *et al* (66)", "Utsumi et al (66)"),
        ("**Resistance to ICB.** Immune", "Resistance to ICB. Immune"),
        ("Figdraw ([www.figdraw.com](http://www.figdraw.com), ID: X)", "Figdraw (www.figdraw.com, ID: X)"),
        ("reported in\n\n<10% of patients", "reported in\n\n<10% of patients"),
    ],
)
def test_clean_markup(raw, clean):
    assert clean_markup(raw) == clean
