"""The not-in-the-review flag on every heldout set and dev, first turns only: how many unanswerable questions it
flags and how many answerable ones it flags wrongly.

    PYTHONPATH=src python benchmarks/flag_counts.py
"""

from __future__ import annotations

import glob
from pathlib import Path

from reviewqa.search.assistant import Assistant
from reviewqa.search.evaluate import load_questions


def main() -> None:
    assistant = Assistant.load()
    unanswerable = flagged = answerable = wrongly = 0
    files = sorted(glob.glob("eval/heldout*_questions.jsonl")) + ["../shared/eval/dev_questions.jsonl"]
    for path in [Path(f) for f in files if Path(f).is_file()]:
        for question in load_questions(path):
            if question.history:
                continue
            answered = assistant.search(question.question, k=5).answerable
            if question.answerable:
                answerable += 1
                wrongly += not answered
            else:
                unanswerable += 1
                flagged += not answered
    print(f"unanswerable flagged {flagged} of {unanswerable}; answerable wrongly flagged {wrongly} of {answerable}")


if __name__ == "__main__":
    main()
