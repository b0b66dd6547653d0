"""The study parts of the Quiz tab: each answer recorded and scheduled, the Forgot / Hard / Knew it / Easy rating,
Review due (the items due now), the progress line and chart, and the Anki deck."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gradio as gr

from reviewqa.errors import ReviewqaError
from reviewqa.memory import clock
from reviewqa.memory.progress import progress
from reviewqa.quiz.anki import deck_bytes
from reviewqa.quiz.bank import bank_items
from reviewqa.quiz.items import TYPES
from reviewqa.quiz.session import Feedback, QuizSession
from reviewqa.search.assistant import Assistant
from reviewqa.ui.cards import esc
from reviewqa.ui.quiz_view import ALL_SECTIONS, error_screen, quiz_screen
from reviewqa.ui.study_view import (
    RATINGS,
    anki_download,
    due_label,
    nothing_due,
    progress_frame,
    progress_html,
    schedule_html,
)
from reviewqa.ui.tabs import PRIVATE, QUIET, Shared

MAX_DUE = 50  # one review session asks at most this many of the items due
_CLICK_DOWNLOAD = "() => { setTimeout(() => document.querySelector('#rq-download-apkg')?.click(), 50); }"


def record_answer(shared: Shared, request: gr.Request | None, feedback: Feedback) -> list:
    """[schedule line, rating row, answer id] after an answer: recorded and scheduled, or nothing when off."""
    history = shared.memory.history(getattr(request, "username", None))
    if history is None:
        return [gr.update(value=""), gr.update(visible=False), None]
    now = clock.utc_now()
    try:
        scheduled = history.record(feedback.item, feedback.given, feedback.correct, now=now)
    except ReviewqaError as exc:  # the store failed: the quiz goes on, unrecorded
        return [f'<div class="rq-where">Not recorded: {esc(str(exc))}</div>', gr.update(visible=False), None]
    return [schedule_html(scheduled, now), gr.update(visible=True), scheduled.answer_id]


def wire_study(assistant: Assistant, shared: Shared, panel: Any, answered: list, shown: Callable[..., list]) -> None:
    """Progress (on load and after answers), ratings, Review due and the Anki deck; `shown(screen)` is the quiz
    tab's own list of updates for a quiz screen."""
    with gr.Accordion("Your progress", open=False, elem_id="rq-progress"):
        line = gr.HTML(progress_html(None, shared.memory.off_reason), elem_id="rq-progress-line")
        chart = gr.ScatterPlot(
            progress_frame(None), x="day", y="accuracy", color="section", y_lim=[0, 100],
            title="Accuracy per section (%)", x_title="study day", y_title="% right", height=260,
            elem_id="rq-progress-chart",
        )  # fmt: skip

    def refresh(request: gr.Request):
        history = shared.memory.history(getattr(request, "username", None))
        if history is None:
            return progress_html(None, shared.memory.off_reason), progress_frame(None), gr.update(visible=False)
        result = progress(history.store, history.user)
        return progress_html(result), progress_frame(result), gr.update(value=due_label(result.due_now))

    progress_outputs = [line, chart, panel.due]
    shared.loads.append((refresh, [], progress_outputs))
    for event in answered:
        event.then(refresh, None, progress_outputs, **QUIET)
    for button, (_, value) in zip(panel.rate_buttons, RATINGS, strict=True):
        rated = button.click(_rater(shared, value), panel.answer_id, panel.schedule, **QUIET)
        rated.then(refresh, None, progress_outputs, **QUIET)
    _wire_due(assistant, shared, panel, shown)
    _wire_anki(assistant, panel)


def _rater(shared: Shared, value: str):
    """The handler of one rating button: re-rate the last answer and show its new schedule."""

    def rate(answer_id, request: gr.Request):
        history = shared.memory.history(getattr(request, "username", None))
        if history is None or answer_id is None:
            return gr.update()
        try:
            return schedule_html(history.rate(answer_id, value), clock.utc_now(), rated=True)
        except ReviewqaError as exc:
            return f'<div class="rq-where">{esc(str(exc))}</div>'

    return rate


def _wire_due(assistant: Assistant, shared: Shared, panel: Any, screen_updates: Callable[..., list]) -> None:
    """Review due: a quiz of the items the scheduler says are due now, soonest first."""

    def begin_due(request: gr.Request):
        history = shared.memory.history(getattr(request, "username", None))
        hidden = [gr.update(value=""), gr.update(visible=False), None]
        if history is None:
            return [
                None,
                "",
                *screen_updates(error_screen(shared.memory.off_reason or "Quiz history is off.")),
                *hidden,
            ]
        now = clock.utc_now()
        items = history.due_items(assistant.review, now=now, today=False)[:MAX_DUE]
        if not items:
            return [None, "", *screen_updates(error_screen(nothing_due(history.next_due(), now))), *hidden]
        quiz = QuizSession(assistant.review, tuple(items))
        intro = f'<div class="rq-where">Review: {len(items)} item{"s" if len(items) != 1 else ""} due now</div>'
        return [quiz, intro, *screen_updates(quiz_screen(quiz)), *hidden]

    outputs = [panel.session, panel.intro, *panel.screen, panel.schedule, panel.ratings, panel.answer_id]
    panel.due.click(begin_due, None, outputs, **QUIET)


def _wire_anki(assistant: Assistant, panel: Any) -> None:
    """Anki deck: every item of the chosen section and type, downloaded by the browser."""

    def make_deck(section, quiz_type):
        review = assistant.review
        chosen = None if section in (None, "", ALL_SECTIONS) else section
        types = TYPES if quiz_type in (None, "mixed") else (quiz_type,)
        try:
            items = bank_items(review, chosen, types)
        except ReviewqaError as exc:
            return f'<div class="rq-notice">{esc(str(exc))}</div>'
        if not items:
            return '<div class="rq-notice">No quiz items of this kind in this section.</div>'
        return anki_download(deck_bytes(items, review, clock.utc_now()), len(items))

    made = panel.anki.click(make_deck, [panel.section, panel.quiz_type], panel.deck, **PRIVATE)  # a while: shown
    made.then(None, None, None, js=_CLICK_DOWNLOAD, **QUIET)
