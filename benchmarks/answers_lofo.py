"""Composed answers on specific sets as for unseen questions: each set scored with the memory of earlier questions
(search.neighbours) without it — the share of answers that contain an answering phrase, and of first sentences
that do. `--broad-share` sets the share of broad neighbours that turns a plain question into an overview
(chat.turn.BROAD_SHARE; 2 switches that off), to see what it costs specific questions.

    PYTHONPATH=src python benchmarks/answers_lofo.py heldout10 heldout11 chats8 [--broad-share 2]

The rankers are the shipped ones (trained on these sets): compare settings, not absolute figures.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import reviewqa.chat.turn as turn_module
from reviewqa.chat.answer_eval import score_answers
from reviewqa.search.assistant import Assistant
from reviewqa.search.evaluate import load_questions


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sets", nargs="+", help="names under eval/ (heldout10 for eval/heldout10_questions.jsonl)")
    parser.add_argument("--broad-share", type=float, default=turn_module.BROAD_SHARE)
    args = parser.parse_args()
    turn_module.BROAD_SHARE = args.broad_share
    assistant = Assistant.load()
    memory = assistant.neighbours
    answerable = containing = first = 0
    for name in args.sets:
        assistant.neighbours = memory.excluding(name)
        score = score_answers(assistant, load_questions(Path(f"eval/{name}_questions.jsonl")))
        answerable += score.answerable
        containing += score.containing
        first += score.first_containing
        print(f"{name:10} {score.containing}/{score.answerable} contain, {score.first_containing} first", flush=True)
    shares = f"({containing / answerable:.3f}), first {first} ({first / answerable:.3f})"
    print(f"all: {containing}/{answerable} contain {shares}")


if __name__ == "__main__":
    main()
