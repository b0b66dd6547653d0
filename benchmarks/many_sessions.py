"""Many sessions: the server's memory (RSS) over 10,000 anonymous page loads and 2,000 raw /ask calls.

    PYTHONPATH=src python benchmarks/many_sessions.py [--pages 10000] [--calls 2000] [--threads 4] [--index DIR]

Starts `reviewqa serve` (a temporary data folder) on a free loopback port. A page load is what a browser's does
over HTTP: the config, the heartbeat connection opened and closed, and the page's load events run in a new session;
a raw call is POST /gradio_api/call/ask and the GET of its answer, as curl does. After a warm-up (the query encoder
loads on the first question) the server's RSS is read, then every 1,000 page loads / 500 calls. Issue 22's target:
RSS stays within 150 MB of where it started.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import app_load  # noqa: E402  (benchmarks/app_load.py: serve, stop)

LIMIT_MB = 150


def rss_mb(pid: int) -> float:
    """The resident memory of process `pid`, in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def page_load(client: httpx.Client, loads: list[dict]) -> None:
    """One anonymous page load: config, heartbeat up and down, the load events in a new session."""
    session = uuid.uuid4().hex[:11]
    client.get("config").raise_for_status()
    with client.stream("GET", f"gradio_api/heartbeat/{session}") as beat:
        next(beat.iter_lines())
        for event in loads:
            body = {"data": [None] * len(event["inputs"]), "fn_index": event["id"], "session_hash": session}
            client.post("gradio_api/queue/join", json=body).raise_for_status()
        done = 0
        with client.stream("GET", f"gradio_api/queue/data?session_hash={session}") as stream:
            for line in stream.iter_lines():
                done += "process_completed" in line
                if done == len(loads):
                    break


def raw_call(client: httpx.Client, number: int) -> None:
    event = client.post("gradio_api/call/ask", json={"data": [f"question {number} about EGFR"]})
    event.raise_for_status()
    client.get(f"gradio_api/call/ask/{event.json()['event_id']}").raise_for_status()


def run(url: str, what, count: int, threads: int, pid: int, every: int, label: str, seen: list[float]) -> None:
    """`count` of `what(client, number)` over `threads` threads; RSS printed every `every`."""
    done = [0]
    lock = threading.Lock()
    started = time.monotonic()

    def worker(first: int) -> None:
        with httpx.Client(base_url=url, timeout=120) as client:
            for number in range(first, count, threads):
                what(client, number)
                with lock:
                    done[0] += 1
                    if done[0] % every == 0:
                        seen.append(rss_mb(pid))
                        print(f"  {label} {done[0]:>6}: RSS {seen[-1]:.0f} MB ({time.monotonic() - started:.0f} s)")

    workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=2_000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--index", help="index folder (default: the checkout's index/)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="reviewqa-many-sessions-")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "REVIEWQA_DATA_DIR": folder}
    server, url = app_load.serve(args.index, env=env)
    seen: list[float] = []
    try:
        with httpx.Client(base_url=url, timeout=120) as client:
            config = client.get("config").json()
            loads = [d for d in config["dependencies"] if any(t[1] == "load" for t in d["targets"])]
            for number in range(20):  # warm: first question, first page
                page_load(client, loads)
                raw_call(client, number)
        start = rss_mb(server.pid)
        print(f"{args.pages} page loads, then {args.calls} raw /ask calls, {args.threads} threads, against {url}")
        print(f"  RSS after warm-up: {start:.0f} MB")
        began = time.monotonic()
        run(url, lambda c, n: page_load(c, loads), args.pages, args.threads, server.pid, 1000, "pages", seen)
        run(url, raw_call, args.calls, args.threads, server.pid, 500, "calls", seen)
        elapsed, end = time.monotonic() - began, rss_mb(server.pid)
    finally:
        app_load.stop(server)
    peak = max([start, *seen])
    print(
        f"RSS: start {start:.0f} MB, peak {peak:.0f} MB (+{peak - start:.0f}), end {end:.0f} MB (+{end - start:.0f}) "
        f"in {elapsed:.0f} s; target: within {LIMIT_MB} MB of the start"
    )
    return 0 if peak - start <= LIMIT_MB else 1


if __name__ == "__main__":
    sys.exit(main())
