"""The study parts of the Quiz tab as escaped HTML and plot data: the schedule after an answer, the progress line
and chart, the Anki deck to download. Ratings are shown in a student's words (`Rating.words`: Forgot, Hard, Knew
it, Easy), never the scheduler's (again, good)."""

from __future__ import annotations

import base64
from datetime import datetime

import pandas as pd

from reviewqa.choices import Rating
from reviewqa.memory.history import Scheduled
from reviewqa.memory.progress import Progress
from reviewqa.memory.scheduling import describe_wait
from reviewqa.ui.cards import esc
from reviewqa.ui.notebook_view import file_download, plural

ANKI_FILE = "reviewqa.apkg"
RATINGS = tuple((rating.words, rating.value) for rating in Rating)  # (button label, the value recorded)
LEARNING_STEPS = (
    "A new item comes back within minutes (1 if forgotten, 10 if known: learning steps), then days apart; "
    "Review due counts only what is due now."
)
PROGRESS_COLUMNS = ["day", "section", "accuracy", "answered"]


def schedule_html(scheduled: Scheduled, now: datetime, rated: bool = False) -> str:
    """'Recorded as Knew it: next review in 10 minutes.', how to change it, and what learning steps are."""
    how = "Rated" if rated else "Recorded as"
    change = "" if rated else " How well did you know it?"
    return (
        f'<div class="rq-schedule">{how} <b>{esc(Rating.parse(scheduled.rating).words)}</b>: next review '
        f'{esc(describe_wait(scheduled.due, now))}.{change}<div class="rq-where">{esc(LEARNING_STEPS)}</div></div>'
    )


def due_label(count: int) -> str:
    """The label of the Review due button: the items due now."""
    return f"Review due ({count})"


def nothing_due(next_due: datetime | None, now: datetime) -> str:
    """Why Review due has nothing to ask: no answers yet, or when the next item falls due."""
    if next_due is None:
        return "Nothing is due: answer a quiz first; each answer comes back for review when it is due."
    return f"Nothing is due now: the next review is {describe_wait(next_due, now)}. {LEARNING_STEPS}"


def progress_html(result: Progress | None, off_reason: str = "") -> str:
    """'12 items seen · 5 due today · 20 answers, 70% right', or why history is off."""
    if result is None:
        return f'<div class="rq-where">{esc(off_reason or "Quiz history is off.")}</div>'
    if not result.answered:
        return '<div class="rq-where">No answers yet: every answer of a quiz here or in `reviewqa quiz` is kept.</div>'
    line = (
        f"{plural(result.seen, 'item')} seen · {result.due_now} due now, {result.due_today} today · "
        f"{plural(result.answered, 'answer')}, {result.accuracy:.0%} right"
    )
    return f'<div class="rq-progress-line">{esc(line)}</div>'


def short_section(section: str, limit: int = 28) -> str:
    """'4. TME-driven therapeutic resis…': a legend entry that fits."""
    return section if len(section) <= limit else section[: limit - 1] + "…"


def progress_frame(result: Progress | None) -> pd.DataFrame:
    """Accuracy (percent) per study day and section, for the progress chart."""
    rows = [
        (row.day, short_section(row.section), round(100 * row.accuracy, 1), row.answered)
        for row in (result.days if result is not None else ())
    ]
    return pd.DataFrame(rows, columns=PROGRESS_COLUMNS)


def anki_download(data: bytes, count: int) -> str:
    """The deck carried in the page as base64, with its download button (the browser makes the file)."""
    button = file_download("apkg", ANKI_FILE, "application/octet-stream", base64.b64encode(data).decode(), "base64")
    note = f"{plural(count, 'note')}; importing a newer deck into Anki updates these notes instead of copying them."
    return f'<div class="rq-downloads">{button}<span class="rq-where">{esc(note)}</span></div>'
