"""A detail of a named thing is reported only in a sentence naming it, or the next one: on the real review."""

from __future__ import annotations

import pytest

from reviewqa.search.detail_sentences import DetailSentences, Event, MissingDetail, full_name, naming_terms
from reviewqa.search.details import DETAILS, asked_details, asked_event

DETAIL = {d.name: d for d in DETAILS}


@pytest.fixture(scope="module")
def sentences(review):
    return DetailSentences(review.chunks)


def test_a_figure_is_the_named_drugs_only_in_its_sentence_or_the_next(sentences):
    # 'In a phase I/II trial, an ORR of 41%…' follows enfortumab vedotin's sentence, not sacituzumab govitecan's.
    assert sentences.reports(DETAIL["response rate"], "enfortumab")
    assert sentences.reports(DETAIL["duration of response"], "enfortumab")
    assert not sentences.reports(DETAIL["response rate"], "sacituzumab")
    assert sentences.reports(DETAIL["response rate"], "sotorasib")  # '…achieve objective response rates (ORRs) of 37%'


def test_a_table_row_reports_a_figure_written_before_its_measure(sentences):
    # 'Manageable safety; median PFS 4.1 months; 30% disease control rate', '45% major pathological response'
    assert sentences.reports(DETAIL["response rate"], "CAR-T")
    assert sentences.reports(DETAIL["response rate"], "Forde")


def test_a_paragraph_cut_in_two_passages_is_read_as_one(sentences):
    # s6-p2.1 ends on 'In addition, grade ≥3 adverse events were reported in'; s6-p2.2 opens on '<10% of patients'.
    assert sentences.reports(DETAIL["share of patients"], "pembrolizumab")


def test_the_rate_of_an_event_needs_the_event_named_with_the_figure(sentences):
    event = Event.of(asked_event("What was the incidence of cytokine release syndrome in the CAR-T trial?"), "CAR-T")
    assert event is not None and event.terms == {"cytokin", "releas", "syndrom"}
    assert not sentences.reports(DETAIL["share of patients"], "CAR-T", event)
    side_effects = Event.of("grade 3 side effects", "apatinib")  # the lay thesaurus: 'adverse events'
    assert side_effects is not None and sentences.reports(DETAIL["share of patients"], "apatinib", side_effects)


def test_the_event_whose_share_is_asked():
    assert asked_event("What percentage of NSCLC patients harbor a KRAS G12C mutation?") == "a KRAS G12C mutation"
    assert asked_event("What proportion of EGFR-mutant patients develop resistance, and how fast?") == "resistance"
    assert asked_event("What is the rate of interstitial lung disease with enfortumab vedotin?") == (
        "interstitial lung disease"
    )
    # 'KRAS' alone is no 'KRAS mutation': the sotorasib sentence's 37% is a response rate of G12C inhibitors.
    event = Event.of("a KRAS G12C mutation", "G12C")
    assert event is not None and not event.named_in("KRAS G12C inhibitors achieve ORRs of 37%")


def test_a_named_part_names_a_compound():
    assert naming_terms("EGFR-mutant") == ["egfr"]  # 'patients with EGFR mutations'
    assert naming_terms("CHECKMATE-227") == ["checkmat", "checkmate227"]


def test_the_name_in_a_message_is_the_whole_name():
    known = {"sacituzumab", "govitecan"}.__contains__
    assert full_name("What ORR has sacituzumab govitecan shown?", "govitecan", known) == "sacituzumab govitecan"
    assert full_name("What ORR has sacituzumab govitecan shown?", "sacituzumab", lambda w: False) == "sacituzumab"


def test_the_message_says_what_is_missing_and_quotes_the_closest_sentence():
    said = MissingDetail("response rate", "X", "s6-p22.1", "X was tried (6).").message
    assert said == (
        "The review discusses X but does not report its response rate; the closest it comes (s6-p22.1): "
        "“X was tried (6).”"
    )
    rate = MissingDetail("share of patients", "CAR-T", "t2-r11", event="cytokine release syndrome").message
    assert rate.endswith("report the share of patients with cytokine release syndrome; the closest passage is t2-r11.")


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("with the low dose apatinib + immunotherapy combo, what side effects showed up?", []),
        ("how many mg is the low-dose apatinib given with PD-1 blockade", ["dose"]),
        ("What objective response rate has sacituzumab govitecan shown?", ["response rate"]),
        ("What median duration of response has it shown?", ["duration of response"]),
        ("What sensitivity and specificity did the nanoprobe achieve?", ["sensitivity and specificity"]),
        ("what year was sacituzumab govitecan approved for NSCLC", ["year", "approval"]),
        ("what is the drug-to-antibody ratio of enfortumab vedotin", ["ratio"]),
        ("What cytotoxic payload does sacituzumab govitecan carry?", ["mechanism of action"]),
        ("How often did cytokine release syndrome occur in the trial?", ["share of patients"]),
        ("How many patients were enrolled in the CAR-T trial?", ["number of patients enrolled", "number of patients"]),
        # An outcome's share, not enrolment: 'an ORR of 41%' or '30% disease control rate' says how many.
        ("how many people in the CAR-T trial had their disease controlled?", ["number of patients"]),
    ],
)
def test_the_details_a_question_asks(question, names):
    assert [d.name for d in asked_details(question)] == names


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("What median follow-up was reported for the CAR-T trial?", ["follow-up time"]),
        ("What phase was the Fuzheng Sanjie recipe study?", ["trial phase"]),
        ("Which phase III trial validated atezolizumab?", []),  # asks which trial, not its phase
        ("Was sacituzumab govitecan FDA approved?", ["approval"]),
        ("What was the odds ratio for response in the Bozorgmehr trial?", ["statistics"]),
        ("how many chemo cycles were given alongside the vaccine", ["dosing schedule"]),
    ],
)
def test_details_judged_only_of_a_named_thing(question, names):
    asked = asked_details(question)
    assert [d.name for d in asked] == names and all(d.of_a_name for d in asked if d.name != "dosing schedule")


def test_the_closest_sentence_quoted_is_a_whole_sentence_not_a_run_in_head(sentences, review):
    # s6-p2.1 opens on the run-in head 'ICIs.', which names them first.
    row = next(i for i, chunk in enumerate(review.chunks) if chunk.id == "s6-p2.1")
    closest = sentences.closest("ICIs", [row])
    assert closest is not None and closest.row == row
    assert closest.sentence.startswith("ICIs have revolutionized the treatment landscape of NSCLC")


def test_a_code_with_a_word_or_greek_letter_after_it_is_the_review_code(review):
    from reviewqa.records import PROSE_KINDS
    from reviewqa.search.vocabulary import Vocabulary

    vocabulary = Vocabulary(c.text for c in review.chunks if c.kind in PROSE_KINDS)
    # The review prints 'ILC3s' and 'CD47-SIRPα'; it never prints ILC4, KEAP1 or STK11.
    for question in ("ILC3-derived IL-22", "CD47-SIRPa blockade", "CD47-SIRPalpha blockade", "CD47-SIRPα axis"):
        assert vocabulary.foreign_terms(question) == (), question
    assert vocabulary.foreign_terms("ILC4-derived cells") == ("ILC4-derived",)
    # Nor KEAP1: 'by targeting key pathways such as PD-1' once passed for it spelled out before its number.
    assert vocabulary.foreign_terms("KEAP1 or STK11 co-mutations") == ("KEAP1", "STK11")


def test_a_word_made_from_a_review_word_with_an_english_prefix_is_the_review_s(review):
    from reviewqa.records import PROSE_KINDS
    from reviewqa.search.vocabulary import Vocabulary

    vocabulary = Vocabulary(c.text for c in review.chunks if c.kind in PROSE_KINDS)
    # The review prints 'polarization' (four times), never 'repolarization'; nor 'desmoplastic' or 'lobectomy'.
    assert vocabulary.foreign_terms("M2-to-M1 repolarisation of TAMs") == ()
    assert vocabulary.foreign_terms("M2-to-M1 repolarization of TAMs") == ()
    assert vocabulary.foreign_terms("a stiff, desmoplastic stroma") == ("desmoplastic",)
    assert vocabulary.foreign_terms("after a lobectomy") == ("lobectomy",)


def test_a_latin_letter_for_a_greek_one_a_receptor_and_a_clipped_drug_name_are_the_review_s(review):
    from reviewqa.records import PROSE_KINDS
    from reviewqa.search.vocabulary import Vocabulary

    vocabulary = Vocabulary(c.text for c in review.chunks if c.kind in PROSE_KINDS)
    # The review spells out 'hypoxia-inducible factor-1α' (never HIF-1α), prints 'CSF-1' and 'CSF-1 receptor', and
    # names durvalumab, tremelimumab, nivolumab and pembrolizumab; it never names HIF-2 nor a drug beginning 'zolb'.
    assert vocabulary.foreign_terms("HIF-1a and hypoxia") == ()
    assert vocabulary.foreign_terms("HIF-1α signalling and HIF-1α-mediated autophagy") == ()  # the Greek letter too
    assert vocabulary.foreign_terms("CSF-1/CSF-1R signalling in TAMs") == ()
    assert vocabulary.foreign_terms("durva + treme, nivo + ipi, or pembro alone?") == ()
    assert vocabulary.clipped["durva"] == "durvalumab" and vocabulary.clipped["pembro"] == "pembrolizumab"
    assert vocabulary.foreign_terms("HIF-2a in lung cancer") == ("HIF-2a",)
    assert vocabulary.foreign_terms("HIF-2α in lung cancer") == ("HIF-2α",)
    assert vocabulary.foreign_terms("zolbetuximab for NSCLC") == ("zolbetuximab",)
