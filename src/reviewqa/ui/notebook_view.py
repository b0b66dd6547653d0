"""The app's notebook panel as escaped HTML: the passages as cards (note, move, remove), missing ones marked, the
status line, and the files to download (made by the browser from text carried in the page: the server writes
none)."""

from __future__ import annotations

from dataclasses import dataclass

from reviewqa.corpus.review import Review
from reviewqa.memory.notebooks import Notebook, NotebookItem, Notebooks
from reviewqa.search.results import hit_for
from reviewqa.ui.cards import NOTEBOOK_ACTIONS, REMOVE, action_button, card, esc, keep_lines
from reviewqa.writing.quote import quote_markdown

NOTES, BIBTEX, RIS, CSL = "notes.md", "refs.bib", "refs.ris", "refs.json"
STYLE_CHOICES = [("Vancouver (as the review)", "vancouver"), ("APA 7", "apa")]
EMPTY = (
    "Nothing here yet. Press <b>Collect</b> under a passage in the Ask tab; the passages gathered in a notebook "
    "download as one Markdown file of quotations (with your notes) and one .bib / .ris / CSL-JSON of every "
    "reference they cite."
)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def notebook_status(notebook: Notebook | None, review: Review) -> str:
    """'2 passages in notebook ‘default’ · 5 references cited' (escaped HTML, one line)."""
    if notebook is None:
        return f'<div class="rq-status">{esc("0 passages collected")}</div>'
    size = len(notebook.items)
    refs = len(notebook.collection(review).reference_numbers(review))
    text = f"{plural(size, 'passage')} in notebook ‘{notebook.name}’"
    text += f" · {plural(refs, 'reference')} cited" if size else ""
    return f'<div class="rq-status">{esc(text)}</div>'


def collected_ids(notebook: Notebook | None) -> str:
    """The ids of the notebook's passages, hidden in the page: the page's script marks the cards showing them
    'Collected ✓' (after a reload too: the chat's cards are drawn without knowing the notebook)."""
    ids = " ".join(esc(item.chunk_id) for item in notebook.items) if notebook is not None else ""
    return f'<span class="rq-collected-ids">{ids}</span>'


def _note_html(note: str) -> str:
    if not note:
        return ""
    return f'<div class="rq-note"><span class="rq-label">Note</span> {keep_lines(note).replace("&#10;", "<br>")}</div>'


def notebook_html(notebook: Notebook | None, review: Review) -> str:
    """Every passage of the notebook in order, as a card with copy, note, move and remove buttons; a passage the
    review no longer has is shown as such (kept, with its note)."""
    if notebook is None or not notebook.items:
        return f'<div class="rq-reply"><div class="rq-empty">{EMPTY}</div></div>'
    parts = [notebook_status(notebook, review)]
    for rank, item in enumerate(notebook.items, start=1):
        if not review.has_chunk(item.chunk_id):
            parts.append(
                f'<div class="rq-card rq-missing rq-chunk-{esc(item.chunk_id)}"><div class="rq-head">'
                f'<span class="rq-rank">{rank}.</span></div><div class="rq-notice">Passage {esc(item.chunk_id)} is '
                "no longer in the review (the review text changed): kept here with your note, left out of the "
                f'downloads.</div>{_note_html(item.note)}<div class="rq-foot">{action_button(*REMOVE)}</div></div>'
            )
            continue
        chunk = review.chunk(item.chunk_id)
        body = keep_lines(chunk.text).replace("&#10;", "<br>") + _note_html(item.note)
        hit = hit_for(review, chunk, rank)
        parts.append(card(hit, body, quote_markdown(chunk, review), scored=False, actions=NOTEBOOK_ACTIONS))
    return '<div class="rq-reply rq-collection">' + "".join(parts) + "</div>"


def downloads_html(notebook: Notebook | None, review: Review, style: str = "vancouver") -> str:
    """Download buttons for notes.md, refs.bib, refs.ris and refs.json, each file's text carried in the page.

    The browser makes the file (app.js: a Blob from the hidden text): nothing is written on the server, so
    nothing of one user's can be fetched by another.
    """
    collection = notebook.collection(review) if notebook is not None else None
    if not collection:
        return ""
    files = (
        (
            "md",
            NOTES,
            "text/markdown",
            collection.to_markdown(review, style, notes=notebook.notes() if notebook else {}),
        ),
        ("bib", BIBTEX, "application/x-bibtex", collection.to_bibtex(review)),
        ("ris", RIS, "application/x-research-info-systems", collection.to_ris(review)),
        ("csl", CSL, "application/vnd.citationstyles.csl+json", collection.to_csl_json(review)),
    )
    parts = [file_download(key, name, mime, text) for key, name, mime, text in files]
    return '<div class="rq-downloads">' + "".join(parts) + "</div>"


def file_download(key: str, name: str, mime: str, text: str, encoding: str = "text") -> str:
    """A download button and the file it makes, hidden beside it (text, or base64 for binary files)."""
    return (
        f'<button type="button" class="rq-download" id="rq-download-{esc(key)}" data-file="{esc(name)}">'
        f"Download {esc(name)}</button>"
        f'<textarea class="rq-file" hidden readonly data-name="{esc(name)}" data-type="{esc(mime)}" '
        f'data-encoding="{esc(encoding)}">{esc(text)}</textarea>'
    )


def notice_html(message: str) -> str:
    """A notice over the panel (notebooks off, a name refused); '' for none."""
    return f'<div class="rq-notice">{esc(message)}</div>' if message else ""


def note_label(chunk_id: str, review: Review) -> str:
    """What the note editor is about: 'Your note on passage s3-p9 · 3. … > Resistance to targeted therapy'."""
    where = " › ".join(review.chunk(chunk_id).section_path) if review.has_chunk(chunk_id) else "no longer in the review"
    return f'<div class="rq-label">Your note on passage {esc(chunk_id)} · {esc(where)}</div>'


@dataclass(frozen=True)
class Removed:
    """What a Remove or a Delete took away, for Undo: the notebook and each passage with its place and note."""

    notebook: str
    items: tuple[tuple[int, NotebookItem], ...]  # (1-based place, item)
    deleted: bool = False

    @classmethod
    def of(cls, notebook: Notebook, chunk_ids: tuple[str, ...] | None = None) -> Removed:
        """The passages `chunk_ids` of `notebook` (None: the whole notebook, deleted)."""
        kept = [(place, item) for place, item in enumerate(notebook.items, start=1)]
        chosen = kept if chunk_ids is None else [(p, i) for p, i in kept if i.chunk_id in chunk_ids]
        return cls(notebook.name, tuple(chosen), deleted=chunk_ids is None)


def removed_html(removed: Removed | None) -> str:
    """'Removed passage s3-p9 from ‘default’.' or 'Deleted notebook ‘thesis’ (3 passages).', beside Undo."""
    if removed is None:
        return ""
    if removed.deleted:
        text = f"Deleted notebook ‘{removed.notebook}’ ({plural(len(removed.items), 'passage')})."
    else:
        ids = ", ".join(item.chunk_id for _, item in removed.items)
        text = f"Removed passage {ids} from ‘{removed.notebook}’."
    return f'<div class="rq-status rq-removed">{esc(text)}</div>'


def restore(books: Notebooks, removed: Removed, review: Review) -> str:
    """Add the passages back to their notebook (made again when deleted), each with its note, in its old place."""
    for place, item in sorted(removed.items, key=lambda pair: pair[0]):
        books.add(removed.notebook, [item.chunk_id], review, note=item.note)
        books.move(removed.notebook, item.chunk_id, place)
    if not removed.items:
        books.create(removed.notebook)
    return removed.notebook
