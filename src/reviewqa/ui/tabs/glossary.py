"""The Glossary tab: every abbreviation the review defines, a search box that filters them as one types (in the
page), and each abbreviation a button that shows it in the Ask tab with the passage that explains it."""

from __future__ import annotations

import gradio as gr

from reviewqa.search.assistant import Assistant
from reviewqa.ui.glossary_view import glossary_table
from reviewqa.ui.tabs import Shared

HELP = "Press an abbreviation to see it in the chat with the passage that explains it."


def glossary_tab(assistant: Assistant, shared: Shared) -> None:
    entries = assistant.review.glossary.entries
    gr.Markdown(f"{len(entries)} abbreviations, as the review spells them out. {HELP}")
    # Filtered in the browser as one types (app.js): no request per keystroke.
    gr.Textbox(
        label="Search the glossary",
        placeholder="an abbreviation or words of its long form, e.g. MDSC or myeloid",
        max_lines=1,
        elem_id="rq-glossary-search",
    )
    gr.HTML(glossary_table(entries), elem_id="rq-glossary-table")
