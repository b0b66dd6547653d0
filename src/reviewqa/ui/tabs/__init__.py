"""The app's tabs, one module each: a function that lays out the tab's components and wires their events to
the library (nothing here decides an answer, and the HTML comes from the `ui` view modules)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import gradio as gr

from reviewqa.memory.access import MemoryAccess
from reviewqa.memory.database import Store
from reviewqa.memory.notebooks import DEFAULT_NOTEBOOK, Notebooks
from reviewqa.memory.users import LOCAL_USER

PRIVATE: dict[str, Any] = {"api_visibility": "private"}  # internal events: not part of the public API (only /ask is)
# Quick internal events that change what is read: no fading 'pending' overlay over the text while they run.
QUIET: dict[str, Any] = {**PRIVATE, "show_progress": "hidden"}


@dataclass(frozen=True)
class Shared:
    """What more than one tab uses: the study memory, and per-browser-session state.

    `session` holds the notebooks of this browser session when the memory is off (an in-memory store), `current`
    the name of the notebook Collect adds to, `revision` a counter every notebook change bumps (the tabs showing
    notebooks redraw on its change), `loads` what to run when a page (re)loads: (function, inputs, outputs),
    `with_tabs` what to wire once the app's tabs exist (a handler that switches tabs needs them as an output).
    `reader_request` is a hidden box outside the tabs (a tab's content is only in the page once it was opened):
    a card's "Read in context" types its chunk id there, from whichever tab the card is in.
    """

    memory: MemoryAccess
    session: Any  # gr.State: Notebooks | None
    current: Any  # gr.State: str
    revision: Any  # gr.State: int
    reader_request: Any  # gr.Textbox, hidden
    loads: list[tuple[Callable[..., Any], list[Any], list[Any]]] = field(default_factory=list)
    with_tabs: list[Callable[[Any], None]] = field(default_factory=list)

    def notebooks(self, request: gr.Request | None, session: Notebooks | None) -> Notebooks | None:
        """The notebooks a request works on: the user's own in the store, else this browser session's."""
        kept = self.memory.notebooks(getattr(request, "username", None))
        return kept if kept is not None else session


def new_shared(memory: MemoryAccess) -> Shared:
    """The shared state, made inside the Blocks; its load sets the session's notebooks and the current one."""
    reader_request = gr.Textbox(elem_id="rq-reader-id", visible="hidden", show_label=False)
    shared = Shared(memory, gr.State(None), gr.State(DEFAULT_NOTEBOOK), gr.State(0), reader_request)

    def load(session, current, revision, request: gr.Request):
        if not memory.on and session is None:
            session = Notebooks(Store.in_memory(), LOCAL_USER)
        books = shared.notebooks(request, session)
        latest = books.latest() if books is not None else None
        return session, latest or current or DEFAULT_NOTEBOOK, revision + 1

    shared.loads.append(
        (load, [shared.session, shared.current, shared.revision], [shared.session, shared.current, shared.revision])
    )
    return shared
