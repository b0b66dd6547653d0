"""Retrieval quality on JSON Lines questions: hit@1, hit@5, MRR@10 per mode, and answerability."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from reviewqa.corpus.markup import clean_markup
from reviewqa.errors import QuestionFileError

MODES_IN_ORDER = ("hybrid", "dense", "bm25")


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    answerable: bool
    must_contain: tuple[str, ...]
    style: str = ""
    history: tuple[str, ...] = ()  # earlier messages of the conversation, oldest first (follow-ups)


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
    """Every question of a JSON Lines file; QuestionFileError names the first bad line and what is wrong with it."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QuestionFileError(f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    questions = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            questions.append(_question(json.loads(line), number))
        except (ValueError, RecursionError) as exc:
            raise QuestionFileError(f"{path}:{number}: not a question line ({exc})") from exc
    if not questions:
        raise QuestionFileError(f"{path} has no questions")
    return questions


def _question(row: object, number: int) -> Question:
    """One line's question; ValueError says which field is missing or of the wrong type."""
    if not isinstance(row, dict):
        raise ValueError(f"a JSON {type(row).__name__}, expected an object")
    if not isinstance(row.get("question"), str) or not row["question"].strip():
        raise ValueError("'question' must be non-empty text")
    answerable = row.get("answerable", True)
    if not isinstance(answerable, bool):
        raise ValueError("'answerable' must be true or false")
    must_contain = _strings(row, "must_contain")
    if answerable and not must_contain:
        raise ValueError("an answerable question needs 'must_contain' phrases")
    style = row.get("style", "")
    if not isinstance(style, str):
        raise ValueError("'style' must be text")
    identifier = row.get("id", number)
    if not isinstance(identifier, str | int) or isinstance(identifier, bool):
        raise ValueError("'id' must be text or a number")
    return Question(str(identifier), row["question"], answerable, must_contain, style, _strings(row, "history"))


def _strings(row: dict, key: str) -> tuple[str, ...]:
    value = row.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"'{key}' must be a list of strings")
    return tuple(value)


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
        reciprocal += 1 / rank if rank and rank <= 10 else 0.0
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
