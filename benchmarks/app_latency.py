"""Time-to-first-answer of `reviewqa serve` and per-question latency through gradio_client's `/ask`.

    PYTHONPATH=src python benchmarks/app_latency.py [--questions eval/heldout_questions.jsonl] [-n 50] [--index DIR]

Starts the app as a subprocess (index already built), counts from process start until the first question is
answered through the API, then asks N questions one after another and prints p50/p95. It also times the chat
reply (search + best sentence + HTML cards) in-process for the same questions.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from app_load import serve, stop  # benchmarks/ is on sys.path when a script of it runs

ROOT = Path(__file__).resolve().parents[1]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _summary(label: str, seconds: list[float]) -> str:
    ms = [1000 * s for s in seconds]
    return (
        f"{label}: n={len(ms)} p50={_percentile(ms, 0.5):.1f} ms p95={_percentile(ms, 0.95):.1f} ms "
        f"mean={statistics.mean(ms):.1f} ms max={max(ms):.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", default=str(ROOT / "eval" / "heldout_questions.jsonl"))
    parser.add_argument("-n", type=int, default=50)
    parser.add_argument("--index", help="index folder (default: the checkout's index/)")
    args = parser.parse_args()
    lines = Path(args.questions).read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    questions = questions[: args.n]

    from gradio_client import Client

    start = time.perf_counter()
    server, url = serve(args.index)  # returns once the server prints its URL
    try:
        up = time.perf_counter() - start
        client = Client(url, verbose=False)
        first = client.predict(questions[0], api_name="/ask")
        first_answer = time.perf_counter() - start
        assert first["hits"], first
        print(f"server up (URL printed): {up:.2f} s after process start")
        print(f"time to first answer (process start -> first /ask answered): {first_answer:.2f} s")
        latencies = []
        for question in questions:
            t0 = time.perf_counter()
            client.predict(question, api_name="/ask")
            latencies.append(time.perf_counter() - t0)
        print(_summary("/ask through gradio_client", latencies))
    finally:
        stop(server)

    from reviewqa.chat.turn import respond
    from reviewqa.search.assistant import Assistant

    assistant = Assistant.load(args.index, quiet=True)
    respond(assistant, questions[0])  # warm the ONNX session
    replies = []
    for question in questions:
        t0 = time.perf_counter()
        respond(assistant, question)
        replies.append(time.perf_counter() - t0)
    print(_summary("chat reply in-process (search + answer sentence + HTML)", replies))
    return 0


if __name__ == "__main__":
    sys.exit(main())
