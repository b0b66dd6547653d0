"""The Gradio chat app: `build_demo(assistant)` wires the library to the page; run `python app/app.py` or
`reviewqa serve`. Answers, cards and lookups come from reviewqa.chat / reviewqa.replies; nothing here decides them."""

from __future__ import annotations

import atexit
import inspect
import os
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: no telemetry, no version check

import gradio as gr  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from reviewqa.assistant import MAX_K, MODES, Assistant  # noqa: E402
from reviewqa.chat import Settings, ask_endpoint, respond  # noqa: E402
from reviewqa.collection import Collection  # noqa: E402
from reviewqa.collection_view import (  # noqa: E402
    collect,
    collection_html,
    collection_status,
    downloads_html,
    uncollect,
)
from reviewqa.datatypes import Kind  # noqa: E402
from reviewqa.quiz import QuizError  # noqa: E402
from reviewqa.quiz_view import (  # noqa: E402
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
from reviewqa.render import KIND_LABELS  # noqa: E402
from reviewqa.replies import glossary_table, user_message  # noqa: E402
from reviewqa.web_guard import MAX_BODY_BYTES, RequestGuard  # noqa: E402

HERE = Path(__file__).resolve().parent
# A class of 30 at once (README, "Reliability and safety"): a search is ~15 ms of CPU and the shared Assistant is
# thread-safe, so one search per core (2 to 4) runs side by side; more only contend for the cores. Up to
# QUEUE_SIZE requests wait their turn; beyond that Gradio refuses with "queue is full" instead of piling up.
CONCURRENCY_LIMIT = min(4, max(2, os.cpu_count() or 2))
QUEUE_SIZE = 256
CACHE_SECONDS = 3600
EXAMPLES = (
    "What drives EGFR-TKI resistance?",
    "How do CAFs block drug delivery?",
    "Which trials combined ICIs with anti-angiogenic therapy?",
)
KIND_CHOICES = [(KIND_LABELS[k], k.value) for k in Kind]
HELP = (
    "Ask in your own words; a short follow-up (*and for immunotherapy?*, *what about CAFs?*) is read with the "
    "previous question. Type **ref 66** or **[66]** for a reference and the passages citing it, "
    "**define CAFs** for an abbreviation."
)

PRIVATE = {"api_visibility": "private"}  # internal events: not part of the public API (only /ask is)
# A quiz session is changed in place: answers are taken one at a time (each takes microseconds), so a
# double click cannot interleave two answers on one session.
_QUIZ_LOCK = threading.Lock()


@dataclass(frozen=True)
class Shared:
    """Per-browser-session state that more than one tab reads or writes."""

    collection: gr.State  # a reviewqa.collection.Collection


def chat_tab(assistant: Assistant, shared: Shared) -> None:
    """The Ask tab: chat, controls, example questions; a card's Collect button adds it to the collection."""
    previous = gr.State(None)  # the last question searched, for follow-ups
    # The conversation stays on the server: sending the chat's HTML back with every message would grow the
    # request past the server's body limit (web_guard) within a few turns.
    messages = gr.State([])
    with gr.Row():
        with gr.Column(scale=4):
            chat = gr.Chatbot(
                elem_id="rq-chat",
                show_label=False,
                height=680,
                latex_delimiters=[],
                feedback_options=None,
                buttons=[],
                placeholder="Ask the review a question, or pick an example below.",
            )
            with gr.Row():
                question = gr.Textbox(
                    elem_id="rq-question",
                    show_label=False,
                    placeholder="e.g. What drives EGFR-TKI resistance?",
                    scale=5,
                    autofocus=True,
                    max_lines=4,
                )
                send = gr.Button("Ask", variant="primary", elem_id="rq-send", scale=1, min_width=80)
            with gr.Row():
                examples = [gr.Button(text, size="sm", elem_classes="rq-example") for text in EXAMPLES]
        with gr.Column(scale=1, min_width=240):
            k = gr.Slider(1, min(20, MAX_K), value=5, step=1, label="Passages")
            mode = gr.Radio(list(MODES), value="hybrid", label="Mode")
            kinds = gr.CheckboxGroup(KIND_CHOICES, label="Only these kinds", elem_id="rq-kinds")
            sections = gr.Dropdown(list(assistant.sections), multiselect=True, label="Only these sections")
            clear = gr.Button("New conversation", size="sm")
            status = gr.HTML(collection_status(Collection(), assistant.review), elem_id="rq-collect-status")
            gr.Markdown(HELP)
            # A card's Collect button (app.js) types the card's chunk id here; the id is checked against the review.
            collect_id = gr.Textbox(elem_id="rq-collect-id", visible="hidden", show_label=False)

    def answer(message, history, last, k, mode, kinds, sections):
        if not (message or "").strip():
            return history, history, message, last
        turn = respond(assistant, message, last, Settings(k, mode, tuple(kinds or ()), tuple(sections or ())))
        history = [
            *(history or []),
            {"role": "user", "content": user_message(message)},
            {"role": "assistant", "content": turn.html},
        ]
        return history, history, "", turn.question or last

    inputs = [question, messages, previous, k, mode, kinds, sections]
    outputs = [chat, messages, question, previous]
    for event in (question.submit, send.click):
        event(answer, inputs, outputs, api_visibility="private")
    for button, text in zip(examples, EXAMPLES, strict=True):
        button.click(lambda t=text: t, None, question, api_visibility="private").then(
            answer, inputs, outputs, api_visibility="private"
        )
    clear.click(lambda: ([], [], "", None), None, outputs, api_visibility="private")
    collect_id.change(
        lambda chunk_id, collection: (collect(collection, chunk_id, assistant.review), ""),
        [collect_id, shared.collection],
        [shared.collection, collect_id],
        trigger_mode="multiple",  # every click counts, even one made before the last was handled
        **PRIVATE,
    )
    shared.collection.change(
        lambda collection: collection_status(collection, assistant.review), shared.collection, status, **PRIVATE
    )


def quiz_tab(assistant: Assistant, shared: Shared) -> None:
    """The Quiz tab: `reviewqa quiz` in the page, one QuizSession per browser session."""
    session = gr.State(None)  # a reviewqa.quiz_session.QuizSession
    with gr.Row(equal_height=True):
        section = gr.Dropdown(quiz_sections(assistant.sections), value=ALL_SECTIONS, label="Section", scale=3)
        quiz_type = gr.Radio([list(c) for c in TYPE_CHOICES], value="mixed", label="Questions", scale=3)
        n = gr.Slider(1, MAX_QUESTIONS, value=10, step=1, label="How many", elem_id="rq-quiz-n", scale=2)
        seed = gr.Textbox(label="Seed (optional)", placeholder="random", max_lines=1, elem_id="rq-quiz-seed", scale=1)
        start = gr.Button("Start", variant="primary", elem_id="rq-quiz-start", scale=1, min_width=80)
    intro = gr.HTML(elem_id="rq-quiz-intro")
    feedback = gr.HTML(elem_id="rq-quiz-feedback")
    question = gr.HTML('<div class="rq-where">Choose and press Start.</div>', elem_id="rq-quiz-question")
    with gr.Row(visible=False) as choices:
        options = [gr.Button(elem_classes="rq-option") for _ in range(4)]
    with gr.Row(visible=False) as typing:
        typed = gr.Textbox(show_label=False, placeholder="the missing term", elem_id="rq-quiz-answer", scale=5)
        submit = gr.Button("Answer", variant="primary", elem_id="rq-quiz-submit", scale=1, min_width=80)
    skip = gr.Button("Skip", size="sm", visible=False, elem_id="rq-quiz-skip")

    def show(screen: QuizScreen) -> list:
        buttons = [gr.update(value=o, visible=True) for o in screen.options]
        buttons += [gr.update(visible=False)] * (len(options) - len(buttons))
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

    def begin(section, quiz_type, n, seed_text):
        try:
            seed_value = parse_seed(seed_text)
            quiz = start_quiz(assistant.review, section, quiz_type, n, seed_value)
        except QuizError as exc:
            return [None, "", *show(error_screen(f"Cannot make this quiz: {exc}."))]
        return [quiz, intro_html(quiz, seed_value), *show(quiz_screen(quiz))]

    def answer(given, quiz):
        with _QUIZ_LOCK:
            if quiz is None or quiz.finished:
                return [quiz, *show(quiz_screen(quiz) if quiz else error_screen("Press Start for a new quiz."))]
            quiz.answer(given or "")
            return [quiz, *show(quiz_screen(quiz))]

    shown = [feedback, question, choices, typing, typed, skip, *options]
    start.click(begin, [section, quiz_type, n, seed], [session, intro, *shown], **PRIVATE)
    for event in (submit.click, typed.submit):
        event(answer, [typed, session], [session, *shown], **PRIVATE)
    for button in options:
        button.click(answer, [button, session], [session, *shown], **PRIVATE)
    skip.click(lambda quiz: answer("", quiz), session, [session, *shown], **PRIVATE)


def collection_tab(assistant: Assistant, shared: Shared) -> None:
    """The Collection tab: the passages collected this session, each removable, and the three downloads."""
    review = assistant.review
    listing = gr.HTML(collection_html(Collection(), review), elem_id="rq-collection")
    with gr.Row():
        downloads = gr.HTML("", elem_id="rq-downloads")
        clear = gr.Button("Remove all", size="sm", visible=False, elem_id="rq-collection-clear")
    # A card's Remove button (app.js) types the card's chunk id here.
    remove_id = gr.Textbox(elem_id="rq-uncollect-id", visible="hidden", show_label=False)

    def refresh(collection):
        html = collection_html(collection, review)
        return [html, downloads_html(collection, review), gr.update(visible=bool(collection))]

    shared.collection.change(refresh, shared.collection, [listing, downloads, clear], **PRIVATE)
    remove_id.change(
        lambda chunk_id, collection: (uncollect(collection, chunk_id), ""),
        [remove_id, shared.collection],
        [shared.collection, remove_id],
        trigger_mode="multiple",
        **PRIVATE,
    )
    clear.click(lambda: Collection(), None, shared.collection, **PRIVATE)


def glossary_tab(assistant: Assistant, shared: Shared) -> None:
    """The Glossary tab: every abbreviation the review defines."""
    gr.Markdown(f"{len(assistant.review.glossary)} abbreviations, as the review spells them out.")
    gr.HTML(glossary_table(assistant.review.glossary.entries))


def api_endpoints(assistant: Assistant) -> None:
    """`/ask`: the same JSON as `reviewqa ask --json`."""
    gr.api(ask_endpoint(assistant), api_name="ask")


# Each tab is one function taking the assistant and the per-session state the tabs share.
TABS = (("Ask", chat_tab), ("Quiz", quiz_tab), ("Collection", collection_tab), ("Glossary", glossary_tab))


def build_demo(assistant: Assistant) -> gr.Blocks:
    """The whole app for one loaded assistant."""
    # Gradio's own temporary files (the app writes none) are deleted an hour after they were made.
    with gr.Blocks(
        title="reviewqa · lung cancer TME review", analytics_enabled=False, delete_cache=(CACHE_SECONDS, CACHE_SECONDS)
    ) as demo:
        gr.Markdown(
            "## Ask the review\n*The tumor microenvironment in lung cancer* (Liu et al., Int J Oncol 2025): "
            "answers are the review's own passages, ranked, with the references they cite."
        )
        shared = Shared(collection=gr.State(Collection()))
        with gr.Tabs():
            for label, make_tab in TABS:
                with gr.Tab(label, elem_id=f"rq-tab-{label.lower()}"):
                    make_tab(assistant, shared)
        api_endpoints(assistant)
    demo.queue(default_concurrency_limit=CONCURRENCY_LIMIT, max_size=QUEUE_SIZE)
    return demo


def private_temporary_folder() -> str:
    """Gradio's cache in a folder of this process's own (0700), removed at exit, not the shared system one."""
    if not os.environ.get("GRADIO_TEMP_DIR"):
        folder = tempfile.mkdtemp(prefix="reviewqa-gradio-")
        atexit.register(shutil.rmtree, folder, True)
        os.environ["GRADIO_TEMP_DIR"] = folder
    return os.environ["GRADIO_TEMP_DIR"]


def api_defaults(function) -> list:
    """The defaults of an API function's parameters after the question, for raw HTTP callers that leave them out."""
    return [p.default for p in list(inspect.signature(function).parameters.values())[1:]]


def launch(demo: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, block: bool = True, quiet: bool = False):
    """Serve `demo` locally: no share link, no telemetry, no server-side rendering, our CSS and click script;
    request bodies bounded, no uploads, /ask's defaults applied to raw calls (reviewqa.web_guard)."""
    private_temporary_folder()
    guard = Middleware(RequestGuard, defaults={"ask": api_defaults(ask_endpoint(None))})  # only its signature
    return demo.launch(
        app_kwargs={"middleware": [guard]},
        max_file_size=MAX_BODY_BYTES,
        server_name=host,
        server_port=port,
        share=False,
        ssr_mode=False,
        mcp_server=False,
        footer_links=["api"],
        prevent_thread_lock=not block,
        quiet=quiet,
        css_paths=[HERE / "app.css"],
        js=(HERE / "app.js").read_text(encoding="utf-8"),
    )


def main(host: str = "127.0.0.1", port: int = 7860, index_dir: str | None = None) -> int:
    """Load (or build) the index, then serve until interrupted."""
    demo = build_demo(Assistant.load(index_dir))
    launch(demo, host, port)
    return 0


if __name__ == "__main__":
    from reviewqa.cli import main as cli_main

    sys.exit(cli_main(["serve", *sys.argv[1:]]))
