"""The first `reviewqa serve` on a fresh machine: the index is built (in a child process), then the app serves.

    PYTHONPATH=src python benchmarks/first_serve.py [--keep DIR]

Starts `reviewqa serve` on a free loopback port with an index folder that does not exist yet and a data folder of
its own, waits until it prints its URL and answers one /ask, and prints: the build time it reported, the seconds
until it listened, the serving process's resident memory once up (VmRSS) and its peak over its life (VmHWM), and
the first answer's time. Then the same again on the index now built (a server that found it ready), to compare.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from app_load import serve, stop

RSS_BUDGET_MB = 450  # issue 23: the serving process once up, after it built the index on its first start


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of process `pid` in MB, from /proc."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return tuple(int(fields[name].split()[0]) / 1024 for name in ("VmRSS", "VmHWM"))  # type: ignore[return-value]


def one_start(index: Path, data: Path, label: str) -> float:
    """Serve once on `index`, ask once, print the figures; the serving process's VmRSS once up (MB)."""
    from gradio_client import Client

    env = {**os.environ, "HF_HUB_OFFLINE": "1", "REVIEWQA_DATA_DIR": str(data)}
    started = time.perf_counter()
    server, url = serve(str(index), env=env)
    try:
        listening = time.perf_counter() - started
        said = "".join(server.startup_lines)  # type: ignore[attr-defined]
        built = re.search(r"Index built in ([\d.]+) s", said)
        up_rss, up_peak = memory_mb(server.pid)
        asked = time.perf_counter()
        answer = Client(url, verbose=False).predict("T790M", 3, api_name="/ask")
        answered = time.perf_counter() - asked
        rss, peak = memory_mb(server.pid)
    finally:
        stop(server)
    assert answer["hits"][0]["chunk_id"] == "s3-p9", answer
    print(
        f"{label}: index built in {built.group(1) + ' s' if built else '- (ready)'}; listening after "
        f"{listening:.1f} s; serving process once up: RSS {up_rss:.0f} MB (peak {up_peak:.0f} MB); "
        f"first /ask {1000 * answered:.0f} ms; after it: RSS {rss:.0f} MB (peak {peak:.0f} MB)"
    )
    return up_rss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", help="build into this (new) folder and keep it, instead of a temporary one")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="first-serve-") as scratch:
        index = Path(options.keep) if options.keep else Path(scratch) / "index"
        if index.exists():
            parser.error(f"{index} exists; the benchmark needs an index folder that does not exist yet")
        first = one_start(index, Path(scratch) / "data", "first serve (fresh index)")
        one_start(index, Path(scratch) / "data", "second serve (index ready)")
    verdict = "within" if first <= RSS_BUDGET_MB else "OVER"
    print(f"first serve's serving process: {first:.0f} MB once up, {verdict} the {RSS_BUDGET_MB} MB budget")
    return 0 if first <= RSS_BUDGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
