"""What a follow-up that points by its place costs, warm: 'how do the second ones shut down T cells?' after an
answer listing TAMs, MDSCs and Tregs, asked RUNS times (a different message each, so no search is cached).

    PYTHONPATH=src python benchmarks/followup_cost.py [--runs N]

Prints how the follow-up was read and the median milliseconds of one `chat.turn.respond`.
"""

from __future__ import annotations

import argparse
import statistics
import time

from reviewqa.chat.turn import respond
from reviewqa.search.assistant import Assistant

FIRST = "What is the TME in lung cancer made of and which immune cells suppress immunity?"
FOLLOW_UP = "how do the second ones shut down T cells?"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    assistant = Assistant.load()
    history = respond(assistant, FIRST).after([])
    print("read as:", respond(assistant, FOLLOW_UP, history).reply.reading.question)
    times = []
    for n in range(runs):
        start = time.perf_counter()
        respond(assistant, f"{FOLLOW_UP} ({n})", history)
        times.append((time.perf_counter() - start) * 1000)
    print(f"follow-up: median {statistics.median(times):.1f} ms over {runs}")


if __name__ == "__main__":
    main()
