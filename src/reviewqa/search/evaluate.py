"""Retrieval quality on JSON Lines questions: hit@1, hit@5, MRR@10 per mode, and answerability."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewqa.corpus.markup import normalised
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


def first_hit_rank(texts: list[str], must_contain: tuple[str, ...]) -> int | None:
    """1-based rank of the first text containing any of the phrases, after the chunk text's own cleaning."""
    phrases = [normalised(p) for p in must_contain]
    for rank, text in enumerate(texts, start=1):
        cleaned = normalised(text)
        if any(p in cleaned for p in phrases):
            return rank
    return None


@dataclass(frozen=True)
class Outcome:
    """What one search gave for one question: the rank of the first answering passage, and the flag."""

    question: Question
    rank: int | None  # 1-based, within the first 10; None when no passage of the top 10 answers (or none should)
    flagged: bool  # the search said the review does not answer


def run_questions(
    assistant, questions: list[Question], mode: str, ground: Callable[[list[str]], Sequence] | None = None
) -> list[Outcome]:
    """Search every question (with its conversation history, read through `ground`: the chat rebuilds the earlier
    answers) and record the outcome."""
    outcomes = []
    for q in questions:
        history = ground(list(q.history)) if ground and q.history else list(q.history)
        result = assistant.search(q.question, k=10, mode=mode, history=history)
        rank = first_hit_rank([h.chunk.text for h in result.hits], q.must_contain) if q.answerable else None
        outcomes.append(Outcome(q, rank, not result.answerable))
    return outcomes


def summarise(mode: str, outcomes: list[Outcome], k: int) -> ModeScore:
    """hit@1, hit@k and MRR@10 over the answerable questions; the flag over both kinds."""
    answerable = [o for o in outcomes if o.question.answerable]
    unanswerable = [o for o in outcomes if not o.question.answerable]
    n = max(len(answerable), 1)
    return ModeScore(
        mode=mode,
        answerable_count=len(answerable),
        hit_at_1=sum(o.rank == 1 for o in answerable) / n,
        hit_at_k=sum(o.rank is not None and o.rank <= k for o in answerable) / n,
        mrr_at_10=sum(1 / o.rank for o in answerable if o.rank) / n,
        unanswerable_count=len(unanswerable),
        unanswerable_flagged=sum(o.flagged for o in unanswerable) / max(len(unanswerable), 1),
        answerable_flagged=sum(o.flagged for o in answerable) / n,
        misses=tuple(o.question.id for o in answerable if o.rank is None or o.rank > k),
    )


def by_style(outcomes: list[Outcome], k: int) -> dict[str, ModeScore]:
    """The same scores per question style ('lay', 'followup', 'unanswerable', …), styles in first-seen order."""
    styles = dict.fromkeys(o.question.style or "-" for o in outcomes)
    return {s: summarise(s, [o for o in outcomes if (o.question.style or "-") == s], k) for s in styles}


@dataclass(frozen=True)
class FlagQuality:
    """How well 'not answered by the review' separates the two kinds of question."""

    flagged: int
    correct: int  # flagged and unanswerable
    unanswerable: int
    answerable: int

    @property
    def precision(self) -> float:
        return self.correct / self.flagged if self.flagged else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.unanswerable if self.unanswerable else 1.0

    @property
    def false_alarm_rate(self) -> float:
        """The share of answerable questions wrongly flagged."""
        return (self.flagged - self.correct) / self.answerable if self.answerable else 0.0


def flag_quality(outcomes: list[Outcome]) -> FlagQuality:
    return FlagQuality(
        flagged=sum(o.flagged for o in outcomes),
        correct=sum(o.flagged and not o.question.answerable for o in outcomes),
        unanswerable=sum(not o.question.answerable for o in outcomes),
        answerable=sum(o.question.answerable for o in outcomes),
    )


def format_table(scores: list[ModeScore], k: int, first: str = "mode") -> str:
    lines = [
        f"| {first} | n | hit@1 | hit@{k} | MRR@10 | unanswerable flagged | answerable wrongly flagged |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in scores:
        n = s.answerable_count or s.unanswerable_count
        answer = f"{s.hit_at_1:.3f} | {s.hit_at_k:.3f} | {s.mrr_at_10:.3f}" if s.answerable_count else "– | – | –"
        flagged = f"{s.unanswerable_flagged:.2f} ({s.unanswerable_count})" if s.unanswerable_count else "–"
        wrongly = f"{s.answerable_flagged:.3f}" if s.answerable_count else "–"
        lines.append(f"| {s.mode} | {n} | {answer} | {flagged} | {wrongly} |")
    return "\n".join(lines)
