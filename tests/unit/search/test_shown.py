"""Follow-ups read against what the previous answer showed (search.shown): history items with the answer's passages,
'the second one', the conversation prior, "read as", and bad history items."""

from __future__ import annotations

import numpy as np
import pytest

from reviewqa.chat.api import ask_endpoint
from reviewqa.chat.turn import Notice, grounded, respond
from reviewqa.errors import InvalidQuery
from reviewqa.search.history import MAX_ANSWER_IDS, EarlierTurn, earlier_turns
from reviewqa.search.shown import FACET_PRIOR, Shown, ordinal

TRIALS = "Which trials combined immunotherapy with anti-angiogenic drugs?"
MACROPHAGES = "How do macrophages help lung tumours escape EGFR inhibitors?"
TWO_TRIALS = "What did the CHECKMATE-227 and KEYNOTE-024 trials establish?"


@pytest.fixture(scope="module")
def shown(review):
    return Shown(review)


def test_a_history_item_is_a_question_or_a_question_with_its_answers_passages():
    items = ["What are CAFs?", {"question": TRIALS, "answer_chunk_ids": ["s6-p20", "s6-p19"]}, {"question": "x"}]
    assert earlier_turns(items) == [
        EarlierTurn("What are CAFs?"),  # no passages known: the chat rebuilds them
        EarlierTurn(TRIALS, ("s6-p20", "s6-p19")),
        EarlierTurn("x"),
    ]
    assert EarlierTurn(TRIALS, ("s6-p20",)).to_json() == {"question": TRIALS, "answer_chunk_ids": ["s6-p20"]}


BAD_HISTORIES = [
    ("not a list", "history must be a list of earlier questions"),
    ({"question": "x"}, "history must be a list of earlier questions"),
    ([1, 2], "history must be a list of earlier questions"),
    ([{"question": 5}], "history must be a list of earlier questions"),
    ([{"answer_chunk_ids": ["s3-p8"]}], "history must be a list of earlier questions"),
    ([{"question": "x", "answer_chunk_ids": "s3-p8"}], '"answer_chunk_ids" must be a list of passage ids'),
    ([{"question": "x", "answer_chunk_ids": [1]}], '"answer_chunk_ids" must be a list of passage ids'),
]


@pytest.mark.parametrize(("history", "error"), BAD_HISTORIES)
def test_a_bad_history_is_one_clear_line_everywhere(fake_assistant, history, error):
    with pytest.raises(InvalidQuery, match="^" + error) as raised:
        fake_assistant.search("and for immunotherapy?", history=history)
    assert "\n" not in str(raised.value)
    if isinstance(history, str):
        return  # the chat's `respond` takes a single text as one earlier message
    notice = respond(fake_assistant, "and for immunotherapy?", history).reply
    assert isinstance(notice, Notice) and notice.message.startswith(f"Cannot search this: {error}")
    refused = ask_endpoint(fake_assistant)("and for immunotherapy?", history=history)
    assert refused["query"] == "and for immunotherapy?" and refused["error"].startswith(error)


def test_unknown_ids_are_passed_over_and_huge_lists_cut(fake_assistant, shown):
    assert shown.known(["nope", "s3-p8", "s3-p8", "s3-p9"]) == [shown.known(["s3-p8"])[0], shown.known(["s3-p9"])[0]]
    unknown = fake_assistant.search("any numbers on that?", history=[{"question": TRIALS, "answer_chunk_ids": ["x"]}])
    none = fake_assistant.search("any numbers on that?", history=[{"question": TRIALS, "answer_chunk_ids": []}])
    assert unknown == none
    huge = earlier_turns([{"question": "x", "answer_chunk_ids": ["s3-p8"] * 100_000}])
    assert huge[0].answer_chunk_ids == ("s3-p8",) * MAX_ANSWER_IDS
    many = fake_assistant.search("why?", history=[{"question": TRIALS, "answer_chunk_ids": ["s6-p19"]}] * 5_000)
    assert many.reading is not None and many.reading.followup


@pytest.mark.parametrize(
    ("message", "place"),
    [
        ("what phase was the second one?", 2),
        ("What was the toxicity in the first one?", 1),
        ("and the latter?", -1),
        ("what does that second mutation do?", 2),
        ("What suppresses those cells in the first place?", None),  # an idiom, not an item
        ("is first-line chemotherapy still used?", None),
        ("the second of these", 2),
    ],
)
def test_ordinal_reads_the_place_a_message_points_at(message, place):
    assert ordinal(message) == place


def test_the_second_one_is_the_previous_answers_second_passage(shown):
    turns = [EarlierTurn(TRIALS, ("s6-p20", "s6-p19", "s1-p4"))]
    assert shown.pointed_at(turns, "what phase was the second one?").id == "s6-p19"
    assert shown.pointed_at(turns, "and the last one?").id == "s1-p4"
    assert shown.pointed_at(turns, "and the fifth one?") is None  # the answer had three passages
    prior = shown.prior(turns, "what phase was the second one?")
    assert int(np.argmax(prior)) == shown.known(["s6-p19"])[0]
    # after a question naming two trials, 'the first one' is the first it names, not a passage
    two = [EarlierTurn(TWO_TRIALS, ("s6-p2.1", "s6-p4"))]
    assert shown.pointed_at(two, "What was the toxicity in the first one?") is None
    assert shown.about(two, "What was the toxicity in the first one?") == "CHECKMATE-227"


def test_the_second_study_of_a_one_passage_answer_is_the_second_study_it_names(shown):
    """s6-p5 names Ott et al (110), then Awad et al (111): 'that second study' is Awad's, whose table row holds the
    outcome."""
    turns = [EarlierTurn("are personalised cancer vaccines being combined with immunotherapy?", ("s6-p5",))]
    message = "how did people in that second study do over the longer term?"
    assert shown.pointed_at(turns, message).id == "t2-r8"
    assert shown.pointed_at(turns, "and the first one?").id == "s6-p5"  # the answer's own passage
    assert shown.pointed_at(turns, "and the third one?") is None  # the passage names two studies
    assert shown.about(turns, message) == "Awad, 2022"


def test_that_second_study_among_the_sentences_shown_is_its_table_row(shown, review):
    """With the answer's sentences (a history item's answer_sentences), 'that second study' is the second study they
    name: Awad et al, whose Table II row holds the outcome."""
    from reviewqa.corpus.sentences import split_sentences

    said = tuple(s for s in split_sentences(review.chunk("s6-p5").text) if "et al" in s)  # Ott et al, then Awad et al
    turns = [EarlierTurn("are personalised cancer vaccines being combined with immunotherapy?", ("s6-p5",), said)]
    assert shown.pointed_at(turns, "how did people in that second study do over the longer term?").id == "t2-r8"


def test_the_prior_favours_what_was_shown_and_what_is_next_to_it(shown, review):
    turns = [EarlierTurn(MACROPHAGES, ("s3-p8", "s6-p7.2"))]
    prior = shown.prior(turns, "how do you get around that?")
    by_id = {c.id: prior[row] for row, c in enumerate(review.chunks)}
    # shown, next to it, in its subsection; the passage the answer opened with has been read: a little less
    assert by_id["s6-p7.2"] > by_id["s6-p7.1"] > by_id["s3-p8"] > by_id["s6-p9.1"] > by_id["s4-p2"] == 0
    assert by_id["s3-p9"] == by_id["s3-p7"] == by_id["s6-p8"] == by_id["s6-p7.1"]  # neighbours, split half, alike
    other = shown.prior(turns, "are there other genetic changes that do the same job?")
    assert {c.id: other[row] for row, c in enumerate(review.chunks)}["s3-p8"] < 0  # 'other': beyond what was shown
    assert shown.prior([EarlierTurn(MACROPHAGES)], "how do you get around that?") is None


def test_read_as_says_what_the_previous_answer_was_about(fake_assistant):
    history = [{"question": MACROPHAGES, "answer_chunk_ids": ["s3-p8", "s6-p7.2"]}]
    read = fake_assistant.search("how do you get around that?", history=history).read_as
    assert read == "how do you get around EGFR inhibitors (Resistance to targeted therapy: EGFR-tyrosine, TKIs)?"
    forde = [{"question": "What did Forde and colleagues show with pembrolizumab?", "answer_chunk_ids": ["s6-p2.1"]}]
    assert fake_assistant.search("any numbers on that?", history=forde).read_as == (
        "any numbers on that (ICIs: Forde et al)?"
    )
    two = [{"question": TWO_TRIALS, "answer_chunk_ids": ["s6-p2.1", "s6-p4"]}]
    assert fake_assistant.search("What was the toxicity in the first one?", history=two).read_as == (
        "What was the toxicity in the first one (CHECKMATE-227)?"
    )
    trials = [{"question": TRIALS, "answer_chunk_ids": ["s6-p20", "s6-p19"]}]
    assert fake_assistant.search("what phase was the second one?", history=trials).read_as == (
        "what phase was the second one (Anti-angiogenic therapy: Qiang et al, Cai et al, VEGF)?"
    )


def test_a_question_of_its_own_is_not_grounded(fake_assistant):
    history = [{"question": MACROPHAGES, "answer_chunk_ids": ["s3-p8"]}]
    alone = "What are the roles of cancer-associated fibroblasts in shaping immunotherapy response in lung cancer?"
    assert fake_assistant.search(alone, history=history) == fake_assistant.search(alone, history=[MACROPHAGES])


def test_questions_alone_are_rebuilt_as_the_chat_answered_them(fake_assistant):
    first = respond(fake_assistant, TRIALS)
    second = respond(fake_assistant, "what phase was the second one?", first.after([]))
    rebuilt = grounded(fake_assistant, [TRIALS, "what phase was the second one?"])
    assert rebuilt == tuple(second.after(first.after([])))
    assert rebuilt[0] == EarlierTurn(TRIALS, first.answer_chunk_ids, first.answer_sentences)
    assert grounded(fake_assistant, [{"question": TRIALS, "answer_chunk_ids": ["s1-p1"]}])[0].answer_chunk_ids == (
        "s1-p1",
    )  # given passages are kept, never rebuilt


def test_the_mechanism_behind_a_study_shown_in_prose_is_its_table_rows_mechanism(review):
    """s4-p5 tells of Ebid et al (cisplatin and fibroblasts) in prose; Table I's row t1-r4 holds the mechanism."""
    from reviewqa.search.pointing import asked_facets, holds
    from reviewqa.search.study_pairs import StudyPairs

    assert asked_facets("what's the molecular mechanism behind it?") == ("mechanism",)
    chunks = {c.id: c for c in review.chunks}
    assert holds(chunks["t1-r4"], "mechanism") and not holds(chunks["s4-p5"], "mechanism")
    turns = [EarlierTurn("how do the tumour's supporting fibroblasts make chemo fail?", ("s4-p5",))]
    paired = Shown(review, StudyPairs(review).pairs)  # the study's table row is next to its prose
    prior = paired.prior(turns, "what's the molecular mechanism behind it?")
    rows = paired.known(["t1-r4", "s4-p5"])
    assert prior[rows[0]] > 0.4 > 0 > prior[rows[1]]


def test_numbers_asked_after_a_study_told_without_figures_are_not_a_neighbouring_studys(shown, review):
    """'any numbers on that?' after the herbal-medicine answer (Li et al, Gao et al; no figures, nor in their table
    rows): Table III's row next to it (Zhang, 2024: brain metastases) is another study's figures, not lifted."""
    turns = [EarlierTurn("are there herbal treatments that change the tumor macrophages?", ("s6-p7.1",))]
    prior = shown.prior(turns, "any numbers on that?")
    by_id = {c.id: prior[row] for row, c in enumerate(review.chunks)}
    assert by_id["t3-r10"] == by_id["s6-p7.2"] < FACET_PRIOR  # a neighbour, no more
    assert by_id["s6-p7.1"] > 0  # the passage read is not set back: nothing near says it


def test_the_same_group_is_the_studies_the_passage_shown_names(shown, review):
    turns = [EarlierTurn("how can you stop lung cancer cells from sticking to the matrix?", ("s6-p14", "s2-p4"))]
    same = shown.prior(turns, "what did the same group find with a microRNA?")
    plain = shown.prior(turns, "what did they find with a microRNA?")
    by_id = {c.id: (same[row], plain[row]) for row, c in enumerate(review.chunks)}
    assert by_id["s6-p14"][0] > 0.5 > by_id["s6-p14"][1]  # 'Wang et al (131)… Similarly, Wang et al (132)'
    assert by_id["s2-p4"][0] == by_id["s2-p4"][1]  # names no study of theirs
    assert by_id["s4-p6"] == (0.0, 0.0)  # a microRNA study of another section: not near what was shown


def test_figures_are_asked_in_everyday_words():
    from reviewqa.search.pointing import asked_facets

    for message in ["what % had a major pathological response in that trial?", "What response rate did they get?"]:
        assert asked_facets(message) == ("figures",)
    assert asked_facets("Any data in patients yet?") == ()  # clinical evidence, not a figure


def test_about_names_the_heading_once(shown):
    """The sentence shown names only what its heading is ('Combining ICIs with other therapies…' under 'ICIs')."""
    turns = [EarlierTurn("is combining two checkpoint inhibitors better than using one?", ("s6-p3", "s6-p4"))]
    assert shown.about(turns, "any trial of that in people already resistant to PD-1 drugs?") == "ICIs"


def test_numbers_the_review_does_not_give_are_said_plainly_and_no_other_studys_figure_is_shown(fake_assistant):
    """'any numbers on that?' after the lncRNA-HAL passage (no figure in it nor near it on the same study): a note
    says so, the nearest sentences are shown, none holding a figure; after the CAR-T passage its Table II row has
    them: no note."""
    from reviewqa.search.pointing import holds_figures

    hal = [{"question": "what does lncRNA-HAL do?", "answer_chunk_ids": ["s3-p6"]}]
    reply = respond(fake_assistant, "any numbers on that?", hal).reply
    assert reply.answer.notes[0].startswith("The review gives no figures on this (")
    assert reply.answer.sentences and not any(holds_figures(s.text) for s in reply.answer.sentences)
    car_t = [{"question": "has CAR-T been tried for lung cancer?", "answer_chunk_ids": ["s6-p9.2"]}]
    assert not any("no figures" in n for n in respond(fake_assistant, "any numbers on that?", car_t).reply.answer.notes)
    assert not any("no figures" in n for n in respond(fake_assistant, "any numbers on lncRNA-HAL?").reply.answer.notes)


def test_a_figure_of_a_neighbouring_passage_on_another_study_is_not_what_was_asked(review):
    """s6-p5 (Ott et al, a neoantigen vaccine) and s6-p6 next to it (other studies): another study's; its table row
    t2-r8 (Ott) and the other half of a split paragraph are the same study's."""
    from reviewqa.search.pointing import other_study

    chunks = {c.id: c for c in review.chunks}
    assert other_study(chunks["s6-p5"], chunks["s6-p4"])
    assert not other_study(chunks["s6-p5"], chunks["t2-r8"])
    assert not other_study(chunks["s6-p2.1"], chunks["s6-p2.2"])
