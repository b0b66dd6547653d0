"""Score draft support on a set of claims written from the review (eval/support_tune.jsonl, support_heldout.jsonl).

    python benchmarks/support_eval.py eval/support_tune.jsonl [--show]

Each line: {"id", "text", "kind": close|loose|altered|unsupported, "refs": [int], "source", "differs"}. Prints, with
the issue's targets: supported (close + loose) claims whose first evidence cites a right reference (>= 0.90),
unsupported claims marked unsupported (>= 0.75), altered claims marked partly or unsupported (>= 0.70), supported
claims marked unsupported (<= 10%); and each kind's verdicts. --show lists every claim scored wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from reviewqa.choices import Support
from reviewqa.search.assistant import Assistant
from reviewqa.writing.draft import read_draft
from reviewqa.writing.support import SentenceSupport, Supporter

ORDER = (Support.UNSUPPORTED, Support.PARTLY, Support.SUPPORTED)


def judged(supporter: Supporter, text: str) -> SentenceSupport:
    """A claim's support: its first sentence's evidence, the weakest verdict of its sentences."""
    checked = [supporter.check_sentence(s) for s in read_draft(text).sentences]
    weakest = min(checked, key=lambda s: ORDER.index(s.verdict))
    return SentenceSupport(checked[0].sentence, weakest.verdict, checked[0].evidence, weakest.differs)


def score(rows: list[dict], results: list[SentenceSupport]) -> dict[str, tuple[int, int]]:
    """Each measure as (hits, total)."""
    pairs = list(zip(rows, results, strict=True))
    backed = [(r, s) for r, s in pairs if r["kind"] in ("close", "loose")]
    return {
        "supported: first evidence cites a right reference (>= 0.90)": (
            sum(1 for r, s in backed if s.evidence and set(s.evidence[0].refs) & set(r["refs"])),
            len(backed),
        ),
        "unsupported: marked unsupported (>= 0.75)": _share(pairs, "unsupported", {Support.UNSUPPORTED}),
        "altered: marked partly or unsupported (>= 0.70)": _share(
            pairs, "altered", {Support.PARTLY, Support.UNSUPPORTED}
        ),
        "supported: marked unsupported (<= 0.10)": (
            sum(1 for _, s in backed if s.verdict is Support.UNSUPPORTED),
            len(backed),
        ),
        "supported: marked supported (for citing)": (sum(1 for _, s in backed if s.supported), len(backed)),
    }


def _share(pairs, kind: str, verdicts: set[Support]) -> tuple[int, int]:
    chosen = [s for r, s in pairs if r["kind"] == kind]
    return sum(1 for s in chosen if s.verdict in verdicts), len(chosen)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--show", action="store_true", help="list the claims scored wrong")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    supporter = Supporter(Assistant.load(quiet=True))
    results = [judged(supporter, r["text"]) for r in rows]
    print(f"{args.file} ({len(rows)} claims)")
    for name, (hits, total) in score(rows, results).items():
        print(f"  {name:<62} {hits:>3}/{total:<3} = {hits / max(total, 1):.2f}")
    for kind in ("close", "loose", "altered", "unsupported"):
        counts = Counter(s.verdict.value for r, s in zip(rows, results, strict=True) if r["kind"] == kind)
        print(f"  {kind:<12} " + "  ".join(f"{v.value} {counts.get(v.value, 0)}" for v in reversed(ORDER)))
    if args.show:
        _show(rows, results)
    return 0


def _show(rows: list[dict], results: list[SentenceSupport]) -> None:
    for r, s in zip(rows, results, strict=True):
        first = s.evidence[0] if s.evidence else None
        wrong_ref = r["kind"] in ("close", "loose") and not (first and set(first.refs) & set(r["refs"]))
        wrong = {
            "close": s.verdict is not Support.SUPPORTED,
            "loose": s.verdict is not Support.SUPPORTED,
            "altered": s.verdict is Support.SUPPORTED,
            "unsupported": s.verdict is not Support.UNSUPPORTED,
        }[r["kind"]]
        if wrong or wrong_ref:
            print(
                f"\n{r['id']} {r['kind']} -> {s.verdict.value} ({s.differs}) refs {r['refs']} / "
                f"{list(first.refs) if first else []} score {first.score if first else 0}"
            )
            print(f"  claim: {r['text']}")
            if first:
                print(f"  evidence: {first.text[:220]}")


if __name__ == "__main__":
    sys.exit(main())
