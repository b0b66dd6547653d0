"""Draft support timings on this machine: a 30-sentence draft (the first 30 claims of eval/support_tune.jsonl as
paragraphs of five), warm p50 and p90 over repeated checks (target: p50 <= 1 s); the first check after loading (the
evidence pool built); and the worst case the draft limits allow — MAX_SENTENCES sentences of the longest length that
fits MAX_DRAFT_CHARS — per sentence against the normal draft's (target: <= 5x).

    python benchmarks/support_bench.py [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from reviewqa.search.assistant import Assistant
from reviewqa.writing.draft import MAX_DRAFT_CHARS, MAX_SENTENCES, read_draft
from reviewqa.writing.support import Supporter

SET = Path(__file__).resolve().parents[1] / "eval" / "support_tune.jsonl"


def normal_draft() -> str:
    claims = [json.loads(line)["text"].lstrip("- ") for line in SET.read_text(encoding="utf-8").splitlines()][:30]
    return "\n\n".join(" ".join(claims[i : i + 5]) for i in range(0, 30, 5)) + "\n"


def worst_draft() -> str:
    """MAX_SENTENCES sentences, each as long as the draft limit allows, every one made of the review's words."""
    words = (
        "tumor-associated macrophages secrete IL-10 and TGF-β to inhibit antitumor immunity while CAFs "
        "remodel the extracellular matrix and hypoxia drives EGFR-TKI resistance in NSCLC"
    ).split()
    per_sentence = MAX_DRAFT_CHARS // MAX_SENTENCES - 2
    sentences = []
    for i in range(MAX_SENTENCES):
        text = " ".join(words[(i + j) % len(words)] for j in range(200))[: per_sentence - 1]
        sentences.append(text[0].upper() + text[1:].rsplit(" ", 1)[0] + ".")
    return " ".join(sentences)


def timed(supporter: Supporter, text: str, clock=time.perf_counter) -> float:
    start = clock()
    supporter.check(text)
    return clock() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    draft, worst = normal_draft(), worst_draft()
    count, worst_count = len(read_draft(draft).sentences), len(read_draft(worst).sentences)
    supporter = Supporter(Assistant.load(quiet=True))
    first = timed(supporter, draft)
    warm = sorted(timed(supporter, draft) for _ in range(args.runs))
    p50, p90 = statistics.median(warm), warm[int(0.9 * (len(warm) - 1))]
    # CPU seconds of this process (all its threads): what a check costs whatever else runs on the machine.
    cpu = statistics.median(timed(supporter, draft, time.process_time) for _ in range(5))
    worst_times = sorted(timed(supporter, worst) for _ in range(3))
    per_normal, per_worst = p50 / count, statistics.median(worst_times) / worst_count
    print(f"load average while measured: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"normal draft: {count} sentences, {len(draft):,} characters")
    print(f"  first check after loading (evidence pool built): {first * 1000:.0f} ms")
    print(f"  warm over {args.runs} runs: p50 {p50 * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms", end="")
    print(f" ({per_normal * 1000:.1f} ms a sentence); CPU time p50 {cpu * 1000:.0f} ms")
    worst_median = statistics.median(worst_times)
    print(f"worst case: {worst_count} sentences, {len(worst):,} characters: median {worst_median * 1000:.0f} ms")
    print(f"  {per_worst * 1000:.1f} ms a sentence = {per_worst / per_normal:.2f}x the normal draft's (target <= 5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
