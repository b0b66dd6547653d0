"""The names an answer's sentences show, in reading order, and what 'the second one' names among them
(search.mentions), on the review's own sentences."""

from __future__ import annotations

from reviewqa.search.history import EarlierTurn
from reviewqa.search.mentions import Naming, lists, ordinal, ordinal_name, sentence_mentions
from reviewqa.search.pointing import learn_kinds

CELLS = (
    "The TME in lung cancer is characterized by a complex array of immune cells, including TAMs, MDSCs and Tregs, "
    "which collectively contribute to an immunosuppressive environment (5) (Fig. 1)."
)
NK = (
    "NK cells, known for their ability to recognize and lyse tumor cells without prior sensitization, can be "
    "impaired in the TME due to factors such as TGF-β and programmed death-ligand 1 (PD-L1) expression (27)."
)
RNA = (
    "RNA modifications, including m6A, m5C and ac4C, have emerged as critical regulators of mRNA stability and "
    "translation."
)
VACCINES = (
    "Ott et al (110) reported promising results with a neoantigen vaccine combined with anti-PD-1 therapy in patients "
    "with advanced melanoma and NSCLC.",
    "Similarly, Awad et al (111) demonstrated the feasibility of integrating neoantigen vaccines with chemotherapy and "
    "anti-PD-1 therapy in non-squamous NSCLC.",
)


def _names(text, review):
    return [m.name for m in sentence_mentions(text, review.glossary)]


def test_the_names_of_a_sentence_in_reading_order(review):
    assert _names(CELLS, review) == ["TME", "TAMs", "MDSCs", "Tregs"]  # Tregs: the glossary's, one capital
    assert _names(NK, review) == ["NK", "TME", "TGF-β", "PD-L1"]
    assert _names(RNA, review) == ["RNA", "m6A", "m5C", "ac4C", "mRNA"]  # a digit and a capital in any order
    assert _names("Integrins and MMPs are key mediators of cancer cell adhesion and invasion.", review) == [
        "Integrins",  # a word rare in English joined to a name
        "MMPs",
    ]
    drugs = sentence_mentions("Nivolumab plus radiotherapy, or cisplatin with osimertinib (7).", review.glossary)
    assert [(m.name, m.kind.value) for m in drugs] == [
        ("nivolumab", "drug"),
        ("cisplatin", "drug"),
        ("osimertinib", "drug"),
    ]
    assert [(m.name, m.kind.value) for m in sentence_mentions(VACCINES[0], review.glossary)][0] == ("Ott", "study")


def test_a_list_is_names_joined_by_commas_and_and(review):
    found = sentence_mentions(NK, review.glossary)
    assert [[m.name for m in run] for run in lists(NK, found)] == [["TGF-β", "PD-L1"]]  # the long form spans both
    found = sentence_mentions(CELLS, review.glossary)
    assert [[m.name for m in run] for run in lists(CELLS, found)] == [["TAMs", "MDSCs", "Tregs"]]


def test_the_second_one_is_of_the_list_the_answer_showed(review):
    kinds = learn_kinds((c.text for c in review.chunks), review.glossary)

    def named(place, noun, sentences, studies=False):
        found = ordinal_name(place, noun, sentences, review.glossary, kinds, studies=studies)
        return found.name if found else None

    assert named(2, "ones", [CELLS, NK]) == "MDSCs"
    assert named(-1, "one", [CELLS]) == "Tregs"  # 'the last one'
    assert named(2, "factor", [RNA, NK]) == "PD-L1"  # the list of factors, not the first list
    assert named(1, "one", [RNA]) == "m6A"
    assert named(2, "study", VACCINES) == "Awad"
    assert named(2, "one", VACCINES, studies=True) == "Awad"  # after a question asking for studies
    assert named(1, "drug", [*VACCINES, "Bevacizumab and apatinib were added."]) == "bevacizumab"
    assert named(1, "subtype", [CELLS.replace(", including TAMs, MDSCs and Tregs", "")]) is None  # no list: none
    assert named(4, "one", [CELLS]) is None  # three named


def test_the_previous_questions_own_list_comes_first(review):
    kinds = learn_kinds((c.text for c in review.chunks), review.glossary)
    naming = Naming(review.glossary, kinds, frozenset())
    turns = [EarlierTurn("What did the CHECKMATE-227 and KEYNOTE-024 trials establish?", ("s6-p2.1",), (CELLS,))]
    assert ordinal("what did the first one find?") == 1
    assert naming.listed(turns, "what did the first one find?") == "CHECKMATE-227"
    assert naming.name(turns, "what did the first one find?") is None
    turns = [EarlierTurn("Which immune cells suppress immunity?", ("s2-p2.1",), (CELLS,))]
    assert naming.label(turns, "how do the second ones shut down T cells?") == "MDSCs"
    assert naming.label([EarlierTurn(turns[0].question, ("s2-p2.1",))], "the second ones?") == ""  # not shown: none
