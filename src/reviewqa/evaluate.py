"""Retrieval quality on JSON Lines questions: hit@1, hit@5, MRR@10 per mode, and answerability."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from reviewqa.markup import clean_markup

MODES_IN_ORDER = ("hybrid", "dense", "bm25")


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    answerable: bool
    must_contain: tuple[str, ...]
    style: str = ""


@dataclass(frozen=True)
class ModeScore:
    mode: str
    answerable_count: int
    hit_at_1: float
    hit_at_k: float
    mrr_at_10: float
    unanswerable_count: int
    unanswerable_flagged: float
    answerable_flagged: float
    misses: tuple[str, ...]


def load_questions(path: Path) -> list[Question]:
    questions = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            questions.append(
                Question(
                    id=str(row.get("id", number)),
                    question=row["question"],
                    answerable=bool(row.get("answerable", True)),
                    must_contain=tuple(row.get("must_contain", ())),
                    style=row.get("style", ""),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not a question line ({exc})") from exc
    return questions


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", clean_markup(text)).strip().casefold()


def first_hit_rank(texts: list[str], must_contain: tuple[str, ...]) -> int | None:
    """1-based rank of the first text containing any of the phrases, after the chunk text's own cleaning."""
    phrases = [_normalise(p) for p in must_contain]
    for rank, text in enumerate(texts, start=1):
        normalised = _normalise(text)
        if any(p in normalised for p in phrases):
            return rank
    return None


def score_mode(assistant, questions: list[Question], mode: str, k: int = 5) -> ModeScore:
    answerable = [q for q in questions if q.answerable]
    unanswerable = [q for q in questions if not q.answerable]
    hits_1 = hits_k = 0
    reciprocal = 0.0
    wrongly_flagged = 0
    misses = []
    for q in answerable:
        result = assistant.search(q.question, k=max(10, k), mode=mode)
        rank = first_hit_rank([h.chunk.text for h in result.hits], q.must_contain)
        hits_1 += rank == 1
        hits_k += rank is not None and rank <= k
        reciprocal += 1 / rank if rank else 0.0
        wrongly_flagged += not result.answerable
        if rank is None or rank > k:
            misses.append(q.id)
    flagged = sum(not assistant.search(q.question, k=k, mode=mode).answerable for q in unanswerable)
    n = max(len(answerable), 1)
    return ModeScore(
        mode=mode,
        answerable_count=len(answerable),
        hit_at_1=hits_1 / n,
        hit_at_k=hits_k / n,
        mrr_at_10=reciprocal / n,
        unanswerable_count=len(unanswerable),
        unanswerable_flagged=flagged / max(len(unanswerable), 1),
        answerable_flagged=wrongly_flagged / n,
        misses=tuple(misses),
    )


def format_table(scores: list[ModeScore], k: int) -> str:
    lines = [
        f"| mode | hit@1 | hit@{k} | MRR@10 | unanswerable flagged | answerable wrongly flagged |",
        "|---|---|---|---|---|---|",
    ]
    for s in scores:
        lines.append(
            f"| {s.mode} | {s.hit_at_1:.3f} | {s.hit_at_k:.3f} | {s.mrr_at_10:.3f} | "
            f"{s.unanswerable_flagged:.2f} ({s.unanswerable_count}) | {s.answerable_flagged:.3f} |"
        )
    return "\n".join(lines)
