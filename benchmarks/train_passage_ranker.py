"""Train the passage ranker (search.passage_ranker) and ship it: deterministic, from the TRAINING sets only.

For every answerable question of the training sets the hybrid search runs as the chat runs it (follow-ups with
their earlier answers rebuilt, the passage ranker off) and its top DEPTH passages are recorded with their features
(search.passage_features); a passage is positive when it holds a must_contain phrase. Never read: eval/heldout and
the dev set (the decision sets).

Gradient-boosted trees (scikit-learn HistGradientBoostingClassifier, seeded) are cross-validated leaving one
question file out (hit@1, hit@5 and MRR@10 of the reordered top passages against retrieval's order, per file,
pooled, and for the everyday-wording and follow-up questions), then fitted on all and written as JSON node rows
(checked to score as scikit-learn's) with a record of their sha256, the data's, the settings and the figures.

    PYTHONPATH=src python benchmarks/train_passage_ranker.py [--cache /tmp/passages.npz] [--cv-only] [--depth 20]
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

import reviewqa.search.assistant as assistant_module
from reviewqa.chat.turn import grounded
from reviewqa.search.assistant import Assistant, Techniques
from reviewqa.search.evaluate import first_hit_rank, load_questions
from reviewqa.search.passage_features import FEATURES, PASSAGE_DEPTH
from reviewqa.search.passage_ranker import MODEL, PASSAGE_RANKER_DIR, RECORD, PassageRanker
from reviewqa.trees import BoostedTrees

TRAINING = (
    "tune", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9",
    "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "chats", "chats2", "chats3", "chats4",
    "chats5", "chats6", "chats7", "chats8", "chats9", "chats10",
)  # fmt: skip
RECORDED = 40  # passages recorded per question (the depths measured are at most this)
DEPTHS = (10, 20, 30, 40)
TREES = {"max_iter": 300, "learning_rate": 0.05, "max_leaf_nodes": 15, "min_samples_leaf": 40, "l2_regularization": 1.0}


class Recorder(PassageRanker):
    """Stands in for the passage ranker: keeps the features of the search it is switched on for, reorders nothing."""

    def __init__(self, assistant: Assistant) -> None:
        replaced = assistant.passage_ranker  # the ranker it stands in for: its feature tables, built once
        super().__init__(lambda: replaced.features, assistant._intent_boost, depth=RECORDED)
        self.recording = False
        self.taken: list[tuple[tuple[int, ...], np.ndarray]] = []

    def reorder(self, found):
        if self.recording:
            top = replace(found, rows=found.rows[: self.depth])
            self.taken.append((top.rows, self.features.matrix(top)))
        return list(found.rows), found.scores


def record(assistant: Assistant, recorder: Recorder) -> dict[str, list]:
    """Per answerable question of the training sets: its file, id, style, features and labels (top RECORDED)."""
    data: dict[str, list] = {"file": [], "id": [], "style": [], "x": [], "labels": [], "rows": []}
    memory = assistant.neighbours
    for name in TRAINING:
        assistant.neighbours = memory.excluding(name)  # a question's own set is not in the memory it reads
        for q in load_questions(Path(f"eval/{name}_questions.jsonl")):
            if not q.answerable:
                continue
            recorder.recording = False
            earlier = grounded(assistant, list(q.history)) if q.history else ()
            recorder.recording, recorder.taken = True, []
            assistant.search(q.question, k=10, history=earlier)
            rows, x = recorder.taken[-1]
            chunks = assistant.review.chunks
            labels = [first_hit_rank([chunks[r].text], q.must_contain) is not None for r in rows]
            for key, value in (("file", name), ("id", q.id), ("style", q.style), ("x", x), ("labels", labels),
                               ("rows", list(rows))):
                data[key].append(value)
    return data


def recorded(cache: Path | None) -> dict[str, list]:
    if cache and cache.is_file():
        return json.loads(cache.read_text(encoding="utf-8"))
    assistant_module.PASSAGE_DEPTH = RECORDED  # the search keeps that many rows for the recorder
    loaded = Assistant.load()
    assistant = Assistant(loaded.review, loaded.index, techniques=Techniques())
    recorder = Recorder(assistant)
    assistant.passage_ranker = recorder
    data = record(assistant, recorder)
    data["x"] = [np.asarray(x).round(8).tolist() for x in data["x"]]
    if cache:
        cache.write_text(json.dumps(data), encoding="utf-8")
    return data


def fit(x: np.ndarray, y: np.ndarray, settings: dict):
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(random_state=0, **settings).fit(x, y)


def ranks(labels: list[bool], scores: np.ndarray | None, depth: int) -> int | None:
    """The 1-based rank of the first positive passage when the top `depth` are ordered by `scores` (None: none in
    the top 10)."""
    order = list(range(len(labels)))
    if scores is not None:
        order = sorted(range(min(depth, len(labels))), key=lambda i: (-scores[i], i)) + order[depth:]
    rank = next((n for n, i in enumerate(order[:10], start=1) if labels[i]), None)
    return rank


def figures(rank_list: list[int | None]) -> dict[str, float]:
    n = max(len(rank_list), 1)
    return {
        "n": len(rank_list),
        "hit@1": round(sum(r == 1 for r in rank_list) / n, 3),
        "hit@5": round(sum(r is not None and r <= 5 for r in rank_list) / n, 3),
        "mrr@10": round(sum(1 / r for r in rank_list if r) / n, 3),
    }


def cross_validate(data: dict[str, list], depth: int, settings: dict, dropped: Sequence[str] = ()) -> dict[str, dict]:
    """Leave one file out: before (retrieval's order) and after (the trees' order of the top `depth`, the `dropped`
    features read as zero)."""
    files = np.array(data["file"])
    kept = np.array([name not in dropped for name in FEATURES], dtype=float)
    before: dict[str, list] = {}
    after: dict[str, list] = {}
    for name in dict.fromkeys(data["file"]):
        train = [i for i in range(len(files)) if files[i] != name and any(data["labels"][i][:depth])]
        x = np.vstack([np.asarray(data["x"][i])[:depth] for i in train]) * kept
        y = np.concatenate([np.asarray(data["labels"][i][:depth], dtype=int) for i in train])
        model = fit(x, y, settings)
        for i in np.flatnonzero(files == name):
            labels, style = data["labels"][i], data["style"][i] or "-"
            scores = model.predict_proba(np.asarray(data["x"][i])[:depth] * kept)[:, 1]
            for key in (name, "pooled", f"style:{style}"):
                before.setdefault(key, []).append(ranks(labels, None, depth))
                after.setdefault(key, []).append(ranks(labels, scores, depth))
    return {key: {"before": figures(before[key]), "after": figures(after[key])} for key in before}


def show(table: dict[str, dict]) -> None:
    for key, row in table.items():
        b, a = row["before"], row["after"]
        print(
            f"{key:22} {b['n']:4}  hit@1 {b['hit@1']:.3f} -> {a['hit@1']:.3f}  hit@5 {b['hit@5']:.3f} -> "
            f"{a['hit@5']:.3f}  MRR {b['mrr@10']:.3f} -> {a['mrr@10']:.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=PASSAGE_RANKER_DIR)
    parser.add_argument("--cache", type=Path, help="keep the recorded passages in this JSON file (re-fits are fast)")
    parser.add_argument("--cv-only", action="store_true", help="print the cross-validated figures, write nothing")
    parser.add_argument("--depth", type=int, nargs="*", default=[PASSAGE_DEPTH])
    parser.add_argument("--drop", nargs="*", default=[], help="features read as zero in the cross-validation")
    args = parser.parse_args()
    data = recorded(args.cache)
    data_sha = hashlib.sha256(json.dumps([data["id"], data["x"], data["labels"]]).encode()).hexdigest()
    tables = {}
    for depth in args.depth:
        print(f"depth {depth}: left one file out")
        tables[depth] = cross_validate(data, depth, TREES, args.drop)
        show(tables[depth])
    if args.cv_only:
        return
    write(args.out, data, data_sha, tables)


def write(out: Path, data: dict[str, list], data_sha: str, tables: dict[int, dict]) -> None:
    keep = [i for i, labels in enumerate(data["labels"]) if any(labels[:PASSAGE_DEPTH])]
    x = np.vstack([np.asarray(data["x"][i])[:PASSAGE_DEPTH] for i in keep])
    y = np.concatenate([np.asarray(data["labels"][i][:PASSAGE_DEPTH], dtype=int) for i in keep])
    model = fit(x, y, TREES)
    trees = BoostedTrees.from_fitted(model)
    assert np.allclose(trees.probabilities(x), model.predict_proba(x)[:, 1], atol=1e-9), "exported trees differ"
    text = json.dumps({"features": list(FEATURES), **trees.to_json()}, indent=None) + "\n"
    out.mkdir(parents=True, exist_ok=True)
    (out / MODEL).write_text(text, encoding="utf-8")
    record_ = {
        "model": "gradient-boosted trees (scikit-learn HistGradientBoostingClassifier, random_state 0)",
        "settings": {**TREES, "depth": PASSAGE_DEPTH},
        "training_sets": [f"eval/{name}_questions.jsonl" for name in TRAINING],
        "not_trained_on": ["eval/heldout_questions.jsonl", "dev_questions.jsonl"],
        "questions": len(keep),
        "passages": int(len(y)),
        "positives": int(y.sum()),
        "data_sha256": data_sha,
        "left_one_file_out": {str(depth): table for depth, table in tables.items()},
        "model_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    (out / RECORD).write_text(json.dumps(record_, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out / MODEL} (sha256 {record_['model_sha256'][:12]}…) and {out / RECORD}")


if __name__ == "__main__":
    main()
