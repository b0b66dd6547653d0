"""Write and read latency of the study store: adding one passage to a notebook (one transaction, committed), and
reading a notebook back, as the app and the CLI do them; p50 and p95 over N runs, with the machine named.

    PYTHONPATH=src python benchmarks/memory_latency.py [--runs 1000] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

from bench import machine, percentile  # benchmarks/ is on sys.path when a script of it runs

from reviewqa.corpus.review import load_review
from reviewqa.memory.database import Store
from reviewqa.memory.notebooks import Notebooks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--data-dir", help="where the store is made (default: a new temporary folder)")
    args = parser.parse_args()
    review = load_review()
    ids = [chunk.id for chunk in review.chunks]
    with tempfile.TemporaryDirectory(prefix="reviewqa-bench-") as scratch:
        store = Store.open(args.data_dir or scratch)
        books = Notebooks(store, "bench")
        books.add("warm-up", ids[:1], review)
        adds, reads = [], []
        for run in range(args.runs):
            name = f"bench-{run // len(ids)}"
            started = time.perf_counter()
            books.add(name, [ids[run % len(ids)]], review)
            adds.append(time.perf_counter() - started)
            started = time.perf_counter()
            books.get(name)
            reads.append(time.perf_counter() - started)
        journal = store.path.parent
        store.close()
    print(f"Machine: {machine()}; load average at the end {os.getloadavg()[0]:.2f}")
    print(f"store: SQLite {__import__('sqlite3').sqlite_version}, WAL, synchronous=NORMAL, in {journal}")
    for label, samples in (("add one passage (commit)", adds), ("read a notebook", reads)):
        p50, p95 = percentile(samples, 50), percentile(samples, 95)
        print(f"{label}: runs={len(samples)} p50={1000 * p50:.3f} ms p95={1000 * p95:.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
