"""The Write tab: a writer pastes a draft; each sentence comes back with its verdict, its evidence on demand (cards
with "Read in context" and "Collect", which adds to the current notebook), and the draft with citation marks to copy,
with its bibliography to download (`writing.support`, `writing.cited_draft`; the HTML from `ui.support_view`)."""

from __future__ import annotations

import gradio as gr

from reviewqa.errors import DraftRefused, ReviewqaError
from reviewqa.search.assistant import Assistant
from reviewqa.ui.notebook_view import notebook_status
from reviewqa.ui.support_view import cited_html, message_html, support_html
from reviewqa.ui.tabs import PRIVATE, QUIET, Shared
from reviewqa.ui.tabs.notebooks import current_notebook
from reviewqa.writing.cited_draft import cite_draft
from reviewqa.writing.support import DraftSupport, Supporter

# A draft travels in one request, which the server bounds (ui.server.MAX_BODY_BYTES): the box holds this much.
APP_DRAFT_CHARS = 20_000
STYLE_CHOICES = [("Vancouver [1]", "vancouver"), ("APA (Author, year)", "apa")]
EXAMPLE = (
    "## Resistance in the lung TME\n\n"
    "Lung cancer accounts for 18% of global cancer deaths, and NSCLC makes up 85% of cases. "
    "M2-polarized TAMs secrete IL-10 and TGF-β, which inhibit antitumor immunity.\n\n"
    "- MDSCs impair cytotoxic T-cell function through reactive oxygen species and arginase.\n"
    "- Neoadjuvant PD-1 blockade gave a major pathological response in 65% of patients with resectable NSCLC.\n"
    "- Amivantamab prolonged progression-free survival in NSCLC with EGFR exon 20 insertions.\n"
)
HELP = (
    "Paste a paragraph or a page of your own writing (plain text or Markdown). Each sentence is checked against the "
    "review: **✓ Supported** (the review states it; its references are cited), **~ Partly** (a related statement "
    "that differs: a number, a drug, a population, a direction), **✗ Not in the review**. Only supported sentences "
    "get a citation; check the others yourself."
)


def write_tab(assistant: Assistant, shared: Shared) -> None:
    """Lay out the Write tab and wire its events."""
    review = assistant.review
    supporter = Supporter(assistant)
    checked = gr.State(None)  # the last DraftSupport, so a change of style re-cites without checking again
    gr.Markdown(HELP, elem_id="rq-write-help")
    draft = gr.Textbox(
        label="Your draft",
        lines=8,
        max_lines=24,
        max_length=APP_DRAFT_CHARS,
        placeholder="Paste your sentences here…",
        elem_id="rq-draft",
    )
    with gr.Row(elem_id="rq-write-controls"):
        check = gr.Button("Check the draft", variant="primary", elem_id="rq-write-check", scale=0, min_width=160)
        example = gr.Button("Try an example", elem_id="rq-write-example", scale=0, min_width=140)
        style = gr.Radio(STYLE_CHOICES, value="vancouver", label="Cite in", elem_id="rq-write-style", scale=1)
    status = gr.HTML(notebook_status(None, review), elem_id="rq-write-status")
    result = gr.HTML("", elem_id="rq-write-result")
    output = gr.HTML("", elem_id="rq-write-output")

    def run(text, chosen):
        try:
            if len(text or "") >= APP_DRAFT_CHARS:
                raise DraftRefused(
                    f"the draft fills the box ({APP_DRAFT_CHARS:,} characters) and may have been cut: check it in parts"
                )
            support = supporter.check(text or "")
        except ReviewqaError as exc:
            return message_html(f"{str(exc)[:1].upper()}{str(exc)[1:]}."), "", None
        return support_html(support, review), cited_html(cite_draft(support, review, chosen)), support

    def restyle(support: DraftSupport | None, chosen):
        return cited_html(cite_draft(support, review, chosen)) if support is not None else gr.update()

    for event in (check.click, draft.submit):
        event(run, [draft, style], [result, output, checked], **PRIVATE)
    example.click(lambda: EXAMPLE, None, draft, **QUIET).then(run, [draft, style], [result, output, checked], **PRIVATE)
    style.change(restyle, [checked, style], output, **QUIET)

    def show(current, session, request: gr.Request):
        return notebook_status(current_notebook(shared.notebooks(request, session), current), review)

    shared.revision.change(show, [shared.current, shared.session], status, **QUIET)
