"""The Ask tab: the chat, its controls and example questions; a card's Collect button adds to the collection."""

from __future__ import annotations

import gradio as gr

from reviewqa.chat.turn import Settings, respond
from reviewqa.choices import Mode
from reviewqa.records import Kind
from reviewqa.search.assistant import MAX_HISTORY, MAX_K, Assistant
from reviewqa.ui.cards import KIND_LABELS
from reviewqa.ui.collection_view import collect, collection_status
from reviewqa.ui.replies import render_reply, user_message
from reviewqa.ui.tabs import PRIVATE, Shared
from reviewqa.writing.collection import Collection

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


def chat_answer(assistant: Assistant):
    """The handler behind the Ask button: (message, conversation, last question, controls) -> the new state."""

    def answer(message, history, asked, k, mode, kinds, sections):
        """`asked`: the messages searched so far in this conversation, which the next one is read after."""
        if not (message or "").strip():
            return history, history, message, asked
        settings = Settings(k, mode, tuple(kinds or ()), tuple(sections or ()))
        turn = respond(assistant, message, list(asked or ()), settings)
        history = [
            *(history or []),
            {"role": "user", "content": user_message(message)},
            {"role": "assistant", "content": render_reply(turn.reply, assistant.review)},
        ]
        asked = [*(asked or ()), turn.question][-MAX_HISTORY:] if turn.question else asked
        return history, history, "", asked

    return answer


def ask_tab(assistant: Assistant, shared: Shared) -> None:
    """Lay out the Ask tab and wire its events."""
    previous = gr.State([])  # the messages searched in this conversation, for follow-ups
    # The conversation stays on the server: sending the chat's HTML back with every message would grow the
    # request past the server's body limit (ui.server) within a few turns.
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
            mode = gr.Radio([m.value for m in Mode], value=Mode.HYBRID.value, label="Mode")
            kinds = gr.CheckboxGroup(KIND_CHOICES, label="Only these kinds", elem_id="rq-kinds")
            sections = gr.Dropdown(list(assistant.sections), multiselect=True, label="Only these sections")
            clear = gr.Button("New conversation", size="sm")
            status = gr.HTML(collection_status(Collection(), assistant.review), elem_id="rq-collect-status")
            gr.Markdown(HELP)
            # A card's Collect button (app.js) types the card's chunk id here; the id is checked against the review.
            collect_id = gr.Textbox(elem_id="rq-collect-id", visible="hidden", show_label=False)

    answer = chat_answer(assistant)
    inputs = [question, messages, previous, k, mode, kinds, sections]
    outputs = [chat, messages, question, previous]
    for event in (question.submit, send.click):
        event(answer, inputs, outputs, **PRIVATE)
    for button, text in zip(examples, EXAMPLES, strict=True):
        button.click(lambda t=text: t, None, question, **PRIVATE).then(answer, inputs, outputs, **PRIVATE)
    clear.click(lambda: ([], [], "", []), None, outputs, **PRIVATE)
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
