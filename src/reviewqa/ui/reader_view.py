"""The Reader: a passage where it stands in the review — its whole top-level section in reading order with the
passage highlighted, Tables I-III as real tables (a header row, one row per study, references as chips), the
section tree as a table of contents, and a way back to the answer. Ids and section paths are those of
`reviewqa chunks --json`; everything from the review is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import groupby

from reviewqa.corpus.review import Review
from reviewqa.records import Chunk, Kind
from reviewqa.ui.cards import chips, esc, highlight, table_fields

EMPTY = (
    "Press <b>Read in context</b> under a passage in the Ask tab: the Reader shows it where it stands in the review, "
    "between the passages before and after it. Or open a section below."
)
BACK = '<button type="button" class="rq-back" title="Back to the answer in the Ask tab">← Back to the answer</button>'


def _target(chunk: Chunk, target: str) -> str:
    """The classes that let the page's script find a chunk (and the one to scroll to)."""
    return f"rq-at-{esc(chunk.id)}" + (" rq-target" if chunk.id == target else "")


def table_html(rows: list[Chunk], review: Review, target: str, start: int = 0, of: int = 0) -> str:
    """One of Tables I-III: its title as caption, a header row, one row per study with its references as chips;
    when the rows are part of a longer table, `start` is the first one's place and `of` the table's length."""
    columns = [column for column, _ in table_fields(rows[0]) if column != "Refs."]
    head = "".join(f'<th scope="col">{esc(column)}</th>' for column in columns)
    body = []
    for row in rows:
        values = dict(table_fields(row))
        cells = "".join(f"<td>{esc(values.get(column, ''))}</td>" for column in columns)
        refs = chips([review.reference(n) for n in row.refs])
        body.append(f'<tr class="rq-row {_target(row, target)}">{cells}<td>{refs}</td></tr>')
    caption = row_title(rows[0])
    return (
        f'<div class="rq-table-wrap"><table class="rq-review-table"><caption>{esc(caption)} '
        f'<span class="rq-where">({_which_rows(start, len(rows), of)})</span></caption>'
        f'<thead><tr>{head}<th scope="col">Refs.</th></tr></thead><tbody>{"".join(body)}</tbody></table></div>'
    )


def _which_rows(start: int, count: int, of: int) -> str:
    """'14 rows', or 'rows 10-14 of 14' for a part of a table (its first rows folded above the target's)."""
    if of <= count:
        return f"{count} rows"
    return f"row {start + 1} of {of}" if count == 1 else f"rows {start + 1}-{start + count} of {of}"


def row_title(chunk: Chunk) -> str:
    """'Table I. Studies on the TME driving drug resistance in lung cancer.'"""
    return chunk.text.split("\n", 1)[0]


def passage_html(chunk: Chunk, review: Review, target: str) -> str:
    """A passage of the section: its sub-heading path, its text and its reference chips."""
    heading = " › ".join(chunk.section_path[1:])
    return (
        f'<div class="rq-read-passage {_target(chunk, target)}">'
        f'<div class="rq-where">{esc(heading)}{" · " if heading else ""}passage {esc(chunk.id)}</div>'
        f'<div class="rq-text">{highlight(chunk.text, [])}</div>{chips([review.reference(n) for n in chunk.refs])}'
        "</div>"
    )


def _table_key(chunk: Chunk) -> str:
    """'1' for a row of Table I ('t1-r8'), '' for any other chunk: consecutive rows of a table group together."""
    match = re.match(r"t(\d+)-r", chunk.id) if chunk.kind is Kind.TABLE_ROW else None
    return match.group(1) if match else ""


def section_chunks(review: Review, section: str) -> list[Chunk]:
    return [chunk for chunk in review.chunks if chunk.top_section == section]


def section_html(review: Review, section: str, target: str) -> str:
    """Every chunk of a top-level section in reading order, a table's rows as one table; what comes before the
    target is folded under 'Earlier in this section', so the Reader opens with the target at the top."""
    earlier: list[str] = []
    parts: list[str] = []
    folded = 0
    for key, group in groupby(section_chunks(review, section), key=_table_key):
        rows = list(group)
        ids = [row.id for row in rows]
        # a late row of a long table: the rows before it fold with the passages before it, so it opens at the top
        cut = ids.index(target) if key and target in ids else 0
        blocks = [(rows[:cut], table_html(rows[:cut], review, target, 0, len(rows)))] if cut else []
        blocks += [(rows[cut:], table_html(rows[cut:], review, target, cut, len(rows)))] if key else []
        blocks += [([c], passage_html(c, review, target)) for c in rows if not key]
        for chunks, block in blocks:
            if parts or any(chunk.id == target for chunk in chunks):
                parts.append(block)
            else:
                earlier.append(block)
                folded += len(chunks)
    if earlier:
        label = f"Earlier in this section ({folded} passage{'s' if folded != 1 else ''})"
        parts.insert(0, f'<details class="rq-earlier"><summary>{esc(label)}</summary>{"".join(earlier)}</details>')
    return "".join(parts)


def _open_button(chunk: Chunk, label: str, title: str) -> str:
    return f'<button type="button" class="rq-read rq-read-{esc(chunk.id)}" title="{esc(title)}">{esc(label)}</button>'


def _headings(chunks: Iterable[Chunk]) -> list[tuple[str, Chunk]]:
    """The sub-headings of a section with the first chunk under each, in reading order."""
    first: dict[str, Chunk] = {}
    for chunk in chunks:
        if len(chunk.section_path) > 1:
            first.setdefault(chunk.section_path[1], chunk)
    return list(first.items())


def contents_html(review: Review, current: str) -> str:
    """The section tree: every top-level section and its sub-headings, each a button that opens it here."""
    items = []
    for section in review.top_sections:
        chunks = section_chunks(review, section)
        subs = "".join(
            f"<li>{_open_button(chunk, heading, 'Open this part')}</li>" for heading, chunk in _headings(chunks)
        )
        here = ' class="rq-here" aria-current="true"' if section == current else ""
        items.append(f"<li{here}>{_open_button(chunks[0], section, 'Open this section')}<ul>{subs}</ul></li>")
    return f'<nav class="rq-toc" aria-label="Sections of the review"><ul>{"".join(items)}</ul></nav>'


def reader_html(review: Review, chunk_id: str | None) -> str:
    """The Reader at a passage id (checked against the review); its empty state and the contents otherwise."""
    if not chunk_id or not review.has_chunk(chunk_id):
        return (
            f'<div class="rq-reader"><div class="rq-empty">{EMPTY}</div>'
            f'<div class="rq-reader-body">{contents_html(review, "")}</div></div>'
        )
    chunk = review.chunk(chunk_id)
    section = chunk.top_section
    return (
        f'<div class="rq-reader"><div class="rq-reader-bar">{BACK}'
        f'<span class="rq-where">{esc(" › ".join(chunk.section_path))} · passage {esc(chunk.id)}</span></div>'
        f'<div class="rq-reader-body"><details class="rq-toc-box" open><summary>Contents</summary>'
        f"{contents_html(review, section)}</details>"
        f'<article class="rq-section" aria-label="{esc(section)}"><h3>{esc(section)}</h3>'
        f"{section_html(review, section, chunk.id)}</article></div></div>"
    )
