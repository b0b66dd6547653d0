"""The FAISS index over chunk vectors: exact inner product for the review, HNSW for very large corpora."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import faiss

EXACT_SEARCH_LIMIT = 50_000  # below this many vectors, brute force is both exact and fast enough (~3 ms)
HNSW_NEIGHBOURS = 32
HNSW_EF_CONSTRUCTION = 80
# benchmarks/scale.py, 1M review-like vectors: recall@10 against exact search is 0.93 at efSearch 1024, 0.96 at
# 2048, 0.98 at 3072 (~15 ms). FAISS does not widen efSearch to k: asking for the 1000 nearest does not help.
HNSW_EF_SEARCH = 3072


def build_dense_index(vectors: np.ndarray, exact_limit: int = EXACT_SEARCH_LIMIT) -> faiss.Index:
    """IndexFlatIP up to `exact_limit` vectors, IndexHNSWFlat (inner product) above."""
    import faiss

    dimension = vectors.shape[1]
    index: faiss.Index
    if len(vectors) <= exact_limit:
        index = faiss.IndexFlatIP(dimension)
    else:
        hnsw = faiss.IndexHNSWFlat(dimension, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        hnsw.hnsw.efSearch = HNSW_EF_SEARCH
        index = hnsw
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def save_dense_index(index, path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))


def load_dense_index(path: Path):
    import faiss

    index = faiss.read_index(str(path))
    if hasattr(index, "hnsw"):
        index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


def dense_search(index, query_vector: np.ndarray, depth: int) -> tuple[np.ndarray, np.ndarray]:
    """(row ids, cosine scores) of the `depth` nearest chunks, best first."""
    depth = min(depth, index.ntotal)
    scores, ids = index.search(np.ascontiguousarray(query_vector.reshape(1, -1), dtype=np.float32), depth)
    keep = ids[0] >= 0
    return ids[0][keep], scores[0][keep]


def dense_scores(index, query_vector: np.ndarray, depth: int) -> np.ndarray:
    """Cosine of every row; rows beyond the `depth` nearest get the lowest cosine FAISS returned."""
    rows, cosines = dense_search(index, query_vector, depth)
    scores = np.full(index.ntotal, float(cosines.min()) if len(cosines) else 0.0, dtype=np.float32)
    scores[rows] = cosines
    return scores
