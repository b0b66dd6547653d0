"""The first build's retrieval on a question file, scored exactly as `reviewqa eval` scores today's
(docs/EVALUATION.md: the "first build" columns).

The first build (commit 277817b) had a flat package and no conversation in its CLI; its chat read a follow-up by
`followup.read_in_context` against the previous message. Two steps, one per package:

    git worktree add /tmp/first-build 277817b
    cd /tmp/first-build && PYTHONPATH=src python /path/to/this/checkout/benchmarks/first_build_eval.py \\
        dump /path/to/this/checkout/eval/heldout2_questions.jsonl /tmp/first-build.json
    cd /path/to/this/checkout && PYTHONPATH=src python benchmarks/first_build_eval.py \\
        score eval/heldout2_questions.jsonl /tmp/first-build.json

`dump` (run with the first build's package) writes each question's top 10 passages and its answerable flag;
`score` (run with today's) prints the hybrid row, the table per style and the flag's precision and recall.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def dump(questions: Path, out: Path) -> None:
    from reviewqa.assistant import Assistant  # the first build's flat package
    from reviewqa.followup import read_in_context

    assistant = Assistant.load()
    rows = []
    for line in questions.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        question = json.loads(line)
        history = question.get("history") or []
        text = read_in_context(question["question"], history[-1]).question if history else question["question"]
        result = assistant.search(text, k=10)
        texts = [hit.chunk.text for hit in result.hits]
        rows.append({"id": question["id"], "texts": texts, "answerable": result.answerable})
    out.write_text(json.dumps(rows), encoding="utf-8")


def score(questions: Path, dumped: Path) -> None:
    from reviewqa.search.evaluate import (
        Outcome,
        by_style,
        first_hit_rank,
        flag_quality,
        format_table,
        load_questions,
        summarise,
    )

    by_id = {q.id: q for q in load_questions(questions)}
    outcomes = []
    for row in json.loads(dumped.read_text(encoding="utf-8")):
        question = by_id[row["id"]]
        rank = first_hit_rank(row["texts"], question.must_contain) if question.answerable else None
        outcomes.append(Outcome(question, rank, not row["answerable"]))
    print(format_table([summarise("hybrid (first build)", outcomes, 5)], 5))
    print(format_table(list(by_style(outcomes, 5).values()), 5, first="style"))
    flag = flag_quality(outcomes)
    print(f"flag precision {flag.precision:.2f} recall {flag.recall:.2f} wrongly flagged {flag.false_alarm_rate:.3f}")


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("dump", "score"):
        sys.exit(__doc__)
    (dump if sys.argv[1] == "dump" else score)(Path(sys.argv[2]), Path(sys.argv[3]))
