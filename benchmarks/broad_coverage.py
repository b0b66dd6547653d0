"""Concept coverage of the composed answers to broad questions (eval/broad_questions.jsonl).

Each line lists the concepts a good answer covers, each as one or more phrases copied from the review; a concept is
covered when the composed answer's text contains one of its phrases, both read as the search reads a must_contain
phrase (reviewqa.corpus.markup.normalised: case- and space-insensitive, markup as the app shows it: 'TGF- $\\beta$'
is 'TGF-β'). Prints the mean coverage, the questions with none covered, and the answer length in words.

    python benchmarks/broad_coverage.py [eval/broad_questions.jsonl] [--index DIR] [--without TECHNIQUE ...]

The sentence ranker (chat.ranker) is trained on these questions' concepts among others: its figure here is a
training figure, not a held-out one.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from reviewqa.chat.api import ask_endpoint
from reviewqa.corpus.markup import normalised
from reviewqa.search.assistant import Assistant, Techniques


def _norm(text: str) -> str:
    """An answer's text or a concept's phrase as they are matched: markup read, then any tag left dropped."""
    return re.sub(r"<[^>]+>", "", normalised(text))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default="eval/broad_questions.jsonl")
    parser.add_argument("--index", default=None)
    parser.add_argument("--without", action="append", default=[], help="switch a technique off (sentence-ranker)")
    args = parser.parse_args()
    loaded = Assistant.load(Path(args.index)) if args.index else Assistant.load()
    assistant = Assistant(loaded.review, loaded.index, techniques=Techniques.without(args.without))
    ask = ask_endpoint(assistant)
    lines = [json.loads(line) for line in Path(args.file).read_text(encoding="utf-8").splitlines() if line.strip()]
    shares, zero, words = [], [], []
    for item in lines:
        reply = ask(item["question"])
        text = _norm(" ".join(s["text"] for s in reply.get("answer", [])))
        covered = [any(_norm(p) in text for p in c["phrases"]) for c in item["concepts"]]
        share = sum(covered) / len(covered)
        shares.append(share)
        words.append(len(text.split()))
        if not any(covered):
            zero.append(item["id"])
        print(f"{item['id']}  {sum(covered)}/{len(covered)}  {item['question']}")
    print(f"\n{len(lines)} broad questions: concepts covered {sum(shares) / len(shares):.3f} on average; "
          f"{len(zero)} with none ({', '.join(zero) or '-'}); {sum(words) / len(words):.0f} words on average")


if __name__ == "__main__":
    main()
