"""The Reader tab: the review itself, opened at a passage. A card's "Read in context" button (or a heading in the
contents) types the passage's id into a hidden box; the tab then shows that passage's section with the passage
highlighted, and the app switches to this tab (the page's script scrolls the passage into view)."""

from __future__ import annotations

import gradio as gr

from reviewqa.search.assistant import Assistant
from reviewqa.ui.reader_view import reader_html
from reviewqa.ui.tabs import PRIVATE, Shared

TAB_ID = "reader"


def opened_id(value: str | None) -> str:
    """The chunk id in the box: the script appends '|<time>' so that opening the same passage twice is a change."""
    return (value or "").split("|", 1)[0].strip()


def reader_tab(assistant: Assistant, shared: Shared) -> None:
    """Lay out the Reader; opening a passage switches the app's tabs to it."""
    review = assistant.review
    view = gr.HTML(reader_html(review, None), elem_id="rq-reader")
    chunk_box = shared.reader_request

    def wire(tabs: gr.Tabs) -> None:
        def open_passage(value):
            return reader_html(review, opened_id(value)), gr.Tabs(selected=TAB_ID)

        chunk_box.change(open_passage, chunk_box, [view, tabs], trigger_mode="always_last", **PRIVATE)

    shared.with_tabs.append(wire)
