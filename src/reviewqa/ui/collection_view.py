"""The app's collection panel: collected passages as cards with a remove button, and the files to download.

The page sends the chunk id read from a card; it is still checked against the review. Downloads are made by the
browser from text in the page: the server writes no files.
"""

from __future__ import annotations

from reviewqa.corpus.review import Review
from reviewqa.search.results import hit_for
from reviewqa.ui.cards import REMOVE, card, esc, keep_lines
from reviewqa.writing.collection import Collection
from reviewqa.writing.quote import quote_markdown

NOTES, BIBTEX, RIS = "notes.md", "refs.bib", "refs.ris"
EMPTY = (
    "Nothing collected yet. Press <b>Collect</b> under a passage in the Ask tab; the passages gathered here "
    "download as one Markdown file of quotations and one .bib / .ris of every reference they cite."
)


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
        hit = hit_for(review, chunk, rank)
        body = keep_lines(chunk.text).replace("&#10;", "<br>")
        parts.append(card(hit, body, quote_markdown(chunk, review), scored=False, action=REMOVE))
    return '<div class="rq-reply rq-collection">' + "".join(parts) + "</div>"


def downloads_html(collection: Collection, review: Review, style: str = "vancouver") -> str:
    """Download buttons for notes.md, refs.bib and refs.ris, each file's text carried in the page itself.

    The browser makes the file (app.js: a Blob from the hidden text): nothing is written on the server, so
    nothing of one session's can be fetched by another or outlive it.
    """
    if not collection:
        return ""
    files = (
        ("md", NOTES, "text/markdown", collection.to_markdown(review, style)),
        ("bib", BIBTEX, "application/x-bibtex", collection.to_bibtex(review)),
        ("ris", RIS, "application/x-research-info-systems", collection.to_ris(review)),
    )
    parts = []
    for key, name, mime, text in files:
        parts.append(
            f'<button type="button" class="rq-download" id="rq-download-{key}" data-file="{esc(name)}">'
            f"Download {esc(name)}</button>"
            f'<textarea class="rq-file" hidden readonly data-name="{esc(name)}" data-type="{esc(mime)}">'
            f"{esc(text)}</textarea>"
        )
    return '<div class="rq-downloads">' + "".join(parts) + "</div>"
