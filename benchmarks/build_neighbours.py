"""Build the memory of earlier questions (search.neighbours) and ship it: deterministic, from the training sets only.

Every answerable question of the passage and sentence rankers' training sets (train_passage_ranker.TRAINING,
train_ranker.TRAINING) and every broad question (train_ranker.BROAD) is searched as the chat searches it (a
follow-up read after its earlier turns, rebuilt; both rankers and the memory itself off, so the vectors do not
depend on them) and its vector as the search reads it is kept, float16, with its answering phrases (must_contain;
a broad question's concepts' phrases) and the passages holding one. Never read: eval/heldout, the dev set, and the
held-out sets of each push (docs/EVALUATION.md names them).

    PYTHONPATH=src python benchmarks/build_neighbours.py [--out src/reviewqa/bundled/neighbours]

Then retrain the rankers (their features read the memory): train_passage_ranker.py, then train_ranker.py.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
from pathlib import Path

import numpy as np
from train_passage_ranker import TRAINING as PASSAGE_TRAINING
from train_ranker import BROAD
from train_ranker import TRAINING as SENTENCE_TRAINING

from reviewqa.chat.turn import grounded
from reviewqa.corpus.markup import normalised
from reviewqa.search.assistant import Assistant, Techniques
from reviewqa.search.evaluate import first_hit_rank, load_questions
from reviewqa.search.neighbours import MIN_SIMILARITY, NEAREST, NEIGHBOURS_DIR, QUESTIONS, RECORD, VECTORS


def questions() -> list[tuple[str, str, str, tuple[str, ...], tuple[str, ...], bool]]:
    """(file, id, question, history, phrases, broad) of every training question with answering phrases."""
    out = []
    for name in dict.fromkeys((*PASSAGE_TRAINING, *SENTENCE_TRAINING)):
        for q in load_questions(Path(f"eval/{name}_questions.jsonl")):
            if q.answerable and q.must_contain:
                out.append((name, q.id, q.question, tuple(q.history), tuple(q.must_contain), False))
    for name in BROAD:
        for line in Path(f"eval/{name}_questions.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                phrases = tuple(p for concept in item["concepts"] for p in concept["phrases"])
                out.append((name, item["id"], item["question"], (), phrases, True))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=NEIGHBOURS_DIR)
    args = parser.parse_args()
    loaded = Assistant.load()
    off = Techniques.without(["passage_ranker", "sentence_ranker", "neighbours"])
    assistant = Assistant(loaded.review, loaded.index, techniques=off)
    chunks = assistant.review.chunks
    items, vectors = [], []
    for name, identifier, question, history, phrases, broad in questions():
        earlier = grounded(assistant, list(history)) if history else ()
        vectors.append(assistant.search(question, k=5, history=earlier).query_vector)
        passages = [chunk.id for chunk in chunks if first_hit_rank([chunk.text], phrases) is not None]
        items.append(
            {"file": name, "id": identifier, "broad": broad, "phrases": sorted({normalised(p) for p in phrases}),
             "passages": passages}
        )  # fmt: skip
    args.out.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.save(buffer, np.vstack(vectors).astype(np.float16), allow_pickle=False)
    vector_bytes = buffer.getvalue()
    question_bytes = (json.dumps(items, ensure_ascii=False, indent=0) + "\n").encode("utf-8")
    (args.out / VECTORS).write_bytes(vector_bytes)
    (args.out / QUESTIONS).write_bytes(question_bytes)
    files = list(dict.fromkeys(item["file"] for item in items))
    record = {
        "what": "the training sets' questions: each one's vector as the search reads it (float16) and what answers it",
        "training_sets": [f"eval/{name}_questions.jsonl" for name in files],
        "questions": len(items),
        "per_set": {name: sum(item["file"] == name for item in items) for name in files},
        "without_answering_passage": sum(not item["passages"] for item in items),
        "settings": {"min_similarity": MIN_SIMILARITY, "nearest": NEAREST},
        "vectors_sha256": hashlib.sha256(vector_bytes).hexdigest(),
        "questions_sha256": hashlib.sha256(question_bytes).hexdigest(),
        "command": "PYTHONPATH=src python benchmarks/build_neighbours.py",
    }
    (args.out / RECORD).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"{len(items)} questions from {len(files)} sets; {record['without_answering_passage']} with no passage")


if __name__ == "__main__":
    main()
