"""How far two question writers agree on what a broad answer must cover: for each pair of near-identical broad
questions from different sets (cosine of their vectors above THRESHOLD), the share of one writer's concepts that the
review sentences holding the other writer's concept phrases cover (within 6 sentences and 150 words, as an overview
is). It is the ceiling a perfect second expert reaches on broad_coverage.py's measure.

    PYTHONPATH=src python benchmarks/broad_agreement.py [--threshold 0.85]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from broad_coverage import _norm
from train_ranker import BROAD

from reviewqa.corpus.review import load_review
from reviewqa.corpus.sentences import split_sentences
from reviewqa.search.assistant import Assistant


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threshold", type=float, default=0.85)
    args = parser.parse_args()
    sentences = [_norm(s) for chunk in load_review().chunks for s in split_sentences(chunk.text) if s.strip()]
    items = []
    for name in BROAD:
        for line in Path(f"eval/{name}_questions.jsonl").read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            concepts = [[_norm(p) for p in c["phrases"]] for c in item["concepts"]]
            items.append((name, item["question"], concepts))
    vectors = Assistant.load().encoder.encode([question for _, question, _ in items])

    def covered(concepts, texts) -> float:
        joined = " ".join(texts)
        return sum(any(p in joined for p in c) for c in concepts) / len(concepts)

    shares = []
    for a, (set_a, _, concepts_a) in enumerate(items):
        for b, (set_b, _, concepts_b) in enumerate(items):
            if set_a == set_b or float(vectors[a] @ vectors[b]) <= args.threshold:
                continue
            picked, words = [], 0  # the other writer's concept sentences, as an overview's budget allows
            for concept in concepts_b:
                found = next((s for s in sentences if any(p in s for p in concept)), None)
                if found and found not in picked and len(picked) < 6 and words + len(found.split()) <= 150:
                    picked.append(found)
                    words += len(found.split())
            shares.append(covered(concepts_a, picked))
    print(f"{len(shares)} pairs of broad questions from different writers (cosine > {args.threshold}): one writer's "
          f"concept sentences cover {np.mean(shares):.3f} of the other's concepts")  # fmt: skip


if __name__ == "__main__":
    main()
