"""A quiz in progress, independent of any UI: the next item, checking an answer, the running score, the misses."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from reviewqa.corpus.review import Review, load_review
from reviewqa.errors import InvalidQuery, QuizError
from reviewqa.quiz.checking import check_answer
from reviewqa.quiz.items import TYPES, QuizItem
from reviewqa.quiz.mix import make_quiz
from reviewqa.search.filters import ChunkFilter

TYPE_WORDS: dict[str, str] = {"cloze": "fill the blank", "mc": "multiple choice", "study": "which study"}


def new_seed() -> int:
    """A quiz seed when the user gives none (shown to them, so the same quiz can be asked for again)."""
    return random.SystemRandom().randrange(1_000_000)


@dataclass(frozen=True)
class Feedback:
    """What to show after an answer: right or wrong, the expected answer, and the passage that holds it."""

    item: QuizItem
    given: str
    correct: bool
    passage: str
    section: str
    citations: tuple[str, ...]  # '[66] Utsumi S, ...' for each reference the passage cites

    @property
    def expected(self) -> str:
        """The answer as the review gives it."""
        return self.item.answer


def resolve_section(review: Review, name: str | None) -> str | None:
    """'4', '4.' or a heading's start -> the full top-level heading; QuizError names the choices."""
    if name is None:
        return None
    try:
        return ChunkFilter(review.chunks).resolve_section(name)
    except InvalidQuery as exc:
        raise QuizError(str(exc)) from exc


def item_is_answered_by(item: QuizItem, given: str, review: Review) -> bool:
    """Whether `given` answers `item` (option letter, or the answer in any accepted form)."""
    return check_answer(given, item.answer, item.options, review.glossary, study=item.type == "study")


@dataclass
class QuizSession:
    """Items asked in order; `answer()` checks one and moves on. Call from a CLI, an app tab or a test."""

    review: Review
    items: tuple[QuizItem, ...]
    feedback: list[Feedback] = field(default_factory=list)

    @classmethod
    def start(
        cls,
        *,
        n: int = 10,
        seed: int = 0,
        section: str | None = None,
        quiz_type: str | None = None,
        review: Review | None = None,
    ) -> QuizSession:
        """A new quiz; QuizError for an unknown section or type, or n <= 0."""
        review = review or load_review()
        types = TYPES if quiz_type is None else (quiz_type,)
        items = make_quiz(review, n=n, seed=seed, section=resolve_section(review, section), types=types)
        return cls(review, tuple(items))

    @property
    def current(self) -> QuizItem | None:
        """The item to ask next, or None when the quiz is over."""
        return self.items[len(self.feedback)] if not self.finished else None

    @property
    def finished(self) -> bool:
        return len(self.feedback) >= len(self.items)

    def answer(self, given: str) -> Feedback:
        """Check `given` against the current item, record it and move on (an empty answer counts as missed)."""
        item = self.current
        if item is None:
            raise QuizError("the quiz is over")
        chunk = self.review.chunk(item.chunk_id)
        result = Feedback(
            item=item,
            given=given,
            correct=bool(given.strip()) and item_is_answered_by(item, given, self.review),
            passage=chunk.text,
            section=" > ".join(chunk.section_path),
            citations=tuple(f"[{n}] {self.review.reference(n).citation}" for n in chunk.refs),
        )
        self.feedback.append(result)
        return result

    @property
    def score(self) -> tuple[int, int]:
        """(right, answered) so far."""
        return sum(f.correct for f in self.feedback), len(self.feedback)

    @property
    def missed(self) -> list[Feedback]:
        """The answered items that were wrong or skipped, in order."""
        return [f for f in self.feedback if not f.correct]
