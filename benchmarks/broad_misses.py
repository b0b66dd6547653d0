"""Where each concept a broad answer misses stood (eval/broad*_questions.jsonl): not gathered (in none of the
passages the answer read), gathered but no candidate (in a passage read, no sentence of it a candidate), a candidate
not chosen (with its place among the candidates by score), or chosen but cut by the word budget. Prints a line per
missed concept and the count of each class; the class with the most is the one to fix first.

    python benchmarks/broad_misses.py eval/broad3_questions.jsonl [more sets] [--quiet]

It watches the composer from outside (the candidates and the choice `chat.compose` makes), so the figures are the
shipped code's, with no change to it.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from broad_coverage import _norm  # a concept is matched as broad_coverage.py matches it

import reviewqa.chat.compose as compose_module
import reviewqa.chat.turn as turn_module
from reviewqa.chat.api import ask_endpoint
from reviewqa.search.assistant import Assistant


def _watch() -> dict:
    """Record the hits read, the candidates and the choice of the next composed answer."""
    seen: dict = {}
    choose, compose = compose_module.choose, turn_module.compose

    def watched_choose(candidates, shape, sides):
        chosen = choose(candidates, shape, sides)
        seen.update(candidates=candidates, chosen=chosen, shape=shape)
        return chosen

    def watched_compose(hits, *args, **kwargs):
        seen["hits"] = hits
        return compose(hits, *args, **kwargs)

    compose_module.choose, turn_module.compose = watched_choose, watched_compose
    return seen


def _where(phrases: list[str], seen: dict, review) -> str:
    candidates = seen.get("candidates", [])
    holding = [c for c in candidates if any(p in _norm(c.sentence.text) for p in phrases)]
    if holding:
        best = max(holding, key=lambda c: c.sentence.score)
        place = 1 + sum(c.sentence.score > best.sentence.score for c in candidates)
        chosen_words = sum(s.words for s in seen.get("chosen", []))
        shape = seen["shape"]
        if len(seen.get("chosen", [])) < shape.points and chosen_words + best.sentence.words > shape.words:
            return f"cut by the word budget (place {place} of {len(candidates)})"
        return f"candidate not chosen (place {place} of {len(candidates)})"
    read = [h for h in seen.get("hits", ()) if any(p in _norm(h.chunk.text) for p in phrases)]
    if read:
        return f"gathered, no candidate (passage rank {read[0].rank})"
    ids = [c.id for c in review.chunks if any(p in _norm(c.text) for p in phrases)]
    return f"not gathered ({', '.join(ids[:3]) or 'nowhere'})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--quiet", action="store_true", help="only the counts")
    args = parser.parse_args()
    seen = _watch()
    assistant = Assistant.load()
    ask = ask_endpoint(assistant)
    classes: Counter[str] = Counter()
    for file in args.files:
        for line in Path(file).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            seen.clear()
            text = _norm(" ".join(s["text"] for s in ask(item["question"]).get("answer", [])))
            for concept in item["concepts"]:
                phrases = [_norm(p) for p in concept["phrases"]]
                if any(p in text for p in phrases):
                    continue
                where = _where(phrases, seen, assistant.review)
                classes[where.split(" (")[0]] += 1
                if not args.quiet:
                    print(f"{item['id']}  {concept['name']}: {where}")
    print("\n" + "; ".join(f"{name}: {n}" for name, n in classes.most_common()))


if __name__ == "__main__":
    main()
