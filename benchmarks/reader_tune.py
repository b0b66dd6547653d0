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
        runs += [(f"rerank w={w}", only, {"RERANK_WEIGHT": w}, "retrieval") for w in (0.2, 0.4, 0.6)]
    if "depth" in grid:
        only = ("reader_sentences", "reader_flag")
        runs += [(f"rerank n={n}", only, {"RERANK_DEPTH": n}, "retrieval") for n in (4, 8, 12, 20)]
    if grid == "all" or "flag" in grid:
        only = ("reader_sentences", "reader_rerank")
        floors = [float(f) for f in grid.split("flag=")[1].split(",")] if "flag=" in grid else [0.05, 0.15]
        runs += [(f"flag<{f}", only, {"FLAG_FLOOR": f}, "retrieval") for f in floors]
    for (label, without, values, parts), (name, questions) in itertools.product(runs, sets.items()):
        compose.READER_WEIGHT = values.get("READER_WEIGHT", compose.READER_WEIGHT)
        for module in (reading, assistant_module):
            for key in ("RERANK_WEIGHT", "FLAG_FLOOR", "RERANK_DEPTH"):
                if key in values and hasattr(module, key):
                    setattr(module, key, values[key])
        print(f"{label:20} {name:22} {measure(loaded, questions, without, parts)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
