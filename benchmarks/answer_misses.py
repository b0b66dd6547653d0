"""Where the composed answer misses: for every answerable question of the files whose answer does not open with an
answering sentence (must_contain), where the answering sentence stood.

    not retrieved    no passage the answer reads holds an answering phrase
    not a candidate  a passage read holds it, but no candidate unit does (split, filtered, a heading)
    below floor      a candidate holds it, scored under choose's share-of-the-best floor
    cut by words     a candidate above the floor, passed over by the word budget or MMR
    not first        the answer holds it, not in its first sentence

    PYTHONPATH=src python benchmarks/answer_misses.py eval/heldout10_questions.jsonl [...] [--brief]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import reviewqa.chat.compose as compose_module
import reviewqa.chat.turn as turn_module
from reviewqa.chat.choose import RELATIVE_FLOOR
from reviewqa.chat.turn import answer_of, grounded
from reviewqa.search.assistant import Assistant
from reviewqa.search.evaluate import first_hit_rank, load_questions


def holds(text: str, phrases) -> bool:
    return first_hit_rank([text], phrases) is not None


def record(assistant: Assistant, question) -> dict:
    """The answer, the hits compose read and its scored candidates, for one question."""
    taken: dict = {}
    original_compose, original_candidates = turn_module.compose, compose_module._candidates

    def composing(hits, *args, **kwargs):
        taken["hits"] = list(hits)
        return original_compose(hits, *args, **kwargs)

    def candidates(*args, **kwargs):
        found = original_candidates(*args, **kwargs)
        taken["candidates"] = found
        return found

    turn_module.compose, compose_module._candidates = composing, candidates
    try:
        earlier = grounded(assistant, list(question.history))
        answer = answer_of(assistant, assistant.search(question.question, k=5, history=earlier), earlier=earlier)
    finally:
        turn_module.compose, compose_module._candidates = original_compose, original_candidates
    return {"answer": answer, "hits": taken.get("hits", []), "candidates": taken.get("candidates", [])}


def where(question, found: dict) -> tuple[str, str]:
    """The miss's class and the best answering sentence (or passage) with its place."""
    phrases = question.must_contain
    sentences = found["answer"].sentences
    if any(holds(s.text, phrases) for s in sentences):
        place = next(n for n, s in enumerate(sentences) if holds(s.text, phrases))
        return "not first", f"[{place + 1} of {len(sentences)}] " + sentences[place].text
    ranked = sorted(found["candidates"], key=lambda c: -c.sentence.score)
    answering = [(n, c) for n, c in enumerate(ranked) if holds(c.sentence.text, phrases)]
    if answering:
        n, best = answering[0]
        share = best.sentence.score / (ranked[0].sentence.score or 1.0)
        kind = "below floor" if share < RELATIVE_FLOOR else "cut by words"
        return kind, f"[cand {n + 1} of {len(ranked)}, {share:.2f} of best, p{best.sentence.rank}] {best.sentence.text}"
    read = [h for h in found["hits"][:5] if holds(h.chunk.text, phrases)]
    if read:
        return "not a candidate", f"[{read[0].chunk.id}, p{read[0].rank}] {read[0].chunk.text[:150]}"
    return "not retrieved", ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--brief", action="store_true", help="only the counts of each class")
    args = parser.parse_args()
    assistant = Assistant.load()
    for path in args.files:
        counts: Counter[str] = Counter()
        total = 0
        for question in load_questions(path):
            if not question.answerable or not question.must_contain:
                continue
            total += 1
            found = record(assistant, question)
            sentences = found["answer"].sentences
            if sentences and holds(sentences[0].text, question.must_contain):
                continue
            kind, detail = where(question, found)
            counts[kind] += 1
            if not args.brief:
                first = sentences[0].text if sentences else "(no answer)"
                print(f"{question.id} [{kind}] Q: {question.question}")
                print(f"  first: {first[:160]}\n  answer: {detail[:220]}")
        print(f"{path.name}: {total} answerable, first misses {sum(counts.values())}: {dict(counts.most_common())}")


if __name__ == "__main__":
    main()
