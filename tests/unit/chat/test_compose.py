"""The composed answer: the review's own sentences, chosen from ranked passages (no model: hits built from the real
chunks, closeness in meaning left out, so the choice rests on the question's terms)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from reviewqa.chat.choose import Candidate
from reviewqa.chat.compose import (
    CLOSE_SECOND,
    QueryTerms,
    answer_units,
    compose,
    is_list_question,
    with_close_second,
)
from reviewqa.chat.forms import SHAPES, AnswerForm
from reviewqa.chat.records import AnswerSentence
from reviewqa.search.definitions import opens_on, subject_forms
from reviewqa.search.expansion import expand_query
from reviewqa.search.results import hit_for


def _hits(review, *ids):
    return [hit_for(review, review.chunk(i), rank, 1.0 / rank) for rank, i in enumerate(ids, start=1)]


def _query(review, text):
    return QueryTerms.from_expanded(expand_query(text, review.glossary))


def _ones(terms):
    return np.ones(len(terms))


def _compose(review, question, *ids, **options):
    return compose(_hits(review, *ids), question, _query(review, question), _ones, **options)


def test_every_sentence_is_verbatim_with_its_own_references(review):
    answer = _compose(review, "What drives EGFR-TKI resistance?", "s3-p8", "s3-p9", "s4-p5", "t1-r8", "s4-p6")
    assert answer.sentences and answer.listed
    for sentence in answer.sentences:
        chunk = review.chunk(sentence.chunk_id)
        assert sentence.text in chunk.text
        assert set(sentence.refs) <= set(chunk.refs)
    overview = SHAPES[AnswerForm.OVERVIEW]  # 'what drives …' is answered by an overview
    assert answer.form is AnswerForm.OVERVIEW
    assert len({s.text for s in answer.sentences}) == len(answer.sentences) <= overview.points
    assert answer.words <= overview.words + max(len(s.text.split()) for s in answer.sentences)


def test_an_overview_opens_on_its_best_point_then_reads_in_passage_rank_and_reading_order(review):
    answer = _compose(review, "What drives EGFR-TKI resistance?", "s3-p8", "s3-p9")
    best = answer.sentences[0]
    assert best.score == max(s.score for s in answer.sentences) and len(answer.sentences) > 2
    for _, points in answer.groups():
        keys = [(s.rank, s.position) for s in points if s is not best]
        assert keys == sorted(keys)
    tams = [
        s for s in answer.sentences if s.text.startswith("TAMs contribute to resistance against targeted therapies")
    ]
    assert [s.refs for s in tams] == [(57,)]


def test_a_list_question_takes_distinct_points(review):
    assert is_list_question("What drives EGFR-TKI resistance?") and is_list_question("which trials combined ICIs?")
    assert not is_list_question("what are TILs?") and not is_list_question("is hypoxia bad?")


def test_run_in_heads_and_short_fragments_are_not_answer_units(review):
    units = answer_units(review.chunk("s3-p8"))
    assert "Resistance to targeted therapy." not in units
    assert all(len(u.split()) >= 6 for u in units)


def test_a_table_row_is_one_unit_its_cells_as_printed(review):
    (row,) = answer_units(review.chunk("t2-r8"))
    assert row.startswith("First author, year: Awad, 2022\nIntervention/Target: NEO-PV-01 vaccine")
    assert row in review.chunk("t2-r8").text and "Table II" not in row


def test_a_short_title_page_or_declarations_passage_is_one_unit(review):
    assert answer_units(review.chunk("back-competing-interests")) == [
        "Competing interests. The authors declare that they have no competing interests."
    ]
    assert answer_units(review.chunk("front-history")) == [review.chunk("front-history").text]
    assert len(answer_units(review.chunk("back-authors-contributions"))) > 1  # 80 words: its sentences


def test_a_definition_puts_the_defining_sentence_first(review):
    forms = subject_forms("TILs", review.glossary)
    answer = _compose(review, "what are TILs?", "s6-p9.1", "s6-p8", defining=lambda unit: opens_on(unit, forms))
    assert answer.sentences[0].chunk_id == "s6-p8"
    assert answer.sentences[0].text.startswith("TILs are a diverse population of immune cells")


def test_no_answer_without_a_covering_sentence(review):
    assert _compose(review, "capital of France", "s3-p8").sentences == ()
    assert _compose(review, "EGFR mutations", "ref57").sentences == ()  # reference entries are not quoted
    assert compose([], "T790M", _query(review, "T790M"), _ones).sentences == ()


def test_long_form_in_the_question_matches_the_abbreviation_in_the_text(review):
    query = _query(review, "what do cancer-associated fibroblasts secrete?")
    assert query.found_in({"caf", "secret"}) == {"cancer", "associ", "fibroblast", "cancerassoci", "secret"}


def test_a_sentence_about_the_subject_may_open_on_a_linking_word():
    from reviewqa.search.definitions import opens_on

    assert opens_on("Similarly, MDSCs impair cytotoxic T-cell function.", ["MDSCs"])
    assert opens_on("In addition, the TME is a dynamic ecosystem.", ["TME"])
    assert not opens_on("Tregs and MDSCs impair T cells.", ["MDSCs"])


def test_the_reader_score_joins_the_choice_and_the_first_sentence_all_verbatim(review):
    question = "What drives EGFR-TKI resistance?"
    ids = ("s3-p8", "s3-p9", "s4-p5", "t1-r8", "s4-p6")
    plain = _compose(review, question, *ids, form=AnswerForm.PLAIN)
    last = plain.sentences[-1].text
    read = _compose(
        review,
        question,
        *ids,
        form=AnswerForm.PLAIN,
        reading=lambda unit: 1.0 if unit == last else 0.0,
        best_first=True,
    )
    assert read.sentences[0].text == last != plain.sentences[0].text
    keys = [(s.rank, s.position) for s in read.sentences[1:]]
    assert keys == sorted(keys)  # the others as they read
    for sentence in read.sentences:
        assert sentence.text in review.chunk(sentence.chunk_id).text
    units = [u for i in ids for u in answer_units(review.chunk(i))]
    left_out = [u for u in units if u not in {s.text for s in plain.sentences}]
    assert left_out  # a sentence today's scoring leaves out …
    chosen = _compose(
        review, question, *ids, form=AnswerForm.PLAIN, reading=lambda unit: 1.0 if unit == left_out[0] else 0.0
    )
    assert left_out[0] in {s.text for s in chosen.sentences}  # … is chosen when the reader reads it as the answer


def test_best_first_without_a_reader_opens_on_the_sentence_scored_best(review):
    question = "What drives EGFR-TKI resistance?"
    ids = ("s3-p8", "s3-p9", "s4-p5", "t1-r8", "s4-p6")
    plain, first = (
        _compose(review, question, *ids, form=AnswerForm.PLAIN),
        _compose(review, question, *ids, form=AnswerForm.PLAIN, best_first=True),
    )
    assert {s.text for s in plain.sentences} == {s.text for s in first.sentences}  # the same choice, reordered
    assert first.sentences[0].score == max(s.score for s in plain.sentences) > plain.sentences[0].score


def _candidate(review, chunk_id, place, score):
    text = answer_units(review.chunk(chunk_id))[place]
    return Candidate(AnswerSentence(text, chunk_id, 1, (), place, score), None, frozenset(), group=chunk_id)


def test_a_plain_answer_takes_another_passages_best_sentence_scored_close_to_the_best(review):
    shape = SHAPES[AnswerForm.PLAIN]
    best, same, other = (_candidate(review, "s6-p16", 1, 0.9), _candidate(review, "s6-p16", 0, 0.8),
                         _candidate(review, "s3-p8", 1, 0.4))  # fmt: skip
    chosen = [best.sentence, same.sentence]
    taken = with_close_second(chosen, [best, same, other], shape)
    assert [s.chunk_id for s in taken] == ["s6-p16", "s6-p16", "s3-p8"]
    assert taken[2].text.startswith("One of the key mechanisms")
    assert CLOSE_SECOND * 0.9 <= 0.4  # another passage's best at 0.44 of the best joins
    far = replace(other, sentence=replace(other.sentence, score=0.3))
    assert with_close_second(chosen, [best, same, far], shape) == chosen  # under CLOSE_SECOND of the best: not
    assert with_close_second(taken, [best, same, other], shape) == taken  # taken already: not twice
    tight = replace(shape, words=best.sentence.words + same.sentence.words + other.sentence.words - 1)
    assert with_close_second(chosen, [best, same, other], tight) == chosen  # over the word budget: not
