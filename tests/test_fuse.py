from __future__ import annotations

import numpy as np
import pytest

from reviewqa.fuse import ordered, rank_by_score, rrf_fuse


def test_rrf_sums_reciprocal_ranks():
    fused = rrf_fuse([[3, 1, 2], [1, 4]], k=60)
    assert fused[1] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[3] == pytest.approx(1 / 61)
    assert fused[4] == pytest.approx(1 / 62)
    assert [row for row, _ in ordered(fused)] == [1, 3, 4, 2]


def test_rrf_weights_and_ties_broken_by_reading_order():
    fused = rrf_fuse([[5], [2]], k=60, weights=[1.0, 1.0])
    assert ordered(fused) == [(2, pytest.approx(1 / 61)), (5, pytest.approx(1 / 61))]
    assert rrf_fuse([[5], [2]], weights=[2.0, 1.0])[5] == pytest.approx(2 / 61)


def test_rank_by_score_respects_eligibility_depth_and_positive_only():
    scores = np.array([0.5, 0.0, 0.9, 0.7, 0.2], dtype=np.float32)
    eligible = np.array([True, True, False, True, True])
    assert rank_by_score(scores, eligible, depth=10) == [3, 0, 4, 1]
    assert rank_by_score(scores, eligible, depth=2) == [3, 0]
    assert rank_by_score(scores, eligible, depth=10, positive_only=True) == [3, 0, 4]
