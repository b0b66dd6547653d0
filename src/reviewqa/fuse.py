"""Fusion of the dense and the lexical scores: a convex mix of normalised scores (measured better than RRF)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

DENSE_WEIGHT = 0.5  # measured on held-out questions: 0.4-0.6 are within noise; RRF trailed all of them
RRF_K = 60
FUSIONS = ("convex", "rrf")


def _min_max(scores: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    low, high = float(scores[eligible].min()), float(scores[eligible].max())
    return (scores - low) / (high - low) if high > low else np.zeros_like(scores)


def convex_fuse(
    dense: np.ndarray, lexical: np.ndarray, eligible: np.ndarray, alpha: float = DENSE_WEIGHT
) -> np.ndarray:
    """alpha·(cosine, min-max scaled) + (1-alpha)·(BM25 / best BM25) over eligible chunks; others -inf."""
    fused = np.full(len(dense), -np.inf, dtype=np.float64)
    if not eligible.any():
        return fused
    best_lexical = float(lexical[eligible].max())
    lexical_part = lexical / best_lexical if best_lexical > 0 else np.zeros_like(lexical)
    fused[eligible] = (alpha * _min_max(dense, eligible) + (1 - alpha) * lexical_part)[eligible]
    return fused


def fused_scores(
    mode: str, dense: np.ndarray, lexical: np.ndarray, eligible: np.ndarray, fusion: str = "convex"
) -> np.ndarray:
    """The score a search `mode` ranks by: cosine, BM25, or their fusion (convex or RRF)."""
    if mode == "dense":
        return dense.astype(np.float64)
    if mode == "bm25":
        return lexical.astype(np.float64)
    if fusion == "rrf":
        return rrf_scores(dense, lexical, eligible)
    return convex_fuse(dense, lexical, eligible)


def rank_by_score(scores: np.ndarray, eligible: np.ndarray, depth: int, positive_only: bool = False) -> list[int]:
    """Row ids of eligible chunks, best score first (ties in reading order), at most `depth`."""
    mask = eligible & (scores > 0) if positive_only else eligible & np.isfinite(scores)
    candidates = np.flatnonzero(mask)
    if len(candidates) > depth:
        top = np.argpartition(-scores[candidates], depth - 1)[:depth]
        candidates = candidates[top]
    order = np.lexsort((candidates, -scores[candidates]))
    return [int(i) for i in candidates[order]]


def rrf_fuse(
    rankings: Sequence[Sequence[int]], k: int = RRF_K, weights: Sequence[float] | None = None
) -> dict[int, float]:
    """Reciprocal rank fusion: Σ weight / (k + rank) over the rankings each id appears in (rank from 1)."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, row in enumerate(ranking, start=1):
            fused[row] = fused.get(row, 0.0) + weight / (k + rank)
    return fused


def rrf_scores(dense: np.ndarray, lexical: np.ndarray, eligible: np.ndarray, depth: int = 100) -> np.ndarray:
    """RRF of the two rankings as a score vector (kept to measure against the convex mix)."""
    rankings = [rank_by_score(dense, eligible, depth), rank_by_score(lexical, eligible, depth, positive_only=True)]
    fused = np.full(len(dense), -np.inf, dtype=np.float64)
    for row, score in rrf_fuse(rankings).items():
        fused[row] = score
    return fused


def ordered(fused: dict[int, float]) -> list[tuple[int, float]]:
    """(row, score) best first; ties broken by reading order."""
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))
