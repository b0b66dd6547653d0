from __future__ import annotations

import numpy as np
import pytest

from reviewqa.search.fusion import rank_by_score, rrf_fuse


def ordered(fused):
    """(row, score) best first, ties in reading order."""
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


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


def _reference_ranking(scores, eligible, depth, positive_only=False):
    """The definition: eligible (positive or finite) rows by score descending, ties in reading order."""
    keep = [
        i for i in range(len(scores)) if eligible[i] and (scores[i] > 0 if positive_only else np.isfinite(scores[i]))
    ]
    return sorted(keep, key=lambda i: (-scores[i], i))[:depth]


@pytest.mark.parametrize("size", [300, 70_000, 300_000])  # the larger two take the sampled-threshold path
@pytest.mark.parametrize("depth", [1, 3, 10, 1000])
def test_rank_by_score_is_exact_with_ties_and_plateaus(size, depth):
    rng = np.random.default_rng(size + depth)
    scores = np.round(rng.random(size), 3)  # many ties
    scores[rng.random(size) < 0.6] = 0.25  # a plateau, as when rows beyond FAISS's depth share a cosine
    scores[rng.random(size) < 0.05] = -np.inf
    eligible = rng.random(size) < 0.9
    for positive_only in (False, True):
        expected = _reference_ranking(scores, eligible, depth, positive_only)
        assert rank_by_score(scores, eligible, depth, positive_only) == expected
    everything = np.ones(size, dtype=bool)
    assert rank_by_score(scores, everything, depth) == _reference_ranking(scores, everything, depth)


def test_rank_by_score_on_a_plateau_still_breaks_ties_in_reading_order():
    scores = np.full(200_000, 0.5)
    scores[[150_000, 7]] = 0.9
    assert rank_by_score(scores, np.ones(len(scores), dtype=bool), depth=4) == [7, 150_000, 0, 1]
