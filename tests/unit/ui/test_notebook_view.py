"""The Notebooks tab's HTML: cards with note/move/remove buttons, notes and missing passages shown, escaped; the four
files carried in the page (no model)."""

from __future__ import annotations

import dataclasses
import html
import re

import bibtexparser
import rispy

from reviewqa.memory.notebooks import Notebook, NotebookItem
from reviewqa.records import Chunk, Kind
from reviewqa.ui.notebook_view import collected_ids, downloads_html, notebook_html, notebook_status
from reviewqa.writing.collection import Collection
from reviewqa.writing.quote import quote_markdown

ATTACK = "<img src=x onerror=alert(1)> <script>alert(2)</script>"
# s3-p8 cites 57-59, t1-r14 cites 88, s3-p9 cites 60 and 61
KEYS = ["liu2025tumor", "tian2025egfr", "parente2018crosstalk", "reichel2019biological", "lu2023reprogramming"]


def _notebook(*ids: str, notes: dict[str, str] | None = None, name: str = "default") -> Notebook:
    notes = notes or {}
    return Notebook(name, tuple(NotebookItem(i, notes.get(i, ""), "2025-06-01T09:30:00+00:00") for i in ids))


def test_the_notebook_lists_cards_in_order_with_their_buttons(review):
    assert "Nothing here yet" in notebook_html(None, review) and "Nothing here yet" in notebook_html(
        _notebook(), review
    )
    out = notebook_html(_notebook("t1-r14", "s3-p8"), review)
    assert re.findall(r'class="rq-card rq-chunk-(\S+)"', out) == ["t1-r14", "s3-p8"]
    for button in ("rq-uncollect", "rq-up", "rq-down", "rq-note-edit"):
        assert out.count(f'class="{button}"') == 2
    assert 'class="rq-collect"' not in out
    assert "2 passages in notebook ‘default’ · 4 references cited" in out
    assert re.findall(r"<summary>\[(\d+)\]</summary>", out) == ["88", "57", "58", "59"]
    quotes = [html.unescape(q) for q in re.findall(r'<span class="rq-quote">(.*?)</span>', out)]
    assert quotes == [quote_markdown(review.chunk(i), review) for i in ("t1-r14", "s3-p8")]
    assert "First author, year: Lu, 2023<br>" in out  # a table row keeps its lines


def test_status_counts_passages_and_references(review):
    assert notebook_status(None, review) == '<div class="rq-status">0 passages collected</div>'
    assert "1 passage in notebook ‘thesis’ · 3 references cited" in notebook_status(
        _notebook("s3-p8", name="thesis"), review
    )
    assert "1 passage in notebook ‘default’ · 1 reference cited" in notebook_status(_notebook("t1-r14"), review)
    assert notebook_status(_notebook(name="<b>x</b>"), review) == (
        '<div class="rq-status">0 passages in notebook ‘&lt;b&gt;x&lt;/b&gt;’</div>'
    )


def test_notes_and_missing_passages_are_shown_escaped(review):
    notebook = _notebook("s3-p8", "gone-1", notes={"s3-p8": f"see {ATTACK}\nline two", "gone-1": "kept note"})
    out = notebook_html(notebook, review)
    assert "<img" not in out and "<script" not in out
    assert "see &lt;img src=x onerror=alert(1)&gt; &lt;script&gt;alert(2)&lt;/script&gt;<br>line two" in out
    missing = re.search(r'<div class="rq-card rq-missing rq-chunk-gone-1">.*?</div></div>', out).group()
    assert "Passage gone-1 is no longer in the review" in missing and "kept note" in missing
    assert 'class="rq-uncollect"' in missing and 'class="rq-up"' not in missing


def test_collected_text_is_escaped(review):
    bad = Chunk("x-1", Kind.TEXT, ("1. <b>Intro</b>",), f"Before {ATTACK} after (57).", (57,))
    doctored = dataclasses.replace(review, chunks=(*review.chunks, bad))
    out = notebook_html(_notebook("x-1"), doctored)
    assert "<img" not in out and "<script" not in out and "<b>" not in out
    assert "Before &lt;img src=x onerror=alert(1)&gt;" in out and "\n" not in out


def _carried_files(page: str) -> dict[str, str]:
    """name -> text of the files a downloads block carries (what the browser's Blob will hold)."""
    pattern = r'<textarea class="rq-file" hidden readonly data-name="([^"]+)"[^>]*>(.*?)</textarea>'
    return {name: html.unescape(text) for name, text in re.findall(pattern, page, re.S)}


def test_downloads_carry_the_four_files_in_the_page(review):
    notebook = _notebook("s3-p8", "t1-r14", "gone-1", notes={"t1-r14": "compare"})
    page = downloads_html(notebook, review)
    assert re.findall(r'id="rq-download-(\w+)" data-file="([^"]+)"', page) == [
        ("md", "notes.md"),
        ("bib", "refs.bib"),
        ("ris", "refs.ris"),
        ("csl", "refs.json"),
    ]
    files = _carried_files(page)
    today = Collection(("s3-p8", "t1-r14"))
    assert files["notes.md"] == today.to_markdown(review, notes={"t1-r14": "compare"})
    assert files["notes.md"].replace("\n\n**Note:** compare", "") == today.to_markdown(review)
    assert [e.key for e in bibtexparser.parse_string(files["refs.bib"]).entries] == KEYS
    assert [r["id"] for r in rispy.loads(files["refs.ris"])] == KEYS
    assert files["refs.json"] == today.to_csl_json(review)
    assert downloads_html(_notebook(), review) == "" and downloads_html(None, review) == ""


def test_downloads_escape_what_they_carry(review):
    bad = Chunk("x-1", Kind.TEXT, ("1. Introduction",), "</textarea><script>alert('x')</script>", ())
    doctored = dataclasses.replace(review, chunks=(*review.chunks, bad))
    page = downloads_html(_notebook("x-1"), doctored)
    assert "<script>" not in page and page.count("</textarea>") == 4
    assert "</textarea><script>alert('x')</script>" in _carried_files(page)["notes.md"]


def test_removed_passages_and_notebooks_come_back_with_undo(store, review):
    from reviewqa.memory.notebooks import Notebooks
    from reviewqa.ui.notebook_view import Removed, removed_html, restore

    books = Notebooks(store, "local")
    books.add("thesis", ["s3-p8", "t1-r14", "s3-p9"], review)
    books.set_note("thesis", "t1-r14", "compare Table II")
    before = books.get("thesis")
    taken = Removed.of(before, ("t1-r14",))
    assert [(place, item.chunk_id, item.note) for place, item in taken.items] == [(2, "t1-r14", "compare Table II")]
    books.remove("thesis", ["t1-r14"])
    assert removed_html(taken) == '<div class="rq-status rq-removed">Removed passage t1-r14 from ‘thesis’.</div>'
    restore(books, taken, review)  # back in its place, with its note
    assert [(i.chunk_id, i.note) for i in books.get("thesis").items] == [(i.chunk_id, i.note) for i in before.items]
    whole = Removed.of(books.get("thesis"))
    assert whole.deleted and "Deleted notebook ‘thesis’ (3 passages)." in removed_html(whole)
    books.delete("thesis")
    restore(books, whole, review)
    assert [(i.chunk_id, i.note) for i in books.get("thesis").items] == [(i.chunk_id, i.note) for i in before.items]
    assert removed_html(None) == ""


def test_notes_md_in_either_citation_style(review):
    from reviewqa.ui.notebook_view import STYLE_CHOICES

    notebook = _notebook("s3-p9")
    assert [value for _, value in STYLE_CHOICES] == ["vancouver", "apa"]
    texts = {
        style: html.unescape(
            re.search(
                r'data-name="notes.md"[^>]*>(.*?)</textarea>', downloads_html(notebook, review, style), re.S
            ).group(1)
        )
        for style in ("vancouver", "apa")
    }
    assert texts["apa"] == Collection(("s3-p9",)).to_markdown(review, "apa") != texts["vancouver"]
    assert "refs.json" in downloads_html(notebook, review, "apa")  # CSL-JSON, as `reviewqa notebook export --csl`


def test_the_ids_collected_travel_hidden_in_the_status_for_the_cards_to_say_collected(review):
    assert collected_ids(None) == '<span class="rq-collected-ids"></span>'
    assert collected_ids(_notebook("t1-r14", "s3-p8")) == '<span class="rq-collected-ids">t1-r14 s3-p8</span>'
