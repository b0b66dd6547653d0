"""The conversation features of the passage ranker (search.shown_features) on the real review: what the previous
answer showed, its neighbours, its study's table rows, its subsection, a facet asked."""

from __future__ import annotations

import numpy as np
import pytest

from reviewqa.search.history import EarlierTurn
from reviewqa.search.shown import Shown
from reviewqa.search.shown_features import CONVERSATION_FEATURES, ConversationFeatures
from reviewqa.search.study_pairs import StudyPairs

CISPLATIN = "how do the tumour's supporting fibroblasts make chemo fail?"


@pytest.fixture(scope="module")
def features(review):
    pairs = StudyPairs(review).pairs
    return ConversationFeatures(Shown(review, pairs), pairs)


def _by_id(review, matrix: np.ndarray, name: str) -> dict[str, float]:
    column = CONVERSATION_FEATURES.index(name)
    return {c.id: float(matrix[row, column]) for row, c in enumerate(review.chunks)}


def test_a_passage_shown_its_neighbours_its_studys_rows_and_its_subsection(review, features):
    turns = [EarlierTurn("What are CAFs?", ("s2-p3",)), EarlierTurn(CISPLATIN, ("s4-p5", "s4-p6"))]
    matrix = features.matrix(turns, "any numbers on that?")
    assert matrix.shape == (len(review.chunks), len(CONVERSATION_FEATURES))
    shown = _by_id(review, matrix, "c_shown")
    assert shown["s4-p5"] == shown["s4-p6"] == 1.0 and shown["s2-p3"] == 0.5 and shown["s4-p7"] == 0.0
    assert _by_id(review, matrix, "c_first")["s4-p5"] == 1.0 and _by_id(review, matrix, "c_first")["s4-p6"] == 0.0
    near = _by_id(review, matrix, "c_next")
    assert near["t1-r14"] == near["s4-p7"] == 1.0 and near["s4-p6"] == 0.0  # shown itself: not a neighbour
    pair = _by_id(review, matrix, "c_pair")
    assert pair["t1-r4"] == pair["t1-r5"] == pair["t1-r7"] == 1.0 and pair["t1-r1"] == 0.0  # Ebid, Zhang; Wang
    facet = _by_id(review, matrix, "c_facet")  # figures: Forde's row has them, the passages shown do not
    assert facet["t2-r1"] == 1.0 and facet["s4-p5"] == facet["t1-r4"] == facet["ref104"] == 0.0


def test_nothing_when_no_earlier_answer_is_known(features):
    assert features.matrix([EarlierTurn(CISPLATIN)], "any numbers on that?") is None
    assert features.matrix([], "any numbers on that?") is None
