"""Reciprocal rank fusion of the dense and the lexical ranking."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

RRF_K = 60


def rank_by_score(scores: np.ndarray, eligible: np.ndarray, depth: int, positive_only: bool = False) -> list[int]:
    """Row ids of eligible chunks, best score first, at most `depth`."""
    mask = eligible & (scores > 0) if positive_only else eligible
    candidates = np.flatnonzero(mask)
    if len(candidates) > depth:
        top = np.argpartition(-scores[candidates], depth - 1)[:depth]
        candidates = candidates[top]
    order = np.lexsort((candidates, -scores[candidates]))
    return [int(i) for i in candidates[order]]


def rrf_fuse(
    rankings: Sequence[Sequence[int]], k: int = RRF_K, weights: Sequence[float] | None = None
) -> dict[int, float]:
    """Σ weight / (k + rank) over the rankings each id appears in (rank from 1)."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, row in enumerate(ranking, start=1):
            fused[row] = fused.get(row, 0.0) + weight / (k + rank)
    return fused


def ordered(fused: dict[int, float]) -> list[tuple[int, float]]:
    """(row, score) best first; ties broken by reading order."""
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))
