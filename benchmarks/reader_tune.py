"""Choose the reader's weights on the evaluation sets it was never trained on (heldout and the shared dev set):
each configuration's hit@1, MRR@10, flag recall and false alarms, answers containing an answering phrase and
first sentences that do.

    nice -n 19 .venv/bin/python benchmarks/reader_tune.py [all | first,sentences,rerank,flag,notoday] [READER_FOLDER]
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from reviewqa.chat import compose
from reviewqa.chat.answer_eval import score_answers
from reviewqa.search import assistant as assistant_module
from reviewqa.search import reading
from reviewqa.search.assistant import Assistant
from reviewqa.search.evaluate import flag_quality, load_questions, run_questions, summarise
from reviewqa.search.techniques import Techniques

ROOT = Path(__file__).resolve().parents[1]
SETS = (
    ROOT / "eval/heldout_questions.jsonl",
    ROOT.parent / "shared/eval/dev_questions.jsonl",
)
READER = ("reader_rerank", "reader_sentences", "reader_flag")
OFF = (*READER, "answer_first")  # today's scoring


def measure(loaded: Assistant, questions, without: tuple[str, ...], parts: str = "retrieval answers") -> str:
    """The figures a configuration changes: retrieval (ranks and the flag), answers (composed), or both."""
    adding = [t for t in OFF if t not in without]  # every reader technique on but those left out, flag too
    assistant = Assistant(loaded.review, loaded.index, techniques=Techniques.without(list(without), adding))
    assistant._reader, assistant._reader_opened = loaded.reader, True
    figures = ""
    if "retrieval" in parts:
        outcomes = run_questions(assistant, questions, "hybrid")
        score, flag = summarise("hybrid", outcomes, 5), flag_quality(outcomes)
        figures += (
            f"hit@1 {score.hit_at_1:.3f} hit@5 {score.hit_at_k:.3f} MRR {score.mrr_at_10:.3f} | flag recall "
            f"{flag.recall:.2f} wrongly {flag.flagged - flag.correct} | "
        )
    if "answers" in parts:
        answers = score_answers(assistant, questions)
        figures += f"contains {answers.contains_share:.3f} first {answers.first_share:.3f}"
    return figures


def _values(grid: str, key: str, default: list[float]) -> list[float]:
    """The values after `key` in the grid ('rerank=0.6,0.8;depth=4,8'), else `default`."""
    if key not in grid:
        return default
    return [float(v) for v in grid.split(key, 1)[1].split(";")[0].split(",")]


def main() -> int:
    loaded = Assistant.load(quiet=True)
    if len(sys.argv) > 2:  # a reader written elsewhere (`train-reader --out DIR`)
        from reviewqa.index.reader import Reader

        loaded._reader, loaded._reader_opened = Reader(Path(sys.argv[2])), True
    sets = {path.stem: load_questions(path) for path in SETS}
    grid = sys.argv[1] if len(sys.argv) > 1 else "all"
    runs: list[tuple[str, tuple[str, ...], dict, str]] = []
    if "notoday" not in grid:
        runs.append(("today", OFF, {}, "retrieval answers"))
    if grid == "all" or "first" in grid:
        runs.append(("answer first", READER, {}, "answers"))
    if grid == "all" or "sentences" in grid:
        only = ("reader_rerank", "reader_flag")
        runs += [(f"sentences w={w}", only, {"READER_WEIGHT": w}, "answers") for w in (0.5, 1.0)]
    if grid == "all" or "rerank" in grid:
        only = ("reader_sentences", "reader_flag")
        weights = _values(grid, "rerank=", [0.2, 0.4, 0.6])
        runs += [(f"rerank w={w}", only, {"RERANK_WEIGHT": w}, "retrieval") for w in weights]
    if "depth" in grid:
        only = ("reader_sentences", "reader_flag")
        depths = _values(grid, "depth=", [4, 8])
        runs += [(f"rerank n={n}", only, {"RERANK_DEPTH": int(n)}, "retrieval") for n in depths]
    if "together" in grid:  # rerank and answer-first, with and without the reader's sentence scores
        runs.append(("rerank+first", ("reader_sentences", "reader_flag"), {}, "retrieval answers"))
        for w in _values(grid, "together=", [0.5]):
            runs.append((f"rerank+first+sent w={w}", ("reader_flag",), {"READER_WEIGHT": w}, "answers"))
    if grid == "all" or "flag" in grid:
        only = ("reader_sentences", "reader_rerank")
        runs += [(f"flag<{f}", only, {"FLAG_FLOOR": f}, "retrieval") for f in _values(grid, "flag=", [0.05, 0.15])]
    defaults = {"READER_WEIGHT": compose.READER_WEIGHT, "RERANK_WEIGHT": reading.RERANK_WEIGHT}
    defaults.update(FLAG_FLOOR=reading.FLAG_FLOOR, RERANK_DEPTH=reading.RERANK_DEPTH)
    for (label, without, values, parts), (name, questions) in itertools.product(runs, sets.items()):
        for key, default in defaults.items():  # each run from the defaults, with its own values
            for module in (compose, reading, assistant_module):
                if hasattr(module, key):
                    setattr(module, key, values.get(key, default))
        print(f"{label:20} {name:22} {measure(loaded, questions, without, parts)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
