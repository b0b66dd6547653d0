"""Where follow-ups miss: for every follow-up row (a question with history) of the files, whose first passage does
not hold an answering phrase (must_contain), what the previous answer showed, how the message was read and where
the right passage stood.

    PYTHONPATH=src python benchmarks/followup_misses.py eval/chats4_questions.jsonl [...] [--all] [--summary]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reviewqa.chat.turn import grounded
from reviewqa.search.assistant import Assistant
from reviewqa.search.evaluate import first_hit_rank, load_questions

SHOWN_CHARS = 160


def report(assistant: Assistant, question, brief: bool) -> tuple[int | None, str]:
    """The rank of the first answering passage and the lines describing the search."""
    earlier = grounded(assistant, list(question.history))
    result = assistant.search(question.question, k=10, history=earlier)
    rank = first_hit_rank([h.chunk.text for h in result.hits], question.must_contain)
    if brief:
        return rank, ""
    chunks = {c.id: c for c in assistant.review.chunks}
    lines = [f"== {question.id} rank {rank}: {question.question}"]
    for turn in earlier[-1:]:
        lines.append(f"   previous: {turn.question}")
        for cid in turn.answer_chunk_ids or ():
            lines.append(f"     shown {cid}: {chunks[cid].text[:SHOWN_CHARS]!r}")
    lines.append(f"   read as: {result.read_as}")
    right = [c.id for c in assistant.review.chunks if first_hit_rank([c.text], question.must_contain) is not None]
    lines.append(f"   right: {right}  wants: {question.must_contain[0][:100]!r}")
    lines.append(f"   top: {[h.chunk.id for h in result.hits[:6]]}")
    return rank, "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--summary", action="store_true", help="only hit@1 and hit@5 per file")
    args = parser.parse_args()
    assistant = Assistant.load()
    for path in args.files:
        rows = [q for q in load_questions(path) if q.history and q.answerable and q.style == "followup"]
        ranks = []
        for q in rows:
            rank, text = report(assistant, q, args.summary)
            ranks.append(rank)
            if rank != 1 and text:
                print(text)
        n = max(len(ranks), 1)
        hit1 = sum(r == 1 for r in ranks) / n
        hit5 = sum(r is not None and r <= 5 for r in ranks) / n
        print(f"## {path.name}: {len(ranks)} follow-ups, hit@1 {hit1:.3f}, hit@5 {hit5:.3f}")


if __name__ == "__main__":
    main()
