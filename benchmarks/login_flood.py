"""A login flood: a logged-in user's /ask latency, quiet and while 32 loops post made-up names to /login.

    PYTHONPATH=src python benchmarks/login_flood.py [--loops 32] [--asks 200] [--seconds 120] [--index DIR]

Starts `reviewqa serve --auth-file F` (one user, a temporary data folder) on a free loopback port, logs the user
in, times `--asks` raw /ask calls one after another (quiet), then starts `--loops` threads that each post
/login with a new made-up name and password as fast as they are answered, and times the same calls again. The
flood is bounded: it stops when the timed calls are done, or after `--seconds`, whichever comes first. Prints
p50/p95 of both phases, their ratio (issue 22's target: p50 within 3x), and how the logins were answered.
With `--spread` each loop posts from its own loopback address (127.0.0.2, 127.0.0.3, …), as 32 machines would:
the per-address limit then lets each make its free attempts, and every one of those is a password check.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import app_load  # noqa: E402  (benchmarks/app_load.py: serve, stop, process_cpu)

QUESTIONS = ("What drives EGFR-TKI resistance?", "How do CAFs block drug delivery?", "T790M", "hypoxia")


def timed_asks(client: httpx.Client, count: int) -> list[float]:
    """`count` raw /ask calls by the logged-in client, one after another: the seconds each took."""
    seconds = []
    for number in range(count):
        started = time.perf_counter()
        event = client.post("gradio_api/call/ask", json={"data": [QUESTIONS[number % len(QUESTIONS)]]})
        event.raise_for_status()
        answer = client.get(f"gradio_api/call/ask/{event.json()['event_id']}").text
        if "event: complete" not in answer:
            raise RuntimeError(f"no answer: {answer[-300:]}")
        seconds.append(time.perf_counter() - started)
    return seconds


def flood(url: str, loops: int, stop: threading.Event, deadline: float, spread: bool = False) -> Counter:
    """`loops` threads posting made-up logins until `stop` or `deadline` (`spread`: each from its own loopback
    address): how the attempts were answered."""
    answered: Counter = Counter()
    lock = threading.Lock()

    def loop(number: int) -> None:
        transport = httpx.HTTPTransport(local_address=f"127.0.0.{2 + number}") if spread else None
        with httpx.Client(base_url=url, timeout=60, transport=transport) as client:
            attempt = 0
            while not stop.is_set() and time.monotonic() < deadline:
                attempt += 1
                form = {"username": f"nobody-{number}-{attempt}", "password": "made up"}
                try:
                    status = client.post("login", data=form).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                with lock:
                    answered[status] += 1

    threads = [threading.Thread(target=loop, args=(n,), daemon=True) for n in range(loops)]
    for thread in threads:
        thread.start()
    stop.wait(max(0.0, deadline - time.monotonic()))
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    return answered


def summary(name: str, seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{name}: n={len(seconds)} p50={1000 * statistics.median(seconds):.0f} ms p95={1000 * p95:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loops", type=int, default=32)
    parser.add_argument("--asks", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=120.0, help="the flood's longest run")
    parser.add_argument("--spread", action="store_true", help="each loop from its own loopback address")
    parser.add_argument("--index", help="index folder (default: the checkout's index/)")
    args = parser.parse_args()
    from reviewqa.memory.users import hash_password

    folder = Path(tempfile.mkdtemp(prefix="reviewqa-login-flood-"))
    users = folder / "users"
    users.write_text(f"ana:{hash_password('correct horse')}\n")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "REVIEWQA_DATA_DIR": str(folder / "data")}
    server, url = app_load.serve(args.index, env=env, options=("--auth-file", str(users)))
    try:
        with httpx.Client(base_url=url, timeout=120) as user:
            user.post("login", data={"username": "ana", "password": "correct horse"}).raise_for_status()
            timed_asks(user, 5)  # warm: the query encoder is loaded on the first question
            quiet = timed_asks(user, args.asks)
            stop = threading.Event()
            result: dict[str, Counter] = {}
            cpu = app_load.process_cpu(server.pid)
            deadline = time.monotonic() + args.seconds
            flooding = threading.Thread(
                target=lambda: result.update(logins=flood(url, args.loops, stop, deadline, args.spread))
            )
            started = time.monotonic()
            flooding.start()
            time.sleep(1.0)  # the loops are running
            try:
                loaded = timed_asks(user, args.asks)
            finally:
                stop.set()
                flooding.join()
            elapsed, cpu = time.monotonic() - started, app_load.process_cpu(server.pid) - cpu
    finally:
        app_load.stop(server)
    logins = result.get("logins", Counter())
    ratio = statistics.median(loaded) / statistics.median(quiet)
    where = f"{args.loops} addresses" if args.spread else "one address"
    print(f"{args.loops} login loops ({where}) against {url} ({os.cpu_count()} cores), {args.asks} timed /ask calls")
    print(summary("quiet   ", quiet))
    print(summary("flooding", loaded))
    print(f"p50 during the flood / quiet p50 = {ratio:.2f} (target <= 3)")
    print(
        f"logins answered: {sum(logins.values())} in {elapsed:.1f} s ({sum(logins.values()) / elapsed:.1f}/s) "
        f"{json.dumps({str(k): v for k, v in sorted(logins.items(), key=str)})}; server CPU {cpu:.1f} s"
    )
    return 0 if ratio <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())
