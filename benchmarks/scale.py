"""Search at scale: synthetic corpora of 10k, 100k and 1M chunks through reviewqa's own index and fusion code.

Run from the repository root: `python benchmarks/scale.py` (about 15 min on 2 quiet cores; `--sizes`, `--vectors`).
What it builds, per size N (each size in a fresh process, so its memory is its own):
- BM25: the review's real chunks, tokenised once by reviewqa's tokenizer, repeated to N documents and perturbed
  in token-id space (each token dropped with p=0.1, replaced by a synthetic Zipf-distributed term with p=0.1,
  so the vocabulary grows with N); indexed by `LexicalIndex.build_from_ids` (bm25s, the same parameters).
  No synthetic text is re-tokenised: the token lists are made with numpy.
- Dense: N synthetic unit vectors, not embeddings (embedding 1M texts would take hours), of two kinds:
  "review-like": drawn from a Gaussian with the mean and covariance of the review's 269 real chunk vectors
  (effective dimension ~45, as real MiniLM embeddings), then L2-normalised;
  "random": isotropic random unit vectors, the hardest case for any approximate index (no neighbourhood structure).
  `dense.build_dense_index` picks the index type by size, with the constants in dense.py.
- Queries: the held-out questions, their terms and glossary expansion from reviewqa, their ONNX query vectors.
What one query costs (timed per query, after a warm-up pass):
- bm25: `LexicalIndex.scores` + `rank_by_score` (top 10);
- dense: `dense_scores` (FAISS at the Assistant's depth of 1000) + `rank_by_score`;
- hybrid: both, then `fused_scores` (convex) + `rank_by_score` - the score work of `Assistant.search`. Not
  included: query cleaning, glossary expansion, the ONNX embedding (size-independent; see benchmarks/bench.py).
recall@10: the dense top 10 (as the hybrid search gets it) against exact inner-product search.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SIZES = (10_000, 100_000, 1_000_000)
VECTORS = ("review-like", "random")
DIMENSION = 384
DROP, REPLACE = 0.1, 0.1  # per-token perturbation of the repeated real chunks
TOP = 10


def prepare(path: Path) -> None:
    """Real chunk token lists, held-out query terms and ONNX query vectors, saved for the per-size runs."""
    from reviewqa.index.lexical import lexical_text
    from reviewqa.index.terms import tokenize
    from reviewqa.search.assistant import DENSE_DEPTH, Assistant
    from reviewqa.search.expansion import expand_query

    assistant = Assistant.load(quiet=True)
    heldout = Path(__file__).resolve().parents[1] / "eval" / "heldout_questions.jsonl"
    questions = [json.loads(line)["question"] for line in heldout.read_text(encoding="utf-8").splitlines() if line]
    expanded = [expand_query(q, assistant.review.glossary) for q in questions]
    vectors = assistant.encoder.encode([e.dense_text for e in expanded])
    payload = {
        "documents": [tokenize(lexical_text(c)) for c in assistant.review.chunks],
        "queries": [[list(e.terms), list(e.expansion_terms)] for e in expanded],
        "vectors": vectors.tolist(),
        "chunk_vectors": assistant.index.dense.reconstruct_n(0, assistant.index.dense.ntotal).tolist(),
        "depth": DENSE_DEPTH,
    }
    path.write_text(json.dumps(payload), encoding="utf-8")


def synthetic_documents(documents: list[list[str]], size: int, rng) -> tuple[list[list[int]], dict[str, int]]:
    """`size` documents of term ids: the real ones repeated, tokens dropped or replaced by synthetic terms."""
    vocabulary = {term: i for i, term in enumerate(dict.fromkeys(t for doc in documents for t in doc))}
    real = np.array([vocabulary[t] for doc in documents for t in doc], dtype=np.int64)
    real_lengths = np.array([len(doc) for doc in documents])
    real_starts = np.concatenate([[0], np.cumsum(real_lengths)[:-1]])
    source = np.arange(size) % len(documents)
    lengths = real_lengths[source]
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    owner = np.repeat(np.arange(size), lengths)
    tokens = real[np.repeat(real_starts[source] - starts, lengths) + np.arange(lengths.sum())]
    draw = rng.random(len(tokens))
    synthetic_terms = max(1_000, size // 2)
    replaced = (draw >= DROP) & (draw < DROP + REPLACE)
    tokens[replaced] = len(vocabulary) + (rng.zipf(1.3, int(replaced.sum())) - 1) % synthetic_terms
    kept = draw >= DROP
    tokens, owner = tokens[kept], owner[kept]
    bounds = np.concatenate([[0], np.cumsum(np.bincount(owner, minlength=size))]).tolist()
    flat = tokens.tolist()
    docs = [flat[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
    vocabulary.update({f"syn{i}": len(vocabulary) + i for i in range(synthetic_terms)})
    return docs, vocabulary


def synthetic_vectors(kind: str, size: int, chunk_vectors: np.ndarray, rng, block: int = 100_000) -> np.ndarray:
    """`size` unit vectors: 'random' (isotropic) or 'review-like' (Gaussian fitted to the real chunk vectors)."""
    mean, factor = np.zeros(DIMENSION, dtype=np.float32), np.eye(DIMENSION, dtype=np.float32)
    if kind == "review-like":
        mean = chunk_vectors.mean(axis=0)
        covariance = np.cov((chunk_vectors - mean).T) + 1e-5 * np.eye(DIMENSION)  # 269 vectors: rank 268
        factor = np.linalg.cholesky(covariance).astype(np.float32)
    vectors = np.empty((size, DIMENSION), dtype=np.float32)
    for start in range(0, size, block):
        part = mean + rng.standard_normal((min(block, size - start), DIMENSION), dtype=np.float32) @ factor.T
        vectors[start : start + len(part)] = part / np.linalg.norm(part, axis=1, keepdims=True)
    return vectors


def exact_top(vectors: np.ndarray, queries: np.ndarray, block: int = 100_000) -> np.ndarray:
    """Row ids of the exact TOP nearest (inner product) per query, blockwise so no second copy is held."""
    best_scores = np.full((len(queries), 0), -np.inf, dtype=np.float32)
    best_rows = np.zeros((len(queries), 0), dtype=np.int64)
    for start in range(0, len(vectors), block):
        scores = queries @ vectors[start : start + block].T
        rows = np.broadcast_to(np.arange(start, start + scores.shape[1]), scores.shape)
        scores, rows = np.hstack([best_scores, scores]), np.hstack([best_rows, rows])
        keep = np.argsort(-scores, axis=1)[:, :TOP]
        best_scores, best_rows = np.take_along_axis(scores, keep, 1), np.take_along_axis(rows, keep, 1)
    return best_rows


def memory_mb(field: str) -> float:
    """VmRSS (resident now) or VmHWM (peak) of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def describe(index) -> str:
    name = type(index).__name__
    if hasattr(index, "hnsw"):
        hnsw = index.hnsw
        return f"{name} (M={hnsw.nb_neighbors(1)}, efConstruction={hnsw.efConstruction}, efSearch={hnsw.efSearch})"
    return name


def ef_sweep(dense, query_vectors: np.ndarray, truth: np.ndarray, depth: int, efs: list[int]) -> dict:
    """recall@10 and dense p50 ms of an HNSW index at other efSearch values (empty for an exact index)."""
    from reviewqa.index.dense import dense_scores
    from reviewqa.search.fusion import rank_by_score

    if not hasattr(dense, "hnsw"):
        return {}
    eligible, chosen, sweep = np.ones(dense.ntotal, dtype=bool), dense.hnsw.efSearch, {}
    for ef in efs:
        dense.hnsw.efSearch = ef
        found, times = 0, []
        for vector, exact in zip(query_vectors, truth):
            started = time.perf_counter()
            top = rank_by_score(dense_scores(dense, vector, depth), eligible, TOP)
            times.append((time.perf_counter() - started) * 1000)
            found += len(set(top) & set(exact.tolist()))
        sweep[ef] = (found / (TOP * len(truth)), statistics.median(times))
    dense.hnsw.efSearch = chosen
    return sweep


def run_size(size: int, kind: str, prepared: Path, efs: list[int]) -> dict:
    """Build both indexes for `size` synthetic chunks (`kind` of vectors), time the queries; one JSON-able dict."""
    from reviewqa.index.dense import build_dense_index, dense_scores
    from reviewqa.index.lexical import LexicalIndex
    from reviewqa.search.fusion import fused_scores, rank_by_score

    payload = json.loads(prepared.read_text(encoding="utf-8"))
    queries = [(tuple(terms), tuple(expansion)) for terms, expansion in payload["queries"]]
    query_vectors = np.asarray(payload["vectors"], dtype=np.float32)
    depth = payload["depth"]
    rng = np.random.default_rng(size)
    baseline = memory_mb("VmRSS")

    started = time.perf_counter()
    documents, vocabulary = synthetic_documents(payload["documents"], size, rng)
    generate_s = time.perf_counter() - started
    started = time.perf_counter()
    lexical = LexicalIndex.build_from_ids(documents, vocabulary)
    lexical_s = time.perf_counter() - started
    del documents
    vectors = synthetic_vectors(kind, size, np.asarray(payload["chunk_vectors"], dtype=np.float32), rng)
    started = time.perf_counter()
    dense = build_dense_index(vectors)
    dense_s = time.perf_counter() - started
    truth = exact_top(vectors, query_vectors)
    del vectors
    resident = memory_mb("VmRSS") - baseline

    eligible = np.ones(size, dtype=bool)

    def bm25(i: int) -> list[int]:
        scores = lexical.scores(*queries[i])
        return rank_by_score(scores, eligible & (scores > 0), TOP)

    def dense_only(i: int) -> list[int]:
        return rank_by_score(dense_scores(dense, query_vectors[i], depth), eligible, TOP)

    def hybrid(i: int) -> list[int]:
        cosines, lexical_scores = dense_scores(dense, query_vectors[i], depth), lexical.scores(*queries[i])
        return rank_by_score(fused_scores("hybrid", cosines, lexical_scores, eligible), eligible, TOP)

    latency = {}
    for name, search in (("bm25", bm25), ("dense", dense_only), ("hybrid", hybrid)):
        for i in range(len(queries)):
            search(i)
        times = []
        for i in range(len(queries)):
            started = time.perf_counter()
            search(i)
            times.append((time.perf_counter() - started) * 1000)
        latency[name] = (statistics.median(times), sorted(times)[int(np.ceil(0.95 * len(times))) - 1])
    found = [len(set(dense_only(i)) & set(truth[i].tolist())) for i in range(len(queries))]
    return {
        "size": size,
        "vectors": kind,
        "index": describe(dense),
        "generate_s": generate_s,
        "bm25_build_s": lexical_s,
        "dense_build_s": dense_s,
        "resident_mb": resident,
        "latency": latency,
        "recall": sum(found) / (TOP * len(queries)),
        "queries": len(queries),
        "ef_sweep": ef_sweep(dense, query_vectors, truth, depth, efs),
        "peak_mb": memory_mb("VmHWM"),  # read here: a child's ru_maxrss would include its parent's pages
    }


def run_in_child(size: int, kind: str, prepared: Path, efs: list[int]) -> dict:
    """`run_size` in a fresh interpreter, so each size's memory is its own."""
    command = [sys.executable, __file__, "--one", str(size), "--vectors", kind, "--prepared", str(prepared)]
    command += ["--ef", *map(str, efs)] if efs else []
    done = subprocess.run(command, stdout=subprocess.PIPE)
    if done.returncode != 0:
        raise SystemExit(f"size {size} failed")
    return json.loads(done.stdout)


def report(results: list[dict]) -> None:
    print(
        "| vectors | chunks | FAISS index | build: BM25 / dense (s) | bm25 p50 / p95 ms | dense p50 / p95 ms | ", end=""
    )
    print("hybrid p50 / p95 ms | recall@10 vs exact | index RAM (MB) | peak RSS (MB) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        cells = [r["vectors"], f"{r['size']:,}", r["index"], f"{r['bm25_build_s']:.1f} / {r['dense_build_s']:.1f}"]
        cells += [f"{r['latency'][m][0]:.1f} / {r['latency'][m][1]:.1f}" for m in ("bm25", "dense", "hybrid")]
        cells += [f"{r['recall']:.3f}", f"{r['resident_mb']:.0f}", f"{r['peak_mb']:.0f}"]
        print("| " + " | ".join(cells) + " |")
    swept = [r for r in results if r["ef_sweep"]]
    if swept:
        print("\nThe same HNSW indexes at other efSearch values (dense search as above):\n")
        print("| vectors | chunks | efSearch | recall@10 vs exact | dense p50 ms |")
        print("|---|---|---|---|---|")
        for r in swept:
            for ef, (recall, p50) in r["ef_sweep"].items():
                print(f"| {r['vectors']} | {r['size']:,} | {ef} | {recall:.3f} | {p50:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--vectors", nargs="+", choices=VECTORS, default=list(VECTORS))
    parser.add_argument("--ef", type=int, nargs="*", default=[], help="also measure HNSW at these efSearch values")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--prepared", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        print(json.dumps(run_size(options.one, options.vectors[0], options.prepared, options.ef)))
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench import machine

    print(f"Machine: {machine()}; load average at start {os.getloadavg()[0]:.2f}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="reviewqa-scale-") as scratch:
        prepared = Path(scratch) / "prepared.json"
        prepare(prepared)
        results = []
        for kind in options.vectors:
            for size in options.sizes:
                results.append(run_in_child(size, kind, prepared, options.ef))
                minutes = (time.perf_counter() - started) / 60
                print(f"  {kind} {size:,}: done at {minutes:.1f} min", file=sys.stderr, flush=True)
    print()
    report(results)
    print(
        f"\n{results[0]['queries']} held-out questions per size; synthetic token lists made in "
        f"{max(r['generate_s'] for r in results):.1f} s at most; load average at the end {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
