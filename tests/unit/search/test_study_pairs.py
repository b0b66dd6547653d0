"""A study in prose and in a table row: the pairs found in the real review, and the order a question asks for."""

from __future__ import annotations

import numpy as np
import pytest

from reviewqa.corpus.review import load_review
from reviewqa.search.study_pairs import StudyPairs


@pytest.fixture(scope="module")
def review():
    return load_review()


@pytest.fixture(scope="module")
def pairs(review):
    return StudyPairs(review)


def _ids(review, pairs):
    return {(review.chunks[t].id, review.chunks[p].id) for t, p in pairs.pairs}


def test_each_table_row_is_paired_with_the_prose_that_cites_its_author(review, pairs):
    found = _ids(review, pairs)
    assert len(found) == 33
    assert {("t1-r2", "s4-p2"), ("t2-r1", "s6-p2.1"), ("t3-r10", "s6-p20")} <= found  # Peyraud, Forde, Song
    # Table III numbers FUT8 (Li, 2020) one above the text: the nearest number pairs them, not another 'Li et al'.
    assert [p for t, p in found if t == "t3-r3"] == ["s6-p12"]
    assert {t for t, _ in found} <= {c.id for c in review.chunks if c.kind.value == "table_row"}


def _rank(review, scores, question, pairs):
    order = np.argsort(-pairs.order(scores, question), kind="stable")
    return [review.chunks[i].id for i in order[:2]]


def test_the_question_decides_which_of_the_two_answers_first(review, pairs):
    rows = {c.id: i for i, c in enumerate(review.chunks)}
    scores = np.zeros(len(review.chunks))
    scores[rows["t1-r2"]], scores[rows["s4-p2"]] = 0.9, 0.8  # the row ahead
    assert _rank(review, scores, "which group used spatially resolved transcriptomics?", pairs) == ["s4-p2", "t1-r2"]
    assert _rank(review, scores, "what did spatial transcriptomics show about TLS?", pairs) == ["t1-r2", "s4-p2"]
    scores[rows["t1-r2"]], scores[rows["s4-p2"]] = 0.8, 0.9  # the prose ahead
    assert _rank(review, scores, "what mechanism does Table I give for Peyraud?", pairs) == ["t1-r2", "s4-p2"]
    assert _rank(review, scores, "Peyraud 2025: resistance mechanism?", pairs) == ["t1-r2", "s4-p2"]
    assert _rank(review, scores, "who reported TLS and CD8 exclusion?", pairs) == ["s4-p2", "t1-r2"]


def test_a_table_row_ranked_first_brings_its_prose_second_when_the_question_does_not_say(review, pairs):
    rows = {c.id: i for i, c in enumerate(review.chunks)}
    scores = np.zeros(len(review.chunks))
    for rank, chunk_id in enumerate(["t3-r8", "t2-r10", "t3-r9", "s6-p19", "s6-p17"]):
        scores[rows[chunk_id]] = 1.0 - rank / 10
    order = np.argsort(-pairs.order(scores, "is there an inhaler type treatment?"), kind="stable")
    assert [review.chunks[i].id for i in order[:3]] == ["t3-r8", "s6-p17", "t2-r10"]  # Abdel-Hafez, row then prose
    scores[rows["s6-p17"]] = 0.85  # already third: left where it is
    assert np.array_equal(pairs.order(scores, "is there an inhaler type treatment?"), scores)
