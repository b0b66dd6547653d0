"""Fusion of the dense and the lexical scores: a convex mix of normalised scores (measured better than RRF)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

DENSE_WEIGHT = 0.55  # measured on the project's sets: 0.4-0.65 within noise (0.55 best by a little since passages
# are embedded with their abbreviations spelled out); RRF trailed all of them
RRF_K = 60


_SAMPLE = 16_384  # rows sampled to find a top-k threshold in large corpora


def _among(values: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """`values[eligible]`, without the copy when every row is eligible."""
    return values if eligible.all() else values[eligible]


def _min_max(scores: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    among = _among(scores, eligible)
    low, high = float(among.min()), float(among.max())
    return (scores - low) / (high - low) if high > low else np.zeros_like(scores)


def convex_fuse(
    dense: np.ndarray, lexical: np.ndarray, eligible: np.ndarray, alpha: float = DENSE_WEIGHT
) -> np.ndarray:
    """alpha·(cosine, min-max scaled) + (1-alpha)·(BM25 / best BM25) over eligible chunks; others -inf."""
    fused = np.full(len(dense), -np.inf, dtype=np.float64)
    if not eligible.any():
        return fused
    best_lexical = float(_among(lexical, eligible).max())
    lexical_part = lexical / best_lexical if best_lexical > 0 else np.zeros_like(lexical)
    mixed = alpha * _min_max(dense, eligible) + (1 - alpha) * lexical_part
    if eligible.all():
        fused[:] = mixed
    else:
        fused[eligible] = mixed[eligible]
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
    if depth < 1:
        return []
    mask = eligible & (scores > 0) if positive_only else eligible & np.isfinite(scores)
    candidates = _best_rows(scores, mask, depth)
    order = np.lexsort((candidates, -scores[candidates]))[:depth]
    return [int(i) for i in candidates[order]]


def _best_rows(scores: np.ndarray, mask: np.ndarray, depth: int) -> np.ndarray:
    """Rows of `mask` scoring at least the depth-th best score: the top `depth` and any rows tied with it."""
    candidates = _above_sampled_threshold(scores, mask, depth)
    if candidates is None:
        candidates = np.flatnonzero(mask)
    if len(candidates) > depth:
        values = scores[candidates]
        kth = np.partition(values, len(values) - depth)[len(values) - depth]
        candidates = candidates[values >= kth]
    return candidates


def _above_sampled_threshold(scores: np.ndarray, mask: np.ndarray, depth: int) -> np.ndarray | None:
    """In a large corpus, the rows scoring at least a threshold read off a strided sample (None if too few).

    Exact whatever the sample: when at least `depth` rows reach the threshold, the top `depth` are among them.
    """
    if len(scores) <= 4 * _SAMPLE:
        return None
    stride = len(scores) // _SAMPLE
    sample = scores[::stride][mask[::stride]]
    rank = max(2, 2 * depth * len(sample) // len(scores))
    if len(sample) <= rank:
        return None
    threshold = np.partition(sample, len(sample) - rank)[len(sample) - rank]
    candidates = np.flatnonzero(mask & (scores >= threshold))
    return candidates if len(candidates) >= depth else None


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
