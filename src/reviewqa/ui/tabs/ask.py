"""The Ask tab: the chat, its controls and example questions; a card's Collect button adds to the current notebook.
A question shows at once with a 'searching…' line, which its answer then replaces. The conversation is kept in the
browser as questions only, and answered again on a reload (`ui.conversation`)."""

from __future__ import annotations

import gradio as gr

from reviewqa.chat.turn import Settings, respond
from reviewqa.choices import Mode
from reviewqa.errors import ReviewqaError
from reviewqa.records import Kind
from reviewqa.search.assistant import MAX_K, Assistant
from reviewqa.ui.cards import KIND_FILTER_LABELS, SECTION_LABELS, esc
from reviewqa.ui.conversation import replay, saved, turn_record
from reviewqa.ui.notebook_view import collected_ids, notebook_status
from reviewqa.ui.replies import render_reply, searching_reply, user_message
from reviewqa.ui.tabs import PRIVATE, QUIET, Shared
from reviewqa.ui.tabs.notebooks import current_notebook

EXAMPLES = (
    "What drives EGFR-TKI resistance?",
    "How do CAFs block drug delivery?",
    "Which trials combined ICIs with anti-angiogenic therapy?",
)
KIND_CHOICES = [(KIND_FILTER_LABELS[k], k.value) for k in Kind]
MODE_CHOICES = [
    ("meaning + keywords (recommended)", Mode.HYBRID.value),
    ("meaning only", Mode.DENSE.value),
    ("keywords only", Mode.BM25.value),
]
HELP = (
    "Ask in your own words; a short follow-up (*and for immunotherapy?*, *what about CAFs?*) is read with the "
    "previous question. Type **ref 66** or **[66]** for a reference and the passages citing it, "
    "**define CAFs** for an abbreviation."
)
CONVERSATION_KEY = "reviewqa-conversation"
READY = "() => { document.body.dataset.rqConversation = 'ready'; }"


def chat_answer(assistant: Assistant):
    """The handler behind the Ask button: (message, conversation, turns, last question, controls) -> the new state."""

    def answer(message, history, records, asked, k, mode, kinds, sections, request: gr.Request):
        """`asked`: the turns searched so far in this conversation (each question with the passages its answer came
        from), which the next one is read after."""
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
        asked = turn.after(asked)
        return history, history, records, kept, "", asked

    return answer


def _only_section(assistant: Assistant):
    """The handler of the strip under an answer: '4|<time>' -> the sections filter set to section 4 and the last
    question back in the box (the next event asks it again)."""

    def only_section(value, asked):
        try:
            section = assistant.filter.resolve_section((value or "").split("|", 1)[0])
        except ReviewqaError:
            return gr.update(), ""
        return [section], asked[-1].question if asked else ""

    return only_section


def show_question(message, history):
    """The first step of a question: the user's words and a 'searching…' line in the chat at once, the box emptied;
    the answer replaces the line (`chat_answer`). An empty box changes nothing."""
    if not (message or "").strip():
        return gr.update(), gr.update(), ""
    shown = [
        *(history or []),
        {"role": "user", "content": user_message(message)},
        {"role": "assistant", "content": searching_reply()},
    ]
    return shown, "", message


def ask_tab(assistant: Assistant, shared: Shared) -> None:
    """Lay out the Ask tab and wire its events."""
    previous = gr.State([])  # the messages searched in this conversation, for follow-ups
    # The conversation stays on the server: sending the chat's HTML back with every message would grow the
    # request past the server's body limit (ui.server) within a few turns. The browser keeps only the questions.
    messages, records, pending = gr.State([]), gr.State([]), gr.State("")
    kept = gr.BrowserState(None, storage_key=CONVERSATION_KEY, secret=CONVERSATION_KEY)
    with gr.Row(elem_id="rq-ask-row"):
        with gr.Column(scale=4, elem_id="rq-chat-column"):
            chat, question, send, examples = _conversation()
        with gr.Column(scale=1, min_width=240, elem_id="rq-side"):
            k, mode, kinds, sections = _options(assistant)
            clear = gr.Button("New conversation", size="sm", elem_id="rq-new-conversation")
            status = gr.HTML(notebook_status(None, assistant.review), elem_id="rq-collect-status")
            gr.Markdown(HELP, elem_id="rq-help")
            # A card's Collect button (app.js) types the card's chunk id here; the id is checked against the review.
            collect_id = gr.Textbox(elem_id="rq-collect-id", visible="hidden", show_label=False)
            # A section of the strip under an answer (app.js) types its number here: the last question is asked
            # again in that section only.
            strip_pick = gr.Textbox(elem_id="rq-strip-section", visible="hidden", show_label=False)

    answer = chat_answer(assistant)

    def reply(message, history, turns, asked, k, mode, kinds, sections, request: gr.Request):
        """The second step: the answer in place of the 'searching…' line (the box is left as the user has it)."""
        shown, history, turns, saved_turns, _, asked = answer(
            message, history, turns, asked, k, mode, kinds, sections, request
        )
        return shown, history, turns, saved_turns, asked

    inputs = [pending, messages, records, previous, k, mode, kinds, sections]
    outputs = [chat, messages, records, kept, previous]
    for event in (question.submit, send.click):
        event(show_question, [question, messages], [chat, question, pending], queue=False, **QUIET).then(
            reply, inputs, outputs, **QUIET
        )
    for button, text in zip(examples, EXAMPLES, strict=True):
        button.click(
            lambda history, t=text: show_question(t, history), messages, [chat, question, pending], queue=False, **QUIET
        ).then(reply, inputs, outputs, **QUIET)
    clear.click(
        lambda: ([], [], [], None, "", []), None, [chat, messages, records, kept, question, previous], **PRIVATE
    )
    strip_pick.change(_only_section(assistant), [strip_pick, previous], [sections, question], **PRIVATE).then(
        show_question, [question, messages], [chat, question, pending], queue=False, **QUIET
    ).then(reply, inputs, outputs, **QUIET)

    _wire_replay(assistant, shared, kept, [chat, messages, records, previous, pending])
    _wire_collect(assistant, shared, collect_id, status)


def _wire_replay(assistant: Assistant, shared: Shared, kept, conversation: list) -> None:
    """On a (re)load the kept questions are answered again; the replay is shown unless a question was asked before
    it came back (then that conversation stays). The page is marked `data-rq-conversation="ready"` after."""
    chat, messages, records, previous, pending = conversation
    replayed = gr.State(None)

    def reload(value, request: gr.Request):
        shown, turns, last = replay(assistant, value, getattr(request, "username", None))
        return {"shown": shown, "turns": turns, "last": last}

    def adopt(found, history, turns, asked, waiting):
        if not found or history or waiting:
            return gr.update(), gr.update(), gr.update(), gr.update()
        return found["shown"], found["shown"], found["turns"], found["last"]

    shared.loads.append((reload, [kept], [replayed]))
    adopted = replayed.change(adopt, [replayed, messages, records, previous, pending], conversation[:4], **PRIVATE)
    adopted.then(None, None, None, js=READY, **PRIVATE)


def _conversation():
    """The chat (one page scroll: it grows with the conversation, no box of its own), the question box, examples."""
    chat = gr.Chatbot(
        elem_id="rq-chat",
        show_label=False,
        height="auto",
        autoscroll=False,  # app.js scrolls to the top of each new reply instead of the bottom of the chat
        latex_delimiters=[],
        feedback_options=None,
        buttons=[],
        placeholder="Ask the review a question, or pick an example below.",
    )
    with gr.Group(elem_id="rq-composer"), gr.Row(equal_height=True):
        question = gr.Textbox(
            elem_id="rq-question",
            show_label=False,
            placeholder="e.g. What drives EGFR-TKI resistance?",
            scale=5,
            autofocus=True,
            max_lines=4,
        )
        send = gr.Button("Ask", variant="primary", elem_id="rq-send", scale=1, min_width=80)
    with gr.Row(elem_id="rq-examples"):
        examples = [gr.Button(text, size="sm", elem_classes="rq-example") for text in EXAMPLES]
    return chat, question, send, examples


def _options(assistant: Assistant):
    """How many passages, and under Advanced how to search and what to search in, in plain words. On a phone the
    whole panel starts folded (app.js), so the chat comes first."""
    with gr.Accordion("Options", open=True, elem_id="rq-options"):
        k = gr.Slider(1, min(20, MAX_K), value=5, step=1, label="Passages shown", elem_id="rq-k")
        with gr.Accordion("Advanced", open=False, elem_id="rq-advanced"):
            mode = gr.Radio(MODE_CHOICES, value=Mode.HYBRID.value, label="Search by", elem_id="rq-mode")
            kinds = gr.CheckboxGroup(KIND_CHOICES, label="Only these kinds", elem_id="rq-kinds")
            sections = gr.Dropdown(
                [(SECTION_LABELS.get(s, s), s) for s in assistant.sections],
                multiselect=True,
                label="Only these sections",
                elem_id="rq-sections",
            )
    return k, mode, kinds, sections


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
        notebook = current_notebook(shared.notebooks(request, session), current)
        return notebook_status(notebook, review) + collected_ids(notebook)

    shared.revision.change(show, [shared.current, shared.session], status, **QUIET)
