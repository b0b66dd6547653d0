"""The Quiz tab: `reviewqa quiz` in the page, one QuizSession per browser session; every answer is recorded in
the study memory and scheduled (`tabs.study`: rating, Review due, progress, Anki deck)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import gradio as gr

from reviewqa.errors import QuizError
from reviewqa.search.assistant import Assistant
from reviewqa.ui.quiz_view import (
    ALL_SECTIONS,
    MAX_QUESTIONS,
    TYPE_CHOICES,
    QuizScreen,
    error_screen,
    intro_html,
    parse_seed,
    quiz_screen,
    quiz_sections,
    retry_session,
    start_quiz,
)
from reviewqa.ui.study_view import RATINGS, due_label
from reviewqa.ui.tabs import QUIET, Shared
from reviewqa.ui.tabs.study import record_answer, wire_study

OPTION_BUTTONS = 4
# A quiz session is changed in place: answers are taken one at a time (each takes microseconds), so a
# double click cannot interleave two answers on one session.
_QUIZ_LOCK = threading.Lock()


@dataclass(frozen=True)
class QuizPanel:
    """The tab's components (`screen` lists the outputs `shown` fills, in its order)."""

    session: Any
    section: Any
    quiz_type: Any
    n: Any
    seed: Any
    start: Any
    due: Any
    anki: Any
    deck: Any
    intro: Any
    screen: list[Any]
    typed: Any
    submit: Any
    skip: Any
    options: list[Any]
    retry: Any
    schedule: Any
    ratings: Any
    rate_buttons: list[Any]
    answer_id: Any


def shown(screen: QuizScreen) -> list:
    """The updates of [feedback, question, choices row, typing row, typed box, skip, retry, *option buttons]."""
    buttons = [gr.update(value=label, visible=True) for label in screen.option_labels]
    buttons += [gr.update(visible=False)] * (OPTION_BUTTONS - len(buttons))
    asking = bool(screen.options) or screen.typed
    retry = gr.update(visible=screen.missed > 0, value=f"Retry missed ({screen.missed})")
    return [
        screen.feedback_html,
        screen.question_html,
        gr.update(visible=bool(screen.options)),
        gr.update(visible=screen.typed),
        "",
        gr.update(visible=asking),
        retry,
        *buttons,
    ]


def _layout(assistant: Assistant) -> QuizPanel:
    session = gr.State(None)  # a reviewqa.quiz.session.QuizSession
    with gr.Row(equal_height=True):
        section = gr.Dropdown(quiz_sections(assistant.sections), value=ALL_SECTIONS, label="Section", scale=3)
        quiz_type = gr.Radio(list(TYPE_CHOICES), value="mixed", label="Questions", scale=3)
        n = gr.Slider(1, MAX_QUESTIONS, value=10, step=1, label="How many", elem_id="rq-quiz-n", scale=2)
        seed = gr.Textbox(label="Seed (optional)", placeholder="random", max_lines=1, elem_id="rq-quiz-seed", scale=1)
        with gr.Column(scale=1, min_width=120):
            start = gr.Button("Start", variant="primary", elem_id="rq-quiz-start", min_width=80)
            due = gr.Button(due_label(0), elem_id="rq-quiz-due", min_width=80, size="sm")
            anki = gr.Button("Anki deck", elem_id="rq-quiz-anki", min_width=80, size="sm")
    deck = gr.HTML(elem_id="rq-quiz-deck")
    intro = gr.HTML(elem_id="rq-quiz-intro")
    # The question and its options on the left, the feedback on the last answer beside them: the feedback does not
    # push option D below the window (1366×900). On a phone the feedback comes first (app.css).
    with gr.Row(elem_id="rq-quiz-board"):
        with gr.Column(scale=3, min_width=300, elem_id="rq-quiz-main"):
            question = gr.HTML('<div class="rq-where">Choose and press Start.</div>', elem_id="rq-quiz-question")
            with gr.Row(visible=False, elem_id="rq-quiz-options") as choices:
                options = [gr.Button(elem_classes="rq-option") for _ in range(OPTION_BUTTONS)]
            with gr.Row(visible=False) as typing:
                typed = gr.Textbox(show_label=False, placeholder="the missing term", elem_id="rq-quiz-answer", scale=5)
                submit = gr.Button("Answer", variant="primary", elem_id="rq-quiz-submit", scale=1, min_width=80)
            with gr.Row(elem_id="rq-quiz-after"):
                skip = gr.Button("Skip", size="sm", visible=False, elem_id="rq-quiz-skip", scale=0, min_width=72)
                retry = gr.Button("Retry missed", visible=False, elem_id="rq-quiz-retry", scale=0, min_width=160)
        with gr.Column(scale=2, min_width=300, elem_id="rq-quiz-side"):
            feedback = gr.HTML(elem_id="rq-quiz-feedback")
            schedule = gr.HTML(elem_id="rq-quiz-schedule")
            with gr.Row(visible=False, elem_id="rq-quiz-rating") as ratings:
                rate_buttons = [gr.Button(label, size="sm", elem_id=f"rq-rate-{value}") for label, value in RATINGS]
    screen = [feedback, question, choices, typing, typed, skip, retry, *options]
    return QuizPanel(
        session, section, quiz_type, n, seed, start, due, anki, deck, intro, screen, typed, submit, skip, options,
        retry, schedule, ratings, rate_buttons, gr.State(None),
    )  # fmt: skip


def quiz_tab(assistant: Assistant, shared: Shared) -> None:
    """Lay out the Quiz tab and wire its events."""
    panel = _layout(assistant)
    hidden = [gr.update(value=""), gr.update(visible=False), None]  # schedule, rating row, answer id

    def begin(section, quiz_type, n, seed_text):
        try:
            seed_value = parse_seed(seed_text)
            quiz = start_quiz(assistant.review, section, quiz_type, n, seed_value)
        except QuizError as exc:
            return [None, "", *shown(error_screen(f"Cannot make this quiz: {exc}.")), *hidden]
        return [quiz, intro_html(quiz, seed_value), *shown(quiz_screen(quiz)), *hidden]

    def answer(given, quiz, request: gr.Request):
        with _QUIZ_LOCK:
            if quiz is None or quiz.finished:
                screen = quiz_screen(quiz) if quiz else error_screen("Press Start for a new quiz.")
                return [quiz, *shown(screen), *hidden]
            feedback = quiz.answer(given or "")
        return [quiz, *shown(quiz_screen(quiz)), *record_answer(shared, request, feedback)]

    study = [panel.schedule, panel.ratings, panel.answer_id]
    panel.start.click(
        begin,
        [panel.section, panel.quiz_type, panel.n, panel.seed],
        [panel.session, panel.intro, *panel.screen, *study],
        **QUIET,
    )
    outputs = [panel.session, *panel.screen, *study]
    answered = [
        event(answer, [panel.typed, panel.session], outputs, **QUIET)
        for event in (panel.submit.click, panel.typed.submit)
    ]

    def chooser(index: int):
        """The handler of option button `index`: the option itself is recorded, not its 'A. …' label."""

        def choose(quiz, request: gr.Request):
            options = quiz.current.options if quiz is not None and quiz.current is not None else ()
            return answer(options[index] if index < len(options) else "", quiz, request)

        return choose

    answered += [button.click(chooser(i), panel.session, outputs, **QUIET) for i, button in enumerate(panel.options)]

    def skip(quiz, request: gr.Request):
        return answer("", quiz, request)

    answered.append(panel.skip.click(skip, panel.session, outputs, **QUIET))
    _wire_retry(panel, hidden)
    wire_study(assistant, shared, panel, answered, shown)


def _wire_retry(panel: QuizPanel, hidden: list) -> None:
    """Retry missed: a new quiz of the items missed (wrong or skipped) in the one just finished."""

    def again(quiz):
        retried = retry_session(quiz)
        if retried is None:
            screen = quiz_screen(quiz) if quiz else error_screen("Nothing to retry.")
            return [quiz, gr.update(), *shown(screen), *hidden]
        count = len(retried.items)
        intro = f'<div class="rq-where">Again: the {count} question{"s" if count != 1 else ""} you missed</div>'
        return [retried, intro, *shown(quiz_screen(retried)), *hidden]

    outputs = [panel.session, panel.intro, *panel.screen, panel.schedule, panel.ratings, panel.answer_id]
    panel.retry.click(again, panel.session, outputs, **QUIET)
