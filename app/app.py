"""The Gradio chat app: `build_demo(assistant)` wires the library to the page; run `python app/app.py` or
`reviewqa serve`. Answers, cards and lookups come from reviewqa.chat / reviewqa.replies; nothing here decides them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: no telemetry, no version check

import gradio as gr  # noqa: E402

from reviewqa.assistant import MAX_K, MODES, Assistant  # noqa: E402
from reviewqa.chat import Settings, ask_endpoint, respond  # noqa: E402
from reviewqa.datatypes import Kind  # noqa: E402
from reviewqa.render import KIND_LABELS  # noqa: E402
from reviewqa.replies import glossary_table, user_message  # noqa: E402

HERE = Path(__file__).resolve().parent
# A class of 30 at once (README, "Reliability and safety"): a search is ~15 ms of CPU and the shared Assistant is
# thread-safe, so one search per core (2 to 4) runs side by side; more only contend for the cores. Up to
# QUEUE_SIZE requests wait their turn; beyond that Gradio refuses with "queue is full" instead of piling up.
CONCURRENCY_LIMIT = min(4, max(2, os.cpu_count() or 2))
QUEUE_SIZE = 256
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


def chat_tab(assistant: Assistant) -> None:
    """The Ask tab: chat, controls, example questions."""
    previous = gr.State(None)  # the last question searched, for follow-ups
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
            gr.Markdown(HELP)

    def answer(message, history, last, k, mode, kinds, sections):
        if not (message or "").strip():
            return history, message, last
        turn = respond(assistant, message, last, Settings(int(k), mode, tuple(kinds or ()), tuple(sections or ())))
        history = [
            *(history or []),
            {"role": "user", "content": user_message(message)},
            {"role": "assistant", "content": turn.html},
        ]
        return history, "", turn.question or last

    inputs = [question, chat, previous, k, mode, kinds, sections]
    outputs = [chat, question, previous]
    for event in (question.submit, send.click):
        event(answer, inputs, outputs, api_visibility="private")
    for button, text in zip(examples, EXAMPLES, strict=True):
        button.click(lambda t=text: t, None, question, api_visibility="private").then(
            answer, inputs, outputs, api_visibility="private"
        )
    clear.click(lambda: ([], "", None), None, outputs, api_visibility="private")


def glossary_tab(assistant: Assistant) -> None:
    """The Glossary tab: every abbreviation the review defines."""
    gr.Markdown(f"{len(assistant.review.glossary)} abbreviations, as the review spells them out.")
    gr.HTML(glossary_table(assistant.review.glossary.entries))


def api_endpoints(assistant: Assistant) -> None:
    """`/ask`: the same JSON as `reviewqa ask --json`."""
    gr.api(ask_endpoint(assistant), api_name="ask")


# Each tab is one function taking the assistant; later tabs (quiz, collected passages) are added here.
TABS = (("Ask", chat_tab), ("Glossary", glossary_tab))


def build_demo(assistant: Assistant) -> gr.Blocks:
    """The whole app for one loaded assistant."""
    with gr.Blocks(title="reviewqa · lung cancer TME review", analytics_enabled=False) as demo:
        gr.Markdown(
            "## Ask the review\n*The tumor microenvironment in lung cancer* (Liu et al., Int J Oncol 2025): "
            "answers are the review's own passages, ranked, with the references they cite."
        )
        with gr.Tabs():
            for label, make_tab in TABS:
                with gr.Tab(label):
                    make_tab(assistant)
        api_endpoints(assistant)
    demo.queue(default_concurrency_limit=CONCURRENCY_LIMIT, max_size=QUEUE_SIZE)
    return demo


def launch(demo: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, block: bool = True, quiet: bool = False):
    """Serve `demo` locally: no share link, no telemetry, no server-side rendering, our CSS and click script."""
    return demo.launch(
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
