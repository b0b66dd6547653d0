"""The reader's training pairs: made by plain seeded functions from the real review and question sets (no model,
no training): which units are positives, the hard negatives beside them, the synthetic pairs, the same hash twice."""

from __future__ import annotations

from reviewqa.chat.reader_data import (
    NEGATIVES_PER_QUESTION,
    UNANSWERABLE_NEGATIVES,
    answers,
    definition_pairs,
    heading_pairs,
    lay_pairs,
    lay_rewording,
    pairs_sha256,
    question_pairs,
    table_pairs,
    training_pairs,
    units_of,
    who_pairs,
)
from reviewqa.search.evaluate import Question
from reviewqa.search.lay_thesaurus import THESAURUS

CAFS = Question("t001", "wat do caf do in lung tumors", True, ("CAFs create a physical barrier that impedes drug",))
NOT_IN_REVIEW = Question("u1", "what was the hazard ratio of IMpower150?", False, ())


def _retrieve(review, *ids):
    return lambda question: (question.question, [review.chunk(i) for i in ids])


def test_a_unit_answers_when_it_holds_a_phrase_or_lies_inside_one(review):
    sentence = next(u for u in units_of([review.chunk("s2-p3")]) if "physical barrier" in u)
    assert sentence.startswith("Through ECM deposition and cross-linking, CAFs create a physical barrier")
    assert answers(sentence, CAFS.must_contain)
    assert answers(sentence, (sentence + " And the next sentence of the passage goes on.",))  # a phrase across two
    assert not answers(units_of([review.chunk("s3-p8")])[0], CAFS.must_contain)


def test_question_pairs_positives_from_the_answering_passage_hard_negatives_from_the_top_ones(review):
    pairs, groups = question_pairs(review, [CAFS], _retrieve(review, "s3-p8", "s3-p9"))
    positives = [p for p in pairs if p.label == 1.0]
    negatives = [p for p in pairs if p.label == 0.0]
    assert [p.candidate[:40] for p in positives] == ["Through ECM deposition and cross-linking"]
    assert len(negatives) == NEGATIVES_PER_QUESTION
    top_units = set(units_of([review.chunk("s3-p8"), review.chunk("s3-p9"), review.chunk("s2-p3")]))
    assert all(p.candidate in top_units and not answers(p.candidate, CAFS.must_contain) for p in negatives)
    assert groups["t001"] == (CAFS.question, [p.candidate for p in positives], [p.candidate for p in negatives])


def test_a_question_the_review_does_not_answer_gives_only_negatives(review):
    pairs, groups = question_pairs(review, [NOT_IN_REVIEW], _retrieve(review, "s3-p8", "s3-p9", "s4-p5"))
    assert len(pairs) == UNANSWERABLE_NEGATIVES and {p.label for p in pairs} == {0.0} and not groups
    assert {p.source for p in pairs} == {"unanswerable"}


def test_negatives_are_seeded(review):
    retrieve = _retrieve(review, "s3-p8", "s3-p9", "s4-p5")
    same = [question_pairs(review, [CAFS], retrieve, seed=1)[0] for _ in range(2)]
    other = question_pairs(review, [CAFS], retrieve, seed=2)[0]
    assert same[0] == same[1] and pairs_sha256(same[0]) == pairs_sha256(same[1]) != pairs_sha256(other)


def test_a_lay_rewording_puts_a_thesaurus_phrase_for_the_review_words():
    question = "How does the tumor microenvironment cause acquired resistance?"
    reworded = lay_rewording(question, "k")
    assert reworded == lay_rewording(question, "k") != question
    lay = {phrase for words, phrases in THESAURUS for phrase in phrases if words in question}
    assert any(phrase in reworded for phrase in lay)
    assert lay_rewording("hello there", "k") is None


def test_lay_pairs_keep_the_positives_of_their_question(review):
    _, groups = question_pairs(review, [CAFS], _retrieve(review, "s3-p8"))
    groups = {"t001": ("what do CAFs do in the tumor microenvironment?", *groups["t001"][1:])}
    pairs = lay_pairs(groups)
    assert [p.label for p in pairs] == [1.0, 0.0, 0.0]
    assert "tumor microenvironment" not in pairs[0].query and pairs[0].candidate == groups["t001"][1][0]


def test_synthetic_pairs_from_the_review_structure(review):
    definitions = definition_pairs(review)
    adc = [p for p in definitions if p.query == "what are ADCs?" and p.label == 1.0]
    assert [p.candidate[:45] for p in adc] == ["ADCs are engineered molecules that combine th"]
    tables = table_pairs(review)
    assert sum(p.label for p in tables) == 140 and len(tables) == 420
    assert all(p.candidate.startswith("First author, year: ") for p in tables)
    who = who_pairs(review)
    assert sum(p.label for p in who) == 20 and all(p.query.startswith("who ") for p in who)
    headings = heading_pairs(review)
    assert ("what does the review say about introduction?", 1.0) in {(p.query, p.label) for p in headings}
    for pair in [*definitions, *tables, *who, *headings]:  # every candidate is the review's own text
        assert any(pair.candidate in c.text or pair.candidate in "\n".join(c.table_cells) for c in review.chunks)


def test_training_pairs_are_the_same_twice(review):
    retrieve = _retrieve(review, "s3-p8", "s2-p3")
    first, second = (training_pairs(review, [CAFS, NOT_IN_REVIEW], retrieve) for _ in range(2))
    assert pairs_sha256(first) == pairs_sha256(second)
    assert [p.source for p in first][:1] == ["question"] and {"table", "definition", "who", "heading"} <= {
        p.source for p in first
    }
