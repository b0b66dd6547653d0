"""The Collection tab: cards with remove buttons, ids checked against the review, the three files (no model)."""

from __future__ import annotations

import dataclasses
import html
import re

import bibtexparser
import rispy

from reviewqa.records import Chunk, Kind
from reviewqa.ui.collection_view import (
    collect,
    collection_html,
    collection_status,
    downloads_html,
    uncollect,
)
from reviewqa.writing.collection import Collection
from reviewqa.writing.quote import quote_markdown

ATTACK = "<img src=x onerror=alert(1)> <script>alert(2)</script>"
# s3-p8 cites 57-59, t1-r14 cites 88, s3-p9 cites 60 and 61
KEYS = ["liu2025tumor", "tian2025egfr", "parente2018crosstalk", "reichel2019biological", "lu2023reprogramming"]


def test_collect_takes_only_ids_of_the_review(review):
    notes = collect(collect(Collection(), "s3-p8", review), " t1-r14 ", review)
    assert notes.chunk_ids == ("s3-p8", "t1-r14")
    for bad in ("", "../../etc/passwd", ATTACK, "s3-p999", None):
        assert collect(notes, bad, review) is notes
    assert collect(notes, "s3-p8", review).chunk_ids == ("s3-p8", "t1-r14")
    assert uncollect(notes, "s3-p8").chunk_ids == ("t1-r14",)
    assert uncollect(notes, "nothing").chunk_ids == notes.chunk_ids and uncollect(notes, None) == notes


def test_collection_lists_cards_in_order_with_remove_buttons(review):
    assert "Nothing collected yet" in collection_html(Collection(), review)
    out = collection_html(Collection(("t1-r14", "s3-p8")), review)
    assert re.findall(r'class="rq-card rq-chunk-(\S+)"', out) == ["t1-r14", "s3-p8"]
    assert out.count('class="rq-uncollect"') == 2 and 'class="rq-collect"' not in out
    assert "2 passages collected · 4 references cited" in out
    assert re.findall(r"<summary>\[(\d+)\]</summary>", out) == ["88", "57", "58", "59"]
    quotes = [html.unescape(q) for q in re.findall(r'<span class="rq-quote">(.*?)</span>', out)]
    assert quotes == [quote_markdown(review.chunk(i), review) for i in ("t1-r14", "s3-p8")]
    assert "First author, year: Lu, 2023<br>" in out  # a table row keeps its lines


def test_status_counts_passages_and_references(review):
    assert collection_status(Collection(), review) == '<div class="rq-status">0 passages collected</div>'
    assert "1 passage collected · 3 references cited" in collection_status(Collection(("s3-p8",)), review)
    assert "1 passage collected · 1 reference cited" in collection_status(Collection(("t1-r14",)), review)


def test_collected_text_is_escaped(review):
    bad = Chunk("x-1", Kind.TEXT, ("1. <b>Intro</b>",), f"Before {ATTACK} after (57).", (57,))
    doctored = dataclasses.replace(review, chunks=(*review.chunks, bad))
    out = collection_html(collect(Collection(), "x-1", doctored), doctored)
    assert "<img" not in out and "<script" not in out and "<b>" not in out
    assert "Before &lt;img src=x onerror=alert(1)&gt;" in out and "\n" not in out


def _carried_files(page: str) -> dict[str, str]:
    """name -> text of the files a downloads block carries (what the browser's Blob will hold)."""
    pattern = r'<textarea class="rq-file" hidden readonly data-name="([^"]+)"[^>]*>(.*?)</textarea>'
    found = re.findall(pattern, page, re.S)
    return {name: html.unescape(text) for name, text in found}


def test_downloads_carry_the_three_files_in_the_page(review):
    notes = Collection(("s3-p8", "t1-r14"))
    page = downloads_html(notes, review)
    assert re.findall(r'id="rq-download-(\w+)" data-file="([^"]+)"', page) == [
        ("md", "notes.md"),
        ("bib", "refs.bib"),
        ("ris", "refs.ris"),
    ]
    files = _carried_files(page)
    assert files["notes.md"] == notes.to_markdown(review)
    assert [e.key for e in bibtexparser.parse_string(files["refs.bib"]).entries] == KEYS
    assert [r["id"] for r in rispy.loads(files["refs.ris"])] == KEYS
    assert downloads_html(Collection(), review) == ""  # nothing collected, nothing to download


def test_downloads_escape_what_they_carry(review):
    bad = Chunk("x-1", Kind.TEXT, ("1. Introduction",), "</textarea><script>alert('x')</script>", ())
    doctored = dataclasses.replace(review, chunks=(*review.chunks, bad))
    page = downloads_html(Collection(("x-1",)), doctored)
    assert "<script>" not in page and page.count("</textarea>") == 3
    assert "</textarea><script>alert('x')</script>" in _carried_files(page)["notes.md"]
