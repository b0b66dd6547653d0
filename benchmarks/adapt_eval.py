"""Train (or load) a review-adapted MiniLM, index the review with it, and score question sets as `reviewqa eval` does.

    python benchmarks/adapt_eval.py --stock --out results.jsonl
    python benchmarks/adapt_eval.py --config benchmarks/adapt_best.json --label allk-e1-lr5e5-b32 --out results.jsonl
    python benchmarks/adapt_eval.py --sources ict,table --epochs 1 --lr 2e-5 --model-dir /tmp/adapted
    python benchmarks/adapt_eval.py --table results.jsonl       # a results file as the Markdown table of ADAPTATION.md

The index is built into a temporary folder exactly as `reviewqa build` builds it (chunks, sentences, the ONNX query
encoder exported from the same model), and searched by the app's Assistant with every technique on, queries
embedded by that ONNX graph: only the embedding model differs from the app. Prints hit@1 / hit@5 / MRR@10 per file
and mode, training time, peak RSS and the lowest ONNX-vs-torch cosine over every question; --out appends the same
as one JSON line. The second held-out set (heldout2) is refused: it stays unseen.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]  # this checkout's reviewqa, whatever is installed

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from adaptation import SOURCES, AdaptConfig  # noqa: E402

DEV = Path("/work/shared/eval/dev_questions.jsonl")  # the shared development set (not in the repository)
DEFAULT_FILES = (DEV, ROOT / "eval" / "heldout_questions.jsonl", ROOT / "eval" / "tune_questions.jsonl")
RESERVED = "heldout2"  # kept for the final report: never tuned on
MODES = ("hybrid", "dense")
K = 5  # hit@5, as `reviewqa eval` reports by default


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--stock", action="store_true", help="no adaptation: the bundled model as it is")
    p.add_argument("--config", type=Path, help="the training options as a JSON object (overrides the flags below)")
    p.add_argument("--sources", default=",".join(SOURCES), help="comma-separated pair sources")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--lr", type=float, default=2e-5)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--ict-keep", action="store_true", help="inverse cloze keeps the sentence in the passage")
    p.add_argument("--cloze-per-sentence", type=int, default=1)
    p.add_argument("--max-pairs", type=int, default=None)
    p.add_argument("--model-dir", type=Path, help="load the adapted model from here if present, else train and save")
    p.add_argument("--files", type=Path, nargs="+", default=list(DEFAULT_FILES))
    p.add_argument("--label", default="", help="row label for the table and the JSON line")
    p.add_argument("--out", type=Path, help="append the run as one JSON line to this file")
    p.add_argument("--table", type=Path, help="only print this results file as a Markdown table")
    args = p.parse_args(argv)
    if any(RESERVED in f.name for f in args.files):
        p.error(f"{RESERVED} is reserved for the final report; tune on dev, held-out and tune only")
    return args


def config_from(args: argparse.Namespace) -> AdaptConfig:
    if args.config:
        return AdaptConfig.from_json(json.loads(args.config.read_text(encoding="utf-8")))
    return AdaptConfig(
        sources=tuple(s for s in args.sources.split(",") if s),
        epochs=args.epochs,
        learning_rate=args.lr,
        batch_size=args.batch_size,
        seed=args.seed,
        ict_keep_sentence=args.ict_keep,
        max_cloze_per_sentence=args.cloze_per_sentence,
        max_pairs=args.max_pairs,
    )


def get_model(args: argparse.Namespace, review) -> tuple[object, dict]:
    """The model to index with, and what training (if any) cost."""
    import adaptation

    from reviewqa.index.embed import load_sentence_transformer

    if args.stock:
        return load_sentence_transformer(stock=True), {"trained": False}
    config = config_from(args)
    saved = args.model_dir and (args.model_dir / adaptation.WEIGHTS_FILE).is_file()
    if saved:
        if AdaptConfig.from_json(json.loads((args.model_dir / adaptation.CONFIG_FILE).read_text())) != config:
            raise SystemExit(f"{args.model_dir} holds a model trained with another configuration")
        sha = adaptation.weights_sha256(args.model_dir)
        return adaptation.load_model(args.model_dir), {
            "trained": False,
            "loaded_from": str(args.model_dir),
            "weights_sha256": sha,
        }
    model, report = adaptation.train(review, config, log=lambda m: print(m, file=sys.stderr, flush=True))
    info: dict = {"trained": True, **asdict(report)}
    if args.model_dir:
        info["weights_sha256"] = adaptation.save_model(model, args.model_dir, config)
    return model, info


def onnx_agreement(model, onnx_path: Path, questions: list[str]) -> float:
    """Lowest cosine between the ONNX graph's and the sentence-transformers model's vectors of `questions`."""
    import numpy as np

    from reviewqa.index.embed import embed_texts
    from reviewqa.index.encoder import OnnxQueryEncoder

    onnx = OnnxQueryEncoder(onnx_path).encode(questions)
    return float(np.min(np.sum(onnx * embed_texts(model, questions), axis=1)))


def evaluate(model, review, files: list[Path]) -> tuple[dict, dict]:
    """Scores per file and mode (with each answerable question's rank); the ONNX agreement and the build time."""
    from reviewqa.index.embed import SentenceTransformerEmbedder
    from reviewqa.index.encoder import OnnxQueryEncoder
    from reviewqa.index.store import build_index, open_index
    from reviewqa.search.assistant import Assistant
    from reviewqa.search.evaluate import load_questions, run_questions, summarise

    with tempfile.TemporaryDirectory(prefix="adapt-eval-") as tmp:
        folder = Path(tmp) / "index"
        started = time.perf_counter()
        build_index(review, folder, quiet=True, embedder=SentenceTransformerEmbedder(model))
        build_seconds = time.perf_counter() - started
        index = open_index(folder, review)
        # The ONNX graph of this index, named explicitly: REVIEWQA_QUERY_ENCODER could otherwise load the stock model.
        assistant = Assistant(review, index, OnnxQueryEncoder(index.onnx_path))
        results: dict = {}
        for path in files:
            questions = load_questions(path)
            results[path.stem] = {}
            for mode in MODES:
                outcomes = run_questions(assistant, questions, mode)
                score = asdict(summarise(mode, outcomes, K))
                score["ranks"] = {o.question.id: o.rank for o in outcomes if o.question.answerable}
                results[path.stem][mode] = score
        every = [q.question for path in files for q in load_questions(path)]
        agreement = onnx_agreement(model, index.onnx_path, every)
    return results, {
        "onnx_min_cosine": agreement,
        "onnx_questions": len(every),
        "build_seconds": round(build_seconds, 1),
    }


def format_rows(label: str, results: dict) -> list[str]:
    return [
        f"| {label} | {name} | {mode} | {s['answerable_count']} | {s['hit_at_1']:.3f} | {s['hit_at_k']:.3f} "
        f"| {s['mrr_at_10']:.3f} | {s['unanswerable_flagged']:.2f} | {s['answerable_flagged']:.3f} |"
        for name, by_mode in results.items()
        for mode, s in by_mode.items()
    ]


def results_table(path: Path) -> str:
    """One row per run of a results file: config highlights, cost, and hit@1 / hit@5 / MRR@10 per file and mode."""
    runs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    names = list(dict.fromkeys(name for run in runs for name in run["results"]))
    head = " | ".join(f"{n.removesuffix('_questions')} {m}" for n in names for m in MODES)
    lines = [f"| run | config | train s | peak RSS MB | {head} |", "|---" * (4 + len(names) * len(MODES)) + "|"]
    for run in runs:
        train, config = run["train"], run["config"]
        scores = [run["results"].get(n, {}).get(m) for n in names for m in MODES]
        cells = [f"{s['hit_at_1']:.3f} / {s['hit_at_k']:.3f} / {s['mrr_at_10']:.3f}" if s else "–" for s in scores]
        seconds = f"{train['seconds']:.0f}" if train.get("trained") else "–"
        lines.append(
            f"| {run['label']} | {highlights(config)} | {seconds} | {run['peak_rss_mb']} | {' | '.join(cells)} |"
        )
    return "\n".join(lines)


def highlights(config: dict | None) -> str:
    """'all5, keep, e1, lr 5e-05, b32, s13': what tells the grid's runs apart."""
    if config is None:
        return "stock model"
    sources = "all5" if tuple(config["sources"]) == SOURCES else "+".join(config["sources"])
    if set(config["sources"]) == {*SOURCES, "reference"}:
        sources = "all5+reference"
    parts = [sources, "keep" if config["ict_keep_sentence"] else "remove", f"e{config['epochs']}"]
    parts += [f"lr {config['learning_rate']:g}", f"b{config['batch_size']}", f"s{config['seed']}"]
    return ", ".join(parts + (["bf16"] if config.get("bf16") else []))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.table:
        print(results_table(args.table))
        return 0
    from reviewqa.corpus.review import load_review

    review = load_review()
    model, info = get_model(args, review)
    results, checks = evaluate(model, review, args.files)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    label = args.label or ("stock" if args.stock else args.sources)
    print(
        f"| run | questions | mode | n | hit@1 | hit@{K} | MRR@10 | unanswerable flagged | answerable wrongly flagged |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(format_rows(label, results)))
    if info.get("trained"):
        print(
            f"training: {info['seconds']:.1f} s (CPU {info['cpu_seconds']:.0f} s), {info['pairs']} pairs "
            f"{info['pairs_by_source']}, {info['steps']} steps, final loss {info['final_loss']:.4f}"
        )
    print(
        f"index build {checks['build_seconds']:.1f} s; peak RSS {peak_mb:.0f} MB; ONNX vs sentence-transformers "
        f"min cosine over {checks['onnx_questions']} questions {checks['onnx_min_cosine']:.6f}"
    )
    if args.out:
        line = {
            "label": label,
            "config": None if args.stock else asdict(config_from(args)),
            "train": info,
            "results": results,
            **checks,
            "peak_rss_mb": round(peak_mb),
            "files": [str(f) for f in args.files],
        }
        with open(args.out, "a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
