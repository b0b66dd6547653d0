"""The reader flag's threshold by cross-validation on the training sets: each fold's reader (`reviewqa train-reader
--fold K/N --out DIR`) scores the questions it was not trained on; the threshold is the highest at which answerable
questions wrongly flagged (today's checks' and the reader's together) stay within 3 %.

    nice -n 19 .venv/bin/python benchmarks/reader_flag_cv.py DIR_FOLD0 DIR_FOLD1 ...
"""

from __future__ import annotations

import sys
from pathlib import Path

from reviewqa.cli.reader import TRAINING_SETS, in_fold
from reviewqa.index.reader import Reader
from reviewqa.search.assistant import Assistant
from reviewqa.search.evaluate import load_questions
from reviewqa.search.reading import RERANK_DEPTH, best_sentence_scores
from reviewqa.search.techniques import Techniques

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 0.03
GRID = (0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3)


def out_of_fold(assistant: Assistant, folders: list[str]) -> list[tuple[bool, bool, float | None]]:
    """Per training question: (answerable, flagged by today's checks, the fold reader's best score or None for a
    follow-up, which the reader does not read)."""
    questions = [q for f in TRAINING_SETS for q in load_questions(ROOT / f)]
    rows = []
    for k, folder in enumerate(folders):
        reader = Reader(Path(folder))
        for question in (q for q in questions if in_fold(q.id, f"{k}/{len(folders)}")):
            result = assistant.search(question.question, k=5, history=list(question.history))
            best = None
            if not question.history:
                chunks = [hit.chunk for hit in result.hits[:RERANK_DEPTH]]
                best = float(best_sentence_scores(reader, result.read_as, chunks).max())
            rows.append((question.answerable, not result.answerable, best))
    return rows


def main() -> int:
    loaded = Assistant.load(quiet=True)
    assistant = Assistant(loaded.review, loaded.index, techniques=Techniques.without(["reader_rerank"]))
    rows = out_of_fold(assistant, sys.argv[1:])
    answerable = [r for r in rows if r[0]]
    unanswerable = [r for r in rows if not r[0]]
    today_wrong = sum(r[1] for r in answerable) / len(answerable)
    today_recall = sum(r[1] for r in unanswerable) / len(unanswerable)
    print(f"{len(answerable)} answerable, {len(unanswerable)} not; today: recall {today_recall:.3f}, "
          f"wrongly {today_wrong:.3f}")
    chosen = 0.0
    for floor in GRID:
        def flagged(row, floor=floor):
            return row[1] or (row[2] is not None and row[2] < floor)

        wrong = sum(flagged(r) for r in answerable) / len(answerable)
        recall = sum(flagged(r) for r in unanswerable) / len(unanswerable)
        print(f"floor {floor:<6} recall {recall:.3f} wrongly {wrong:.3f}")
        if wrong <= max(BUDGET, today_wrong):
            chosen = floor
    print(f"chosen floor: {chosen}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
