"""The app's collection panel: collected passages as cards with a remove button, and the files to download.

The page sends the chunk id read from a card; it is still checked against the review. Files are written under
fixed names in a folder of our own making, never a path taken from the page.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reviewqa.collection import Collection
from reviewqa.hits import Hit
from reviewqa.outfiles import write_atomically
from reviewqa.quote import quote_markdown
from reviewqa.render import REMOVE, card, esc, keep_lines
from reviewqa.review import Review

NOTES, BIBTEX, RIS = "notes.md", "refs.bib", "refs.ris"
EMPTY = (
    "Nothing collected yet. Press <b>Collect</b> under a passage in the Ask tab; the passages gathered here "
    "download as one Markdown file of quotations and one .bib / .ris of every reference they cite."
)


@dataclass(frozen=True)
class ExportFiles:
    """The three downloads of a collection, under their fixed names in one folder."""

    notes: Path
    bibtex: Path
    ris: Path


def collect(collection: Collection, chunk_id: str, review: Review) -> Collection:
    """`collection` with the chunk added; unchanged when the id is not a chunk of the review."""
    chunk_id = (chunk_id or "").strip()
    try:
        review.chunk(chunk_id)
    except KeyError:
        return collection
    return collection.add(chunk_id)


def uncollect(collection: Collection, chunk_id: str) -> Collection:
    """`collection` without the chunk (unchanged when it was not collected)."""
    return collection.remove((chunk_id or "").strip())


def collection_status(collection: Collection, review: Review) -> str:
    """'2 passages collected · 5 references cited' (escaped HTML, one line)."""
    n, refs = len(collection), len(collection.reference_numbers(review))
    passages = f"{n} passage{'s' if n != 1 else ''} collected"
    cited = f" · {refs} reference{'s' if refs != 1 else ''} cited" if n else ""
    return f'<div class="rq-status">{esc(passages + cited)}</div>'


def collection_html(collection: Collection, review: Review) -> str:
    """Every collected passage, in the order collected, as a card with copy and remove buttons."""
    if not collection:
        return f'<div class="rq-reply"><div class="rq-empty">{EMPTY}</div></div>'
    parts = [collection_status(collection, review)]
    for rank, chunk in enumerate(collection.chunks(review), start=1):
        hit = Hit(rank, 1.0, chunk, tuple(review.reference(n) for n in chunk.refs))
        body = keep_lines(chunk.text).replace("&#10;", "<br>")
        parts.append(card(hit, body, quote_markdown(chunk, review), scored=False, action=REMOVE))
    return '<div class="rq-reply rq-collection">' + "".join(parts) + "</div>"


def export_folder() -> Path:
    """A new private temporary folder for one session's downloads."""
    return Path(tempfile.mkdtemp(prefix="reviewqa-collection-"))


def remove_folder(folder: str | Path | None) -> None:
    """Delete a session's download folder (when the session ends)."""
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def write_exports(collection: Collection, review: Review, folder: Path, style: str = "vancouver") -> ExportFiles:
    """notes.md (quotations with citations), refs.bib and refs.ris (the review and every cited reference, once)."""
    files = ExportFiles(folder / NOTES, folder / BIBTEX, folder / RIS)
    write_atomically(files.notes, collection.to_markdown(review, style))
    write_atomically(files.bibtex, collection.to_bibtex(review))
    write_atomically(files.ris, collection.to_ris(review))
    return files
