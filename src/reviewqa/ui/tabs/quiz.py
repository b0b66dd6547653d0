"""The Quiz tab: `reviewqa quiz` in the page, one QuizSession per browser session."""

from __future__ import annotations

import threading

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
    start_quiz,
)
from reviewqa.ui.tabs import PRIVATE, Shared

OPTION_BUTTONS = 4
# A quiz session is changed in place: answers are taken one at a time (each takes microseconds), so a
# double click cannot interleave two answers on one session.
_QUIZ_LOCK = threading.Lock()


def shown(screen: QuizScreen) -> list:
    """The updates of [feedback, question, choices row, typing row, typed box, skip, *option buttons]."""
    buttons = [gr.update(value=o, visible=True) for o in screen.options]
    buttons += [gr.update(visible=False)] * (OPTION_BUTTONS - len(buttons))
    asking = bool(screen.options) or screen.typed
    return [
        screen.feedback_html,
        screen.question_html,
        gr.update(visible=bool(screen.options)),
        gr.update(visible=screen.typed),
        "",
        gr.update(visible=asking),
        *buttons,
    ]


def quiz_tab(assistant: Assistant, shared: Shared) -> None:
    """Lay out the Quiz tab and wire its events."""
    session = gr.State(None)  # a reviewqa.quiz.session.QuizSession
    with gr.Row(equal_height=True):
        section = gr.Dropdown(quiz_sections(assistant.sections), value=ALL_SECTIONS, label="Section", scale=3)
        quiz_type = gr.Radio(list(TYPE_CHOICES), value="mixed", label="Questions", scale=3)
        n = gr.Slider(1, MAX_QUESTIONS, value=10, step=1, label="How many", elem_id="rq-quiz-n", scale=2)
        seed = gr.Textbox(label="Seed (optional)", placeholder="random", max_lines=1, elem_id="rq-quiz-seed", scale=1)
        start = gr.Button("Start", variant="primary", elem_id="rq-quiz-start", scale=1, min_width=80)
    intro = gr.HTML(elem_id="rq-quiz-intro")
    feedback = gr.HTML(elem_id="rq-quiz-feedback")
    question = gr.HTML('<div class="rq-where">Choose and press Start.</div>', elem_id="rq-quiz-question")
    with gr.Row(visible=False) as choices:
        options = [gr.Button(elem_classes="rq-option") for _ in range(OPTION_BUTTONS)]
    with gr.Row(visible=False) as typing:
        typed = gr.Textbox(show_label=False, placeholder="the missing term", elem_id="rq-quiz-answer", scale=5)
        submit = gr.Button("Answer", variant="primary", elem_id="rq-quiz-submit", scale=1, min_width=80)
    skip = gr.Button("Skip", size="sm", visible=False, elem_id="rq-quiz-skip")

    def begin(section, quiz_type, n, seed_text):
        try:
            seed_value = parse_seed(seed_text)
            quiz = start_quiz(assistant.review, section, quiz_type, n, seed_value)
        except QuizError as exc:
            return [None, "", *shown(error_screen(f"Cannot make this quiz: {exc}."))]
        return [quiz, intro_html(quiz, seed_value), *shown(quiz_screen(quiz))]

    def answer(given, quiz):
        with _QUIZ_LOCK:
            if quiz is None or quiz.finished:
                return [quiz, *shown(quiz_screen(quiz) if quiz else error_screen("Press Start for a new quiz."))]
            quiz.answer(given or "")
            return [quiz, *shown(quiz_screen(quiz))]

    outputs = [feedback, question, choices, typing, typed, skip, *options]
    start.click(begin, [section, quiz_type, n, seed], [session, intro, *outputs], **PRIVATE)
    for event in (submit.click, typed.submit):
        event(answer, [typed, session], [session, *outputs], **PRIVATE)
    for button in options:
        button.click(answer, [button, session], [session, *outputs], **PRIVATE)
    skip.click(lambda quiz: answer("", quiz), session, [session, *outputs], **PRIVATE)
