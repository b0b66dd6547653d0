"""Text fitted to the terminal: Markdown wrapped so it renders exactly as before, one-line summaries cut at a space."""

from __future__ import annotations

import re

import pytest

from reviewqa.cli.wrapping import markdown_wrapped, one_line, wrap
from reviewqa.writing.collection import Collection
from reviewqa.writing.quote import quote


def _rendered(markdown: str) -> str:
    """CommonMark HTML with runs of white space made one space (a wrapped line renders as a space)."""
    from markdown_it import MarkdownIt

    return re.sub(r"\s+", " ", MarkdownIt("commonmark").render(markdown))


@pytest.mark.parametrize("columns", [40, 60, 80])
def test_wrapped_markdown_renders_as_before(review, columns):
    notes = {"t1-r1": "AXL bypass - see Table I\n1. first point\n- a dash that is text", "s3-p8": "HGF " * 40}
    documents = [
        Collection(("s3-p8", "t1-r1", "t3-r1", "s6-p19")).to_markdown(review, notes=notes),
        quote(review.chunk("s3-p8"), review),
        quote(review.chunk("t3-r1"), review, "apa"),
    ]
    for document in documents:
        fitted = markdown_wrapped(document, columns)
        assert max(len(line) for line in fitted.splitlines()) <= columns
        assert _rendered(fitted) == _rendered(document)
    assert "\n----" in markdown_wrapped(documents[0], columns)  # Table III's heading, underlined to fit


def test_a_line_that_would_start_a_list_or_quote_is_not_made(review):
    text = "> " + "word " * 9 + "- item " + "word " * 3 + "> quote " + "1. one"
    for columns in range(20, 60):
        lines = markdown_wrapped(text, columns).splitlines()
        assert not any(re.match(r"> (?:- |> |1\. )", line) for line in lines), lines


def test_wrap_keeps_hyphenated_words_and_the_hanging_indent():
    lines = wrap("a pro-inflammatory TME " * 6, 30, "[66] ", "     ")
    assert lines[0].startswith("[66] a pro-inflammatory") and all(line.startswith("     ") for line in lines[1:])
    assert all("pro-" not in line.split()[-1] or line.endswith("pro-inflammatory") for line in lines)


def test_one_line_cuts_at_a_space_and_keeps_the_spacing():
    assert one_line("  s3-p8   strong  Resistance to targeted therapy", 80) == (
        "  s3-p8   strong  Resistance to targeted therapy"
    )
    assert one_line("[57] Tian Z et al, Oncol Lett 2025: EGFR mutations in non-small cell lung cancer", 40) == (
        "[57] Tian Z et al, Oncol Lett 2025:…"
    )
