"""Worst-case questions inside the 2,000-character bound against normal 2,000-character questions.

    PYTHONPATH=src python benchmarks/worst_case.py [--index DIR] [--repeat 5]

A normal question of the bound's length is review prose cut to 2,000 characters; the worst cases are the
shapes the attack audit found (hyphen chains, Greek letters, one endless word, 'anti-anti-…'), each cut to the
same bound, searched and answered as a chat turn. The audit's target: worst ÷ normal ≤ 5.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench import machine

from reviewqa.chat.turn import respond
from reviewqa.search.query import MAX_QUERY_CHARS

WORST = {
    "a-b-a-b-… (1,000 parts)": "-".join("ab"[i % 2] for i in range(MAX_QUERY_CHARS // 2)),
    "γδ × 1,000": "γδ" * (MAX_QUERY_CHARS // 2),
    "one 2,000-letter word": "x" * MAX_QUERY_CHARS,
    "anti- × 400": "anti-" * (MAX_QUERY_CHARS // 5),
    "γδ × 25,000 (cut to the bound)": "γδ" * 25_000,
}


def normal_questions(review, count: int = 8) -> list[str]:
    """Review prose, 2,000 characters each, from several passages."""
    prose = " ".join(c.text for c in review.chunks if c.kind.value == "text")
    step = max(1, (len(prose) - MAX_QUERY_CHARS) // count)
    return [prose[i * step : i * step + MAX_QUERY_CHARS] for i in range(count)]


def median_ms(function, texts: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        for text in texts:
            started = time.perf_counter()
            function(text)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    from reviewqa.search.assistant import Assistant

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", help="index folder (default: the checkout's index/)")
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    assistant = Assistant.load(options.index, quiet=True)
    normal = normal_questions(assistant.review)
    for text in [*normal, *WORST.values()]:  # warm up: caches and first-use work are not what is measured
        respond(assistant, text)
    print(f"Machine: {machine()}")
    print()
    print("| question (2,000 characters) | search ms | chat turn ms | search ÷ normal | chat ÷ normal |")
    print("|---|---|---|---|---|")
    base_search = median_ms(assistant.search, normal, options.repeat)
    base_chat = median_ms(lambda t: respond(assistant, t), normal, options.repeat)
    print(f"| normal (review prose, median of {len(normal)}) | {base_search:.1f} | {base_chat:.1f} | 1.0 | 1.0 |")
    worst = 0.0
    for name, text in WORST.items():
        search = median_ms(assistant.search, [text], options.repeat)
        chat = median_ms(lambda t: respond(assistant, t), [text], options.repeat)
        worst = max(worst, search / base_search, chat / base_chat)
        print(f"| {name} | {search:.1f} | {chat:.1f} | {search / base_search:.2f} | {chat / base_chat:.2f} |")
    print()
    print(f"worst case ÷ normal: {worst:.2f} (target ≤ 5)")


if __name__ == "__main__":
    main()
