"""Concept coverage of the broad training sets as for an unseen set: each broad set left out in turn, the sentence
ranker refitted without it (from train_ranker.py's recorded candidates) and the memory of earlier questions without
it (search.neighbours), the answers composed by the shipped code, the concepts counted as broad_coverage.py counts
them. The figure the shipped ranker gives on these sets is a training figure; this one is not.

    PYTHONPATH=src python benchmarks/train_ranker.py --cv-only --cache /tmp/sentences.json   # records once
    PYTHONPATH=src python benchmarks/broad_lofo.py /tmp/sentences.json [--without TECHNIQUE ...]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from broad_coverage import _norm
from train_ranker import TREES, fit_trees

import reviewqa.chat.turn as turn_module
from reviewqa.chat.api import ask_endpoint
from reviewqa.search.assistant import Assistant, Techniques


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("cache", type=Path, help="train_ranker.py's --cache file")
    parser.add_argument("--without", action="append", default=[], help="switch a technique off")
    args = parser.parse_args()
    data = json.loads(args.cache.read_text(encoding="utf-8"))
    broad_sets = sorted({g["file"] for g in data if g["file"].startswith("broad")})
    loaded = Assistant.load()
    assistant = Assistant(loaded.review, loaded.index, techniques=Techniques.without(args.without))
    memory = assistant.neighbours
    fold: dict = {}
    turn_module.sentence_ranker = lambda: fold["ranker"]  # the fold's ranker in place of the shipped one
    ask = ask_endpoint(assistant)
    shares, zero = [], 0
    for name in broad_sets:
        fold["ranker"] = fit_trees([g for g in data if g["file"] != name], dict(TREES))
        assistant.neighbours = memory.excluding(name)
        covered = []
        for line in Path(f"eval/{name}_questions.jsonl").read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            text = _norm(" ".join(s["text"] for s in ask(item["question"]).get("answer", [])))
            concepts = item["concepts"]
            covered.append(sum(any(_norm(p) in text for p in c["phrases"]) for c in concepts) / len(concepts))
        shares += covered
        none = sum(c == 0 for c in covered)
        zero += none
        print(f"{name:8} {len(covered)} questions: concepts covered {np.mean(covered):.3f}, {none} with none")
    print(f"\nall {len(shares)}: concepts covered {np.mean(shares):.3f} on average, {zero} with none (each left out)")


if __name__ == "__main__":
    main()
