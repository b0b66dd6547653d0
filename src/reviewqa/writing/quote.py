"""A passage ready to paste into one's own writing: the quotation, the review cited, its references as footnotes."""

from __future__ import annotations

import re
from collections.abc import Iterable

from reviewqa.choices import Markup
from reviewqa.corpus.citation_marks import mark_citations
from reviewqa.corpus.review import Review
from reviewqa.records import Chunk
from reviewqa.writing.styles import format_work, in_text
from reviewqa.writing.works import reference_works, work_from_article

_SPACE_BEFORE_MARK = re.compile(r"(?<=[\w)\]%]) (?=\[\^\d+\])")


def footnote_marks(text: str) -> str:
    """'resistance (9-11).' -> 'resistance[^9][^10][^11].': the review's numbers become Markdown footnotes."""
    marked = mark_citations(text, lambda numbers: "".join(f"[^{n}]" for n in numbers))
    return _SPACE_BEFORE_MARK.sub("", marked)


def attribution(chunk: Chunk) -> str:
    """'(Liu et al., 2025), 1. Introduction': who and where in the review (no internal passage id: the quotation
    goes into one's own writing as it is)."""
    return f"{in_text(work_from_article())}, {' > '.join(chunk.section_path)}"


def quote_block(chunk: Chunk, markup: str = "md") -> str:
    """The passage quoted: a Markdown block quote with footnote marks, or plain text in quotation marks."""
    if markup == "md":
        lines = footnote_marks(chunk.text).split("\n")
        quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
        return f"{quoted}\n>\n> — {attribution(chunk)}"
    return f"“{chunk.text}”\n— {attribution(chunk)}"


def reference_notes(numbers: Iterable[int], review: Review, style: str = "vancouver", markup: str = "md") -> list[str]:
    """One line per reference: '[^60]: …' in Markdown, '[60] …' in plain text."""
    works = reference_works(review.references, list(numbers))
    label = "[^{}]:" if markup == "md" else "[{}]"
    return [f"{label.format(w.n)} {format_work(w, style, markup)}" for w in works]


def quote(chunk: Chunk, review: Review, style: str = "vancouver", markup: str = "md") -> str:
    """The passage, an in-text citation of the review, the review's full entry and the references it cites."""
    markup = Markup.parse(markup)
    lines = [quote_block(chunk, markup), "", f"Source: {format_work(work_from_article(), style, markup)}"]
    if chunk.refs:
        lines += ["", notes_section(chunk.refs, review, style, markup)]
    return "\n".join(lines) + "\n"


def notes_section(numbers: Iterable[int], review: Review, style: str = "vancouver", markup: str = "md") -> str:
    """Markdown footnote definitions, a blank line apart; in plain text a headed list."""
    notes = reference_notes(numbers, review, style, markup)
    if markup == "md":
        return "\n\n".join(notes)
    return "\n".join(["References cited:", *notes])


def quote_markdown(chunk: Chunk, review: Review, style: str = "vancouver") -> str:
    """Markdown: the passage as a block quote, an in-text citation of the review, numbered reference footnotes."""
    return quote(chunk, review, style, "md")
