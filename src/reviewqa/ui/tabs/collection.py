"""The Collection tab: the passages collected this session, each removable, and the downloads."""

from __future__ import annotations

import gradio as gr

from reviewqa.search.assistant import Assistant
from reviewqa.ui.collection_view import collection_html, downloads_html, uncollect
from reviewqa.ui.tabs import PRIVATE, Shared
from reviewqa.writing.collection import Collection


def collection_tab(assistant: Assistant, shared: Shared) -> None:
    """Lay out the Collection tab and wire its events."""
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
