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
from reviewqa.ui.notebook_view import (
    STYLE_CHOICES,
    Removed,
    downloads_html,
    note_label,
    notebook_html,
    notice_html,
    removed_html,
    restore,
)
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
    style: Any  # the citation style of notes.md
    undo: Any  # gr.State: what the last Remove or Delete took away (`ui.notebook_view.Snapshot`), or None
    undo_row: Any
    undo_said: Any
    undo_button: Any


def notebooks_tab(assistant: Assistant, shared: Shared) -> None:
    """Lay out the Notebooks tab and wire its events."""
    panel = _layout(assistant.review, shared)
    _wire_listing(panel, shared, assistant.review)
    _wire_names(panel, shared)
    _wire_cards(panel, shared, assistant.review)
    _wire_undo(panel, shared, assistant.review)


def _layout(review, shared: Shared) -> Panel:
    notice = gr.HTML(notice_html(shared.memory.off_reason), elem_id="rq-notebook-notice")
    with gr.Row(elem_id="rq-notebook-names"):
        picker = gr.Dropdown(
            [DEFAULT_NOTEBOOK], value=DEFAULT_NOTEBOOK, label="Notebook", scale=3, elem_id="rq-notebook-pick"
        )
        name = gr.Textbox(
            label="Name", placeholder="a new name", max_lines=1, max_length=80, scale=3, elem_id="rq-notebook-name"
        )
        create = gr.Button("New notebook", size="sm", scale=1, min_width=90, elem_id="rq-notebook-create")
        rename = gr.Button("Rename", size="sm", scale=1, min_width=90, elem_id="rq-notebook-rename")
        delete = gr.Button("Delete", size="sm", scale=1, min_width=90, variant="stop", elem_id="rq-notebook-delete")
    # The files first: what a student comes here for, above the fold.
    with gr.Row(equal_height=True, elem_id="rq-notebook-files"):
        style = gr.Radio(STYLE_CHOICES, value="vancouver", label="notes.md cites in", elem_id="rq-notebook-style")
        downloads = gr.HTML("", elem_id="rq-downloads")
    with gr.Row(visible=False, elem_id="rq-undo") as undo_row:
        undo_said = gr.HTML()
        undo_button = gr.Button("Undo", size="sm", scale=0, min_width=90, elem_id="rq-undo-button")
    with gr.Group(visible=False, elem_classes="rq-note-editor") as editor:
        about = gr.HTML()
        note = gr.Textbox(show_label=False, lines=3, max_length=MAX_NOTE_CHARS, elem_id="rq-note-text")
        with gr.Row():
            save = gr.Button("Save note", variant="primary", size="sm", elem_id="rq-note-save")
            cancel = gr.Button("Cancel", size="sm")
    listing = gr.HTML(notebook_html(None, review), elem_id="rq-collection")
    gr.Markdown(HELP)
    action = gr.Textbox(elem_id="rq-notebook-action", visible="hidden", show_label=False)
    return Panel(
        notice, picker, name, create, rename, delete, editor, about, note, save, cancel, listing, downloads,
        gr.State(""), action, style, gr.State(None), undo_row, undo_said, undo_button,
    )  # fmt: skip


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

    def refresh(current, session, style, request: gr.Request):
        books = shared.notebooks(request, session)
        names = books.names() if books is not None else []
        shown = current_notebook(books, current)
        choices = names if current in names else [*names, current]
        listing, files = notebook_html(shown, review), downloads_html(shown, review, style or "vancouver")
        return [gr.update(choices=choices, value=current), listing, files]

    outputs = [panel.picker, panel.listing, panel.downloads]
    inputs = [shared.current, shared.session, panel.style]
    shared.revision.change(refresh, inputs, outputs, show_progress="hidden", **PRIVATE)

    def restyle(current, session, style, request: gr.Request):
        shown = current_notebook(shared.notebooks(request, session), current)
        return downloads_html(shown, review, style or "vancouver")

    panel.style.change(restyle, inputs, panel.downloads, show_progress="hidden", **PRIVATE)
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

    def delete(current, revision, session, text, request: gr.Request):
        notebook = current_notebook(shared.notebooks(request, session), current)
        result = named(_delete)(current, revision, session, text, request)
        done = result[1] != revision and notebook is not None
        return [*result, *_undo_offer(Removed.of(notebook) if done and notebook else None)]

    undo = [panel.undo, panel.undo_row, panel.undo_said]
    panel.delete.click(delete, inputs, [*outputs, *undo], **PRIVATE)


def _wire_cards(panel: Panel, shared: Shared, review) -> None:
    """A card's Note, ↑, ↓ and Remove, and the note editor's Save and Cancel."""
    state = [shared.current, shared.revision, shared.session]

    def act(current, revision, session, value, request: gr.Request):
        verb, _, chunk_id = (value or "").partition(":")
        if not chunk_id:  # the box emptied after an action: nothing to do
            return [current, revision, *[gr.update()] * 9]
        notebook = current_notebook(shared.notebooks(request, session), current)
        if verb == "note":
            text = next((i.note for i in notebook.items if i.chunk_id == chunk_id), "") if notebook else ""
            label = note_label(chunk_id, review)
            return [current, revision, gr.update(), "", chunk_id, gr.update(visible=True), label, text, *_kept()]
        operation = lambda books, now: _apply(books, now, verb, chunk_id)  # noqa: E731
        result = _attempt(shared, operation, current, revision, session, request)
        removed = verb == "remove" and result[1] != revision and notebook is not None
        offer = _undo_offer(Removed.of(notebook, (chunk_id,))) if removed and notebook else _kept()
        return [*result, "", *[gr.update()] * 4, *offer]

    undo = [panel.undo, panel.undo_row, panel.undo_said]
    outputs = [*state[:2], panel.notice, panel.action, panel.editing, panel.editor, panel.about, panel.note, *undo]
    panel.action.change(act, [*state, panel.action], outputs, trigger_mode="multiple", **PRIVATE)

    def keep_note(current, revision, session, chunk_id, text, request: gr.Request):
        operation = lambda books, now: books.set_note(now, chunk_id, text)  # noqa: E731
        result = _attempt(shared, operation, current, revision, session, request)
        saved = result[1] != revision  # refused (too long): the editor stays open with the text
        return [*result, "" if saved else chunk_id, gr.update(visible=not saved)]

    saving = [*state[:2], panel.notice, panel.editing, panel.editor]
    panel.save.click(keep_note, [*state, panel.editing, panel.note], saving, **PRIVATE)
    panel.cancel.click(lambda: ("", gr.update(visible=False)), None, [panel.editing, panel.editor], **PRIVATE)


def _undo_offer(removed: Removed | None) -> list:
    """[undo state, undo row, its message]: Undo offered for what was just taken away (or hidden)."""
    return [removed, gr.update(visible=removed is not None), removed_html(removed)]


def _kept() -> list:
    """The undo outputs left as they are."""
    return [gr.update(), gr.update(), gr.update()]


def _wire_undo(panel: Panel, shared: Shared, review) -> None:
    """Undo puts back what the last Remove or Delete took away: each passage in its place, with its note."""

    def undo(removed, current, revision, session, request: gr.Request):
        if removed is None:
            return [current, revision, gr.update(), *_undo_offer(None)]
        result = _attempt(shared, lambda books, _: restore(books, removed, review), current, revision, session, request)
        return [*result, *_undo_offer(None)]

    outputs = [shared.current, shared.revision, panel.notice, panel.undo, panel.undo_row, panel.undo_said]
    inputs = [panel.undo, shared.current, shared.revision, shared.session]
    panel.undo_button.click(undo, inputs, outputs, **PRIVATE)


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
