"""Blanks another term of the same category would fill equally are not asked (docs/GUIDE.md "Self-quiz")."""

from __future__ import annotations

import pytest

from reviewqa.quiz.ambiguity import ambiguous
from reviewqa.quiz.items import BLANK, cloze_items
from reviewqa.quiz.terms import TermFinder


def _blanked(review, sentence: str, answer: str) -> bool:
    finder = TermFinder(review.glossary)
    candidates = finder.candidates(sentence)
    (term,) = [t for t in candidates if t.text == answer]
    return ambiguous(sentence, term, candidates)


@pytest.mark.parametrize(
    ("sentence", "answer"),
    [
        # a bare appositive: the class, not the thing
        ("VISTA, another immune checkpoint molecule, contributes to the immunosuppressive environment by "
         "inhibiting T-cell activation (46).", "VISTA"),
        # an item of a list of peers, first, middle or last
        ("The TME in lung cancer is characterized by a complex array of immune cells, including TAMs, MDSCs and "
         "Tregs, which collectively contribute to an immunosuppressive environment (5) (Fig. 1).", "MDSCs"),
        ("PD-1 and PD-L1 inhibitors are the most extensively studied ICIs in NSCLC.", "PD-L1"),
        ("Comprising tumor cells, immune cells, stromal components, extracellular matrix (ECM) and bioactive "
         "molecules, the TME is a dynamic ecosystem that actively promotes tumor evolution, immune evasion and "
         "therapeutic resistance (10).", "extracellular matrix (ECM)"),
        # one example of a class
        ("Soluble factors, such as cytokines (for example, IL-6 and TNF-α), chemokines and growth factors, are "
         "critical drivers of TME heterogeneity.", "TNF-α"),
        ("Growth factors such as vascular endothelial growth factor (VEGF) drive angiogenesis and create an "
         "immunosuppressive microenvironment, further complicating therapeutic strategies (32).",
         "vascular endothelial growth factor (VEGF)"),
        # one more of a class
        ("Long non-coding RNAs (lncRNAs) also serve a role in shaping the TME through epigenetic mechanisms (54).",
         "Long non-coding RNAs (lncRNAs)"),
    ],
)  # fmt: skip
def test_blanks_another_term_fills_are_not_asked(review, sentence, answer):
    assert _blanked(review, sentence, answer)
    assert not any(i.sentence == sentence and i.answer == answer for i in cloze_items(review))


@pytest.mark.parametrize(
    ("sentence", "answer"),
    [
        # the order of a numbered series gives the answer
        ("ILCs, including ILC1s, ILC2s and ILC3s, can regulate tumor inflammation and immune responses through "
         "the secretion of cytokines.", "ILC2s"),
        # a relative clause names the thing
        ("Another ADC, sacituzumab govitecan, which targets Trop-2, has also exhibited promising results in "
         "early-phase trials for NSCLC (6).", "sacituzumab govitecan"),
        # a sentence opening on 'For example,' is not a list of examples
        ("For example, ILC3s have been reported to promote tumor progression by secreting IL-22, which can enhance "
         "tumor cell survival and resistance to therapy (76).", "ILC3s"),
        # two terms of different categories are not peers
        ("Kobayashi et al (83) explored the impact of bevacizumab and microRNA (miR)-200c on epithelial-mesenchymal "
         "transition (EMT) and EGFR-TKI resistance in EGFR-mutant lung cancer organoids, suggesting that targeting "
         "EMT-related pathways may offer a promising strategy to overcome resistance.", "bevacizumab"),
    ],
)  # fmt: skip
def test_blanks_the_sentence_answers_are_asked(review, sentence, answer):
    assert not _blanked(review, sentence, answer)
    assert any(i.sentence == sentence and i.answer == answer and BLANK in i.question for i in cloze_items(review))
