"""The Notebooks tab: pick or create a notebook; its passages as cards (note, move, remove) and the downloads.

The notebooks live in the study store (they survive reloads and restarts), one user's each; when the memory is
off, in this browser session only, and the tab says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from reviewqa.errors import ReviewqaError
from reviewqa.memory.notebooks import DEFAULT_NOTEBOOK, MAX_NOTE_CHARS, Notebook, Notebooks
from reviewqa.search.assistant import Assistant
from reviewqa.ui.notebook_view import downloads_html, note_label, notebook_html, notice_html
from reviewqa.ui.tabs import PRIVATE, Shared

HELP = (
    "**Collect** under a passage in the Ask tab adds it to the notebook chosen here. Notebooks are kept on this "
    "computer between visits; each passage can carry a note of your own, which notes.md includes."
)


def current_notebook(books: Notebooks | None, name: str) -> Notebook | None:
    """The notebook named `name`, or None when it does not exist (yet)."""
    if books is None:
        return None
    try:
        return books.get(name)
    except ReviewqaError:
        return None


@dataclass(frozen=True)
class Panel:
    """The tab's components."""

    notice: Any
    picker: Any
    name: Any
    create: Any
    rename: Any
    delete: Any
    editor: Any
    about: Any
    note: Any
    save: Any
    cancel: Any
    listing: Any
    downloads: Any
    editing: Any  # gr.State: the chunk id whose note is being edited
    action: Any  # hidden box: a card's buttons (app.js) type "remove:ID", "up:ID", "down:ID" or "note:ID" here


def notebooks_tab(assistant: Assistant, shared: Shared) -> None:
    """Lay out the Notebooks tab and wire its events."""
    panel = _layout(assistant.review, shared)
    _wire_listing(panel, shared, assistant.review)
    _wire_names(panel, shared)
    _wire_cards(panel, shared, assistant.review)


def _layout(review, shared: Shared) -> Panel:
    notice = gr.HTML(notice_html(shared.memory.off_reason), elem_id="rq-notebook-notice")
    with gr.Row(equal_height=True):
        picker = gr.Dropdown(
            [DEFAULT_NOTEBOOK], value=DEFAULT_NOTEBOOK, label="Notebook", scale=3, elem_id="rq-notebook-pick"
        )
        name = gr.Textbox(
            label="Name", placeholder="a new name", max_lines=1, max_length=80, scale=3, elem_id="rq-notebook-name"
        )
        create = gr.Button("New notebook", size="sm", scale=1, elem_id="rq-notebook-create")
        rename = gr.Button("Rename", size="sm", scale=1, elem_id="rq-notebook-rename")
        delete = gr.Button("Delete", size="sm", scale=1, variant="stop", elem_id="rq-notebook-delete")
    gr.Markdown(HELP)
    with gr.Group(visible=False, elem_classes="rq-note-editor") as editor:
        about = gr.HTML()
        note = gr.Textbox(show_label=False, lines=3, max_length=MAX_NOTE_CHARS, elem_id="rq-note-text")
        with gr.Row():
            save = gr.Button("Save note", variant="primary", size="sm", elem_id="rq-note-save")
            cancel = gr.Button("Cancel", size="sm")
    listing = gr.HTML(notebook_html(None, review), elem_id="rq-collection")
    downloads = gr.HTML("", elem_id="rq-downloads")
    action = gr.Textbox(elem_id="rq-notebook-action", visible="hidden", show_label=False)
    return Panel(
        notice,
        picker,
        name,
        create,
        rename,
        delete,
        editor,
        about,
        note,
        save,
        cancel,
        listing,
        downloads,
        gr.State(""),
        action,
    )


def _attempt(shared: Shared, operation, current, revision, session, request):
    """Run `operation(books, current)` -> the new current name (or None): (current, revision, notice)."""
    books = shared.notebooks(request, session)
    if books is None:
        return current, revision, notice_html("Notebooks are off.")
    try:
        current = operation(books, current) or current
    except ReviewqaError as exc:
        return current, revision, notice_html(str(exc))
    return current, revision + 1, notice_html(shared.memory.off_reason)


def _wire_listing(panel: Panel, shared: Shared, review) -> None:
    """Redraw the picker, the cards and the downloads whenever a notebook changes (or the page loads)."""

    def refresh(current, session, request: gr.Request):
        books = shared.notebooks(request, session)
        names = books.names() if books is not None else []
        shown = current_notebook(books, current)
        choices = names if current in names else [*names, current]
        return [gr.update(choices=choices, value=current), notebook_html(shown, review), downloads_html(shown, review)]

    outputs = [panel.picker, panel.listing, panel.downloads]
    shared.revision.change(refresh, [shared.current, shared.session], outputs, **PRIVATE)
    pick = [shared.current, shared.revision]
    panel.picker.input(lambda value, n: (value, n + 1), [panel.picker, shared.revision], pick, **PRIVATE)


def _wire_names(panel: Panel, shared: Shared) -> None:
    """New notebook, Rename and Delete, each using the Name box (emptied when the change is made)."""

    def named(operation):
        def handler(current, revision, session, text, request: gr.Request):
            result = _attempt(
                shared, lambda books, now: operation(books, now, text), current, revision, session, request
            )
            return [*result, "" if result[1] != revision else gr.update()]

        return handler

    inputs = [shared.current, shared.revision, shared.session, panel.name]
    outputs = [shared.current, shared.revision, panel.notice, panel.name]
    panel.create.click(named(lambda books, _, text: books.create(text)), inputs, outputs, **PRIVATE)
    panel.rename.click(named(lambda books, now, text: books.rename(now, text)), inputs, outputs, **PRIVATE)
    panel.delete.click(named(_delete), inputs, outputs, **PRIVATE)


def _wire_cards(panel: Panel, shared: Shared, review) -> None:
    """A card's Note, ↑, ↓ and Remove, and the note editor's Save and Cancel."""
    state = [shared.current, shared.revision, shared.session]

    def act(current, revision, session, value, request: gr.Request):
        verb, _, chunk_id = (value or "").partition(":")
        if not chunk_id:  # the box emptied after an action: nothing to do
            return [current, revision, *[gr.update()] * 6]
        if verb == "note":
            notebook = current_notebook(shared.notebooks(request, session), current)
            text = next((i.note for i in notebook.items if i.chunk_id == chunk_id), "") if notebook else ""
            label = note_label(chunk_id, review)
            return [current, revision, gr.update(), "", chunk_id, gr.update(visible=True), label, text]
        operation = lambda books, now: _apply(books, now, verb, chunk_id)  # noqa: E731
        return [*_attempt(shared, operation, current, revision, session, request), "", *[gr.update()] * 4]

    outputs = [*state[:2], panel.notice, panel.action, panel.editing, panel.editor, panel.about, panel.note]
    panel.action.change(act, [*state, panel.action], outputs, trigger_mode="multiple", **PRIVATE)

    def keep_note(current, revision, session, chunk_id, text, request: gr.Request):
        operation = lambda books, now: books.set_note(now, chunk_id, text)  # noqa: E731
        result = _attempt(shared, operation, current, revision, session, request)
        saved = result[1] != revision  # refused (too long): the editor stays open with the text
        return [*result, "" if saved else chunk_id, gr.update(visible=not saved)]

    saving = [*state[:2], panel.notice, panel.editing, panel.editor]
    panel.save.click(keep_note, [*state, panel.editing, panel.note], saving, **PRIVATE)
    panel.cancel.click(lambda: ("", gr.update(visible=False)), None, [panel.editing, panel.editor], **PRIVATE)


def _apply(books: Notebooks, name: str, verb: str, chunk_id: str) -> None:
    """Remove a passage or move it one place up or down."""
    if verb == "remove":
        books.remove(name, [chunk_id])
        return
    order = [item.chunk_id for item in books.get(name).items]
    if verb in ("up", "down") and chunk_id in order:
        books.move(name, chunk_id, order.index(chunk_id) + (0 if verb == "up" else 2))


def _delete(books: Notebooks, current: str, typed: str) -> str:
    """Delete the current notebook, only when its name is typed too (a click alone must not lose a notebook)."""
    if typed.strip().casefold() != current.casefold():
        from reviewqa.errors import NotebookError

        raise NotebookError(f"to delete ‘{current}’, type its name in Name, then press Delete")
    books.delete(current)
    return books.latest() or DEFAULT_NOTEBOOK
