"""A passage ready to paste into one's own writing: the quotation, the review cited, its references as footnotes."""

from __future__ import annotations

from reviewqa.article import REVIEW
from reviewqa.datatypes import Chunk
from reviewqa.review import Review


def quote_markdown(chunk: Chunk, review: Review) -> str:
    """Markdown: the passage as a block quote, an in-text citation of the review, numbered reference footnotes."""
    quoted = "\n".join(f"> {line}" if line else ">" for line in chunk.text.split("\n"))
    where = " > ".join(chunk.section_path)
    lines = [quoted, ">", f"> — {REVIEW.in_text}, {where} [passage {chunk.id}]", ""]
    lines.append(f"Source: {REVIEW.vancouver}")
    if chunk.refs:
        lines += ["", "References cited in the passage:", ""]
        lines += [f"[^{n}]: {review.reference(n).citation}" for n in chunk.refs]
    return "\n".join(lines) + "\n"
