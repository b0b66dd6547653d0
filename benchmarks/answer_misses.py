"""Where the composed answer misses: for every answerable question of the files whose answer does not open with an
answering sentence (must_contain), where the answering sentence stood.

    not retrieved    no passage the answer reads holds an answering phrase
    not a candidate  a passage read holds it, but no candidate unit does (split, filtered, a heading)
    below floor      a candidate holds it, scored under choose's share-of-the-best floor
    cut by words     a candidate above the floor, passed over by the word budget or MMR
    not first        the answer holds it, not in its first sentence

With `--contains`, the questions whose answer holds no answering phrase at all, classed by where it stood:

    flagged          the search said the review does not answer (no answer composed)
    not retrieved    no passage of the search's top 10 holds an answering phrase
    not read         a passage of the top 10 holds it, deeper than the passages the answer's form reads
    two sentences    a passage read holds it, across two of its sentences (no one unit holds it)
    not a candidate  one of its units holds it, but is not a candidate (a heading, no question term, too short)
    not chosen       a candidate holds it, passed over for others (its place among the candidates by score)
    cut by words     a candidate holds it, would be chosen next but overflows the word budget

    PYTHONPATH=src python benchmarks/answer_misses.py eval/heldout10_questions.jsonl [...] [--brief] [--contains]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import reviewqa.chat.compose as compose_module
import reviewqa.chat.turn as turn_module
from reviewqa.chat.choose import RELATIVE_FLOOR
from reviewqa.chat.compose import MAX_WORDS, quotable_units
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


def contains_class(question, found: dict, assistant: Assistant) -> tuple[str, str]:
    """Where the answering phrase stood for an answer that holds none (`--contains`), and the sentence or passage."""
    phrases = question.must_contain
    ranked = sorted(found["candidates"], key=lambda c: -c.sentence.score)
    answering = [(n, c) for n, c in enumerate(ranked) if holds(c.sentence.text, phrases)]
    sentences = found["answer"].sentences
    if answering:
        n, best = answering[0]
        share = best.sentence.score / (ranked[0].sentence.score or 1.0)
        words = sum(s.words for s in sentences)
        kind = "cut by words" if words + best.sentence.words > MAX_WORDS and share >= RELATIVE_FLOOR else "not chosen"
        detail = f"[cand {n + 1} of {len(ranked)}, {share:.2f} of best, p{best.sentence.rank}, {len(sentences)} taken]"
        return kind, f"{detail} {best.sentence.text}"
    if not sentences and not found["hits"]:
        return "flagged", "the search said the review does not answer"
    read = [h for h in found["hits"] if holds(h.chunk.text, phrases)]
    if read:
        hit = read[0]
        units = quotable_units(hit.chunk, False)
        kind = "not a candidate" if any(holds(u.text, phrases) for u in units) else "two sentences"
        return kind, f"[{hit.chunk.id}, p{hit.rank}] {hit.chunk.text[:150]}"
    deeper = assistant.search(question.question, k=10, history=grounded(assistant, list(question.history)))
    far = [h for h in deeper.hits if holds(h.chunk.text, phrases)]
    if far:
        return "not read", f"[{far[0].chunk.id}, p{far[0].rank} of the top 10] {far[0].chunk.text[:150]}"
    return "not retrieved", ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--brief", action="store_true", help="only the counts of each class")
    parser.add_argument("--contains", action="store_true", help="class the answers holding no answering phrase")
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
            held = sentences[: None if args.contains else 1]
            if any(holds(s.text, question.must_contain) for s in held):
                continue
            kind, detail = contains_class(question, found, assistant) if args.contains else where(question, found)
            counts[kind] += 1
            if not args.brief:
                first = sentences[0].text if sentences else "(no answer)"
                print(f"{question.id} [{kind}] Q: {question.question}")
                print(f"  first: {first[:160]}\n  answer: {detail[:220]}")
        missed = "misses" if args.contains else "first misses"
        print(f"{path.name}: {total} answerable, {missed} {sum(counts.values())}: {dict(counts.most_common())}")


if __name__ == "__main__":
    main()
