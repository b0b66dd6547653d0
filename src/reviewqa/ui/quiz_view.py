"""The app's Quiz tab as escaped HTML: the question, the feedback after an answer, the final score and the misses.

The flow is `reviewqa quiz`'s (a `QuizSession`); this module only decides what the page shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewqa.corpus.review import Review
from reviewqa.errors import QuizError
from reviewqa.quiz.session import TYPE_WORDS, Feedback, QuizSession, new_seed
from reviewqa.ui.cards import esc, mark_spans

ALL_SECTIONS = "All sections"
TYPE_CHOICES = (
    ("Mixed, in turn", "mixed"),
    ("Fill the blank", "cloze"),
    ("Multiple choice", "mc"),
    ("Which study", "study"),
)
MAX_QUESTIONS = 30
LETTERS = "ABCD"


@dataclass(frozen=True)
class QuizScreen:
    """What the tab shows: question (or final summary), answer controls, feedback on the last answer."""

    question_html: str
    options: tuple[str, ...]  # buttons to click (mc, study); empty for a cloze or a finished quiz
    typed: bool  # a text box for the answer (cloze)
    feedback_html: str
    missed: int = 0  # at the end: how many were missed (a 'Retry missed' button when any)

    @property
    def option_labels(self) -> tuple[str, ...]:
        """'A. osimertinib', …: the buttons' labels (1-4 and A-D on the keyboard choose them too)."""
        return tuple(f"{letter}. {option}" for letter, option in zip(LETTERS, self.options))


def quiz_sections(sections: tuple[str, ...]) -> list[str]:
    """The choices of the section menu: all, then the numbered top-level sections (the ones with questions)."""
    return [ALL_SECTIONS, *(str(s) for s in sections if str(s)[:1].isdigit())]


def parse_seed(text: str | None) -> int:
    """The seed typed by the user, or a new random one when the box is empty; QuizError for anything else."""
    text = (text or "").strip()
    if not text:
        return new_seed()
    if not re.fullmatch(r"\d{1,9}", text):
        raise QuizError(f"the seed must be a whole number (got '{text}')")
    return int(text)


def start_quiz(review: Review, section: str | None, quiz_type: str, n: float, seed: int) -> QuizSession:
    """A new session for the tab's choices ('All sections' and 'mixed' mean no restriction)."""
    return QuizSession.start(
        n=max(1, min(MAX_QUESTIONS, int(n))),
        seed=seed,
        section=None if section in (None, "", ALL_SECTIONS) else section,
        quiz_type=None if quiz_type == "mixed" else quiz_type,
        review=review,
    )


def intro_html(session: QuizSession, seed: int) -> str:
    """'3 questions · seed 7 (the same seed gives the same quiz)'."""
    n = len(session.items)
    plural = "s" if n != 1 else ""
    return f'<div class="rq-where">{n} question{plural} · seed {seed} (the same seed gives the same quiz)</div>'


def score_html(session: QuizSession) -> str:
    """The running score."""
    right, answered = session.score
    return f'<div class="rq-score-line">Score: {right} / {answered}</div>'


def mark_answer(passage: str, answer: str) -> str:
    """Escaped `passage` with each occurrence of `answer` (any case) in <mark>, line breaks as <br>."""
    if not answer.strip():
        return mark_spans(passage, [])
    return mark_spans(passage, [m.span() for m in re.finditer(re.escape(answer), passage, re.I)])


def source_html(feedback: Feedback) -> str:
    """The passage that holds the answer, its section and the references it cites, resolved."""
    citations = "".join(f"<li>{esc(c)}</li>" for c in feedback.citations)
    refs = f'<ul class="rq-citations">{citations}</ul>' if citations else ""
    return (
        f'<div class="rq-where">Source: passage {esc(feedback.item.chunk_id)} · {esc(feedback.section)}</div>'
        f'<blockquote class="rq-passage">{mark_answer(feedback.passage, feedback.expected)}</blockquote>{refs}'
    )


def sentence_html(feedback: Feedback) -> str:
    """The sentence (or table line) the question was made from, the answer marked."""
    return f'<blockquote class="rq-quiz-sentence">{mark_answer(feedback.item.sentence, feedback.expected)}</blockquote>'


def feedback_html(feedback: Feedback, number: int, with_source: bool = True) -> str:
    """Right or wrong, the expected answer, what was given, the sentence it came from, and (`with_source`) the
    passage and its references folded under 'show passage and references'."""
    verdict = "Right ✓" if feedback.correct else "Wrong ✗"
    given = f"<q>{esc(feedback.given)}</q>" if feedback.given.strip() else "<i>skipped</i>"
    more = (
        f'<details class="rq-more"><summary>show passage and references</summary>{source_html(feedback)}</details>'
        if with_source
        else ""
    )
    return (
        f'<div class="rq-feedback rq-{"right" if feedback.correct else "wrong"}">'
        f'<div class="rq-verdict">Q{number}: {verdict}</div>'
        f'<div class="rq-expected">Answer: <b>{esc(feedback.expected)}</b> · you answered: {given}</div>'
        f"{sentence_html(feedback)}{more}</div>"
    )


def question_html(session: QuizSession) -> str:
    """The current question: its number, kind, section and text (the blank shown as _____)."""
    item = session.current
    if item is None:
        return ""
    number, total = len(session.feedback) + 1, len(session.items)
    how = "click an answer, or press 1–4 (A–D)" if item.options else "type the missing term; an empty answer skips"
    return (
        f'<div class="rq-quiz-q"><div class="rq-label">Question {number} of {total} · '
        f"{esc(TYPE_WORDS.get(item.type, item.type))} · {esc(item.section_path[0])}</div>"
        f'<div class="rq-question">{esc(item.question)}</div><div class="rq-where">{esc(how)}</div></div>'
    )


def summary_html(session: QuizSession) -> str:
    """The final score and every missed item with its question, answer and passage."""
    right, answered = session.score
    parts = [f'<div class="rq-final">Final score: {right} / {answered}</div>']
    missed = [(i, f) for i, f in enumerate(session.feedback, start=1) if not f.correct]
    if missed:
        parts.append(f'<div class="rq-label">Missed ({len(missed)})</div>')
    for number, feedback in missed:
        parts.append(
            f'<div class="rq-missed"><div class="rq-question">{esc(feedback.item.question)}</div>'
            f"{feedback_html(feedback, number)}</div>"
        )
    if not missed:
        parts.append('<div class="rq-label">Nothing missed.</div>')
    return '<div class="rq-summary">' + "".join(parts) + "</div>"


def quiz_screen(session: QuizSession) -> QuizScreen:
    """What to show now: after the last answer its feedback and the score; at the end the summary."""
    last = ""
    if session.feedback:
        latest, number = session.feedback[-1], len(session.feedback)
        if session.finished and not latest.correct:  # it is in the list of missed below: only its verdict here
            verdict = f"Q{number}: Wrong ✗ (missed, below)"
            last = f'<div class="rq-feedback rq-wrong"><div class="rq-verdict">{verdict}</div></div>'
        else:
            last = feedback_html(latest, number)
        last += score_html(session)
    if session.finished:
        return QuizScreen(summary_html(session), (), False, last, len(session.missed))
    options = session.current.options if session.current else ()
    return QuizScreen(question_html(session), options, not options, last)


def retry_session(session: QuizSession | None) -> QuizSession | None:
    """A new quiz of the items missed in `session` (wrong or skipped), in the same order; None when none were."""
    if session is None or not session.missed:
        return None
    return QuizSession(session.review, tuple(f.item for f in session.missed))


def error_screen(message: str) -> QuizScreen:
    """A quiz that could not start (unknown section, bad seed): the reason, and no question."""
    return QuizScreen(f'<div class="rq-notice">{esc(message)}</div>', (), False, "")
