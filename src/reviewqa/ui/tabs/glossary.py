"""The Glossary tab: every abbreviation the review defines."""

from __future__ import annotations

import gradio as gr

from reviewqa.search.assistant import Assistant
from reviewqa.ui.replies import glossary_table
from reviewqa.ui.tabs import Shared


def glossary_tab(assistant: Assistant, shared: Shared) -> None:
    gr.Markdown(f"{len(assistant.review.glossary)} abbreviations, as the review spells them out.")
    gr.HTML(glossary_table(assistant.review.glossary.entries))
