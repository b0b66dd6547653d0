"""The Collection tab: cards with remove buttons, ids checked against the review, the three files (no model)."""

from __future__ import annotations

import dataclasses
import html
import re

import bibtexparser
import rispy

from reviewqa.collection import Collection
from reviewqa.collection_view import (
    collect,
    collection_html,
    collection_status,
    export_folder,
    remove_folder,
    uncollect,
    write_exports,
)
from reviewqa.datatypes import Chunk, Kind
from reviewqa.quote import quote_markdown

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


def test_exports_are_written_under_fixed_names(review):
    notes = Collection(("s3-p8", "t1-r14"))
    folder = export_folder()
    try:
        files = write_exports(notes, review, folder)
        assert [p.name for p in (files.notes, files.bibtex, files.ris)] == ["notes.md", "refs.bib", "refs.ris"]
        assert sorted(p.name for p in folder.iterdir()) == ["notes.md", "refs.bib", "refs.ris"]
        assert files.notes.read_text(encoding="utf-8") == notes.to_markdown(review)
        assert [e.key for e in bibtexparser.parse_string(files.bibtex.read_text(encoding="utf-8")).entries] == KEYS
        assert [r["id"] for r in rispy.loads(files.ris.read_text(encoding="utf-8"))] == KEYS
        again = write_exports(notes.add("s3-p9"), review, folder)  # rewritten in place, same names
        assert again == files and "[^60]:" in files.notes.read_text(encoding="utf-8")
    finally:
        remove_folder(folder)
    assert not folder.exists()
    remove_folder(None)  # a session that never collected has no folder
