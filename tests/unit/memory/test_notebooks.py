"""Notebooks in the store: order, notes, rename, reorder, bad input in one line, users apart, missing passages kept."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from reviewqa.errors import NotebookError, UnknownChunk
from reviewqa.memory.notebooks import Notebooks, checked_name, checked_note
from reviewqa.writing.collection import Collection

NOW = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def books(store):
    return Notebooks(store, "local")


def test_add_keeps_order_time_and_note_and_each_passage_once(books, review):
    assert books.add("default", ["s3-p9", "t1-r1"], review, now=NOW) == 2
    later = NOW + timedelta(minutes=5)
    assert books.add("default", ["s4-p2", "s3-p9"], review, note="AXL bypass", now=later) == 1
    notebook = books.get("default")
    assert notebook.to_json() == {
        "name": "default",
        "items": [
            {"chunk_id": "s3-p9", "note": "AXL bypass", "added": "2025-06-01T09:30:00.000000+00:00"},
            {"chunk_id": "t1-r1", "note": "", "added": "2025-06-01T09:30:00.000000+00:00"},
            {"chunk_id": "s4-p2", "note": "AXL bypass", "added": "2025-06-01T09:35:00.000000+00:00"},
        ],
    }
    assert [(s.name, s.size) for s in books.summaries()] == [("default", 3)]
    assert books.latest() == "default"


def test_remove_rename_move_note_delete(books, review):
    books.add("thesis", ["s3-p9", "t1-r1", "s4-p2", "s2-p3"], review, now=NOW)
    books.remove("thesis", ["t1-r1"])
    books.move("thesis", "s2-p3", 1)
    books.move("thesis", "s3-p9", 99)
    assert [i.chunk_id for i in books.get("thesis").items] == ["s2-p3", "s4-p2", "s3-p9"]
    books.set_note("thesis", "s4-p2", "line one\r\nline two\x07")
    assert books.get("thesis").notes() == {"s4-p2": "line one\nline two"}
    assert books.rename("thesis", "Thesis ch. 2") == "Thesis ch. 2"
    assert books.names() == ["Thesis ch. 2"]
    books.rename("Thesis ch. 2", "thesis ch. 2")  # a change of case alone
    assert books.get("THESIS CH. 2").name == "thesis ch. 2"  # names match whatever their case
    assert books.delete("thesis ch. 2") == 3 and books.names() == []


def test_create_makes_an_empty_notebook_and_refuses_a_taken_name(books, review):
    books.create("reading list")
    assert books.get("reading list").items == ()
    with pytest.raises(NotebookError, match="there is already a notebook named 'reading list'"):
        books.create("Reading List")
    books.add("other", ["s3-p9"], review)
    with pytest.raises(NotebookError, match="there is already a notebook named 'reading list'"):
        books.rename("other", "reading list")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "a notebook needs a name"),
        ("   ", "a notebook needs a name"),
        ("x" * 65, "a notebook name is at most 64 characters (this one has 65)"),
        ("../etc/passwd", "'../etc/passwd' cannot be a notebook name: use letters, digits, spaces and"),
        ("<script>", "'<script>' cannot be a notebook name"),
        ("a\nb", "'a\\nb' cannot be a notebook name"),
        ("tab\tname", "'tab\\x09name' cannot be a notebook name"),
        ("_hidden", "'_hidden' cannot be a notebook name"),
    ],
)
def test_bad_names_are_refused_in_one_line(books, review, name, message):
    with pytest.raises(NotebookError) as caught:
        books.add(name, ["s3-p9"], review)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)
    assert books.names() == []


def test_names_in_other_scripts_and_with_punctuation_are_fine():
    assert checked_name("  Mémoire — no  ".replace("—", "-")) == "Mémoire - no"
    assert checked_name("肺癌 notes (2025), Smith & Jones + 1") == "肺癌 notes (2025), Smith & Jones + 1"


def test_a_long_note_is_refused_and_nothing_is_added(books, review):
    with pytest.raises(NotebookError, match=r"^a note is at most 2,000 characters \(this one has 10,000\)$"):
        books.add("default", ["s3-p9"], review, note="n" * 10_000)
    assert books.names() == []
    assert checked_note("n" * 2000) == "n" * 2000


def test_unknown_ids_and_notebooks_are_named(books, review):
    with pytest.raises(UnknownChunk, match="there is no passage 's99-p1'"):
        books.add("default", ["s3-p9", "s99-p1"], review)
    assert books.names() == []  # all or none
    with pytest.raises(NotebookError, match="^there is no notebook named 'nope'; there are no notebooks yet$"):
        books.get("nope")
    books.add("default", ["s3-p9"], review)
    with pytest.raises(NotebookError, match="^there is no notebook named 'nope'; your notebooks: default$"):
        books.remove("nope", ["s3-p9"])
    with pytest.raises(NotebookError, match="^passage 't1-r1' is not in notebook 'default'$"):
        books.remove("default", ["s3-p9", "t1-r1"])
    assert [i.chunk_id for i in books.get("default").items] == ["s3-p9"]
    for call in (lambda: books.move("default", "t1-r1", 1), lambda: books.set_note("default", "t1-r1", "x")):
        with pytest.raises(NotebookError, match="is not in notebook"):
            call()


def test_each_user_sees_only_their_own(store, review):
    alice, bob = Notebooks(store, "alice"), Notebooks(store, "bob")
    alice.add("default", ["s3-p9"], review)
    bob.add("default", ["t1-r1"], review)
    bob.add("bob only", ["t1-r1"], review)
    assert alice.names() == ["default"] and bob.names() == ["bob only", "default"]
    assert [i.chunk_id for i in alice.get("default").items] == ["s3-p9"]
    with pytest.raises(NotebookError):
        alice.get("bob only")


def test_a_passage_gone_from_the_review_is_kept_and_marked(books, review):
    books.add("default", ["s3-p9", "t1-r1", "s4-p2"], review, note="kept")
    changed = dataclasses.replace(review, chunks=tuple(c for c in review.chunks if c.id != "t1-r1"))
    notebook = books.get("default")
    assert [i.chunk_id for i in notebook.items] == ["s3-p9", "t1-r1", "s4-p2"]
    assert notebook.missing(changed) == ("t1-r1",) and notebook.missing(review) == ()
    assert notebook.collection(changed) == Collection(("s3-p9", "s4-p2"))
    assert notebook.collection(changed).to_markdown(changed) == Collection(("s3-p9", "s4-p2")).to_markdown(review)


def test_export_without_notes_is_todays_export_and_notes_follow_their_passage(books, review):
    books.add("default", ["s3-p9", "t1-r1"], review)
    notebook = books.get("default")
    today = Collection(("s3-p9", "t1-r1"))
    assert notebook.collection(review).to_markdown(review, notes=notebook.notes()) == today.to_markdown(review)
    books.set_note("default", "t1-r1", "compare with Table II\nand ref 66")
    notebook = books.get("default")
    notes_md = notebook.collection(review).to_markdown(review, notes=notebook.notes())
    block = "drug resistance in lung cancer\n\n**Note:** compare with Table II  \nand ref 66\n\n## References cited"
    assert block in notes_md
    assert notes_md.replace("\n\n**Note:** compare with Table II  \nand ref 66", "") == today.to_markdown(review)
