"""The Ask tab: the chat, its controls and example questions; a card's Collect button adds to the current notebook.
The conversation is kept in the browser as questions only, and answered again on a reload (`ui.conversation`)."""

from __future__ import annotations

import gradio as gr

from reviewqa.chat.turn import Settings, respond
from reviewqa.choices import Mode
from reviewqa.errors import ReviewqaError
from reviewqa.records import Kind
from reviewqa.search.assistant import MAX_HISTORY, MAX_K, Assistant
from reviewqa.ui.cards import KIND_LABELS, esc
from reviewqa.ui.conversation import replay, saved, turn_record
from reviewqa.ui.notebook_view import notebook_status
from reviewqa.ui.replies import render_reply, user_message
from reviewqa.ui.tabs import PRIVATE, Shared
from reviewqa.ui.tabs.notebooks import current_notebook

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
CONVERSATION_KEY = "reviewqa-conversation"


def chat_answer(assistant: Assistant):
    """The handler behind the Ask button: (message, conversation, turns, last question, controls) -> the new state."""

    def answer(message, history, records, asked, k, mode, kinds, sections, request: gr.Request):
        """`asked`: the messages searched so far in this conversation, which the next one is read after."""
        if not (message or "").strip():
            return history, history, records, gr.update(), message, asked
        settings = Settings(k, mode, tuple(kinds or ()), tuple(sections or ()))
        turn = respond(assistant, message, list(asked or ()), settings)
        history = [
            *(history or []),
            {"role": "user", "content": user_message(message)},
            {"role": "assistant", "content": render_reply(turn.reply, assistant.review)},
        ]
        records = [*(records or []), turn_record(message, settings)]
        kept = saved(getattr(request, "username", None), records)
        asked = [*(asked or ()), turn.question][-MAX_HISTORY:] if turn.question else asked
        return history, history, records, kept, "", asked

    return answer


def _chat_box() -> gr.Chatbot:
    """The conversation: our HTML replies (no LaTeX, no feedback or copy buttons of Gradio's own)."""
    return gr.Chatbot(
        elem_id="rq-chat",
        show_label=False,
        height=680,
        latex_delimiters=[],
        feedback_options=None,
        buttons=[],
        placeholder="Ask the review a question, or pick an example below.",
    )


def _only_section(assistant: Assistant):
    """The handler of the strip under an answer: '4|<time>' -> the sections filter set to section 4 and the last
    question back in the box (the next event asks it again)."""

    def only_section(value, asked):
        try:
            section = assistant.filter.resolve_section((value or "").split("|", 1)[0])
        except ReviewqaError:
            return gr.update(), ""
        return [section], (asked or [""])[-1]

    return only_section


def ask_tab(assistant: Assistant, shared: Shared) -> None:
    """Lay out the Ask tab and wire its events."""
    previous = gr.State([])  # the messages searched in this conversation, for follow-ups
    # The conversation stays on the server: sending the chat's HTML back with every message would grow the
    # request past the server's body limit (ui.server) within a few turns. The browser keeps only the questions.
    messages, records = gr.State([]), gr.State([])
    kept = gr.BrowserState(None, storage_key=CONVERSATION_KEY, secret=CONVERSATION_KEY)
    with gr.Row():
        with gr.Column(scale=4):
            chat = _chat_box()
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
            clear = gr.Button("New conversation", size="sm", elem_id="rq-new-conversation")
            status = gr.HTML(notebook_status(None, assistant.review), elem_id="rq-collect-status")
            gr.Markdown(HELP)
            # A card's Collect button (app.js) types the card's chunk id here; the id is checked against the review.
            collect_id = gr.Textbox(elem_id="rq-collect-id", visible="hidden", show_label=False)
            # A section of the strip under an answer (app.js) types its number here: the last question is asked
            # again in that section only.
            strip_pick = gr.Textbox(elem_id="rq-strip-section", visible="hidden", show_label=False)

    answer = chat_answer(assistant)
    inputs = [question, messages, records, previous, k, mode, kinds, sections]
    outputs = [chat, messages, records, kept, question, previous]
    for event in (question.submit, send.click):
        event(answer, inputs, outputs, **PRIVATE)
    for button, text in zip(examples, EXAMPLES, strict=True):
        button.click(lambda t=text: t, None, question, **PRIVATE).then(answer, inputs, outputs, **PRIVATE)
    clear.click(lambda: ([], [], [], None, "", []), None, outputs, **PRIVATE)
    strip_pick.change(_only_section(assistant), [strip_pick, previous], [sections, question], **PRIVATE).then(
        answer, inputs, outputs, **PRIVATE
    )

    def reload(value, request: gr.Request):
        shown, turns, last = replay(assistant, value, getattr(request, "username", None))
        return shown, shown, turns, last

    shared.loads.append((reload, [kept], [chat, messages, records, previous]))
    _wire_collect(assistant, shared, collect_id, status)


def _wire_collect(assistant: Assistant, shared: Shared, collect_id, status) -> None:
    """Collect adds the card's passage to the current notebook; the status line follows every notebook change."""
    review = assistant.review

    def collect(chunk_id, current, revision, session, request: gr.Request):
        books = shared.notebooks(request, session)
        if books is None or not (chunk_id or "").strip():
            return "", revision, gr.update()
        try:
            books.add(current, [chunk_id], review)
        except ReviewqaError as exc:  # not a passage of the review, or the store failed: said, nothing kept
            return "", revision, f'<div class="rq-status">{esc(str(exc))}</div>'
        return "", revision + 1, gr.update()

    collect_id.change(
        collect,
        [collect_id, shared.current, shared.revision, shared.session],
        [collect_id, shared.revision, status],
        trigger_mode="multiple",  # every click counts, even one made before the last was handled
        **PRIVATE,
    )

    def show(current, session, request: gr.Request):
        return notebook_status(current_notebook(shared.notebooks(request, session), current), review)

    shared.revision.change(show, [shared.current, shared.session], status, **PRIVATE)
