"""Anki decks: the .apkg opens with Anki's own library and holds one note per item; a new export updates notes."""

from __future__ import annotations

import html
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from reviewqa.quiz.anki import DECK_ID, DECK_NAME, FIELDS, deck_bytes, note_guid
from reviewqa.quiz.bank import bank_items, item_bank
from reviewqa.quiz.mix import make_quiz

NOW = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)


def _import(tmp_path, data: bytes, collection=None):
    """Import `data` as an .apkg into an Anki collection (a new one unless given); the collection is returned."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    package = tmp_path / f"deck-{len(list(tmp_path.iterdir()))}.apkg"
    package.write_bytes(data)
    collection = collection or Collection(str(tmp_path / "anki" / "collection.anki2"))
    options = ImportAnkiPackageOptions(with_scheduling=False)
    collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options))
    return collection


def _notes(collection) -> dict[str, dict[str, str]]:
    notes = (collection.get_note(i) for i in collection.find_notes(""))
    return {n.guid: dict(zip(n.keys(), n.fields)) | {"tags": " ".join(sorted(n.tags))} for n in notes}


@pytest.fixture
def anki_folder(tmp_path):
    (tmp_path / "anki").mkdir()
    return tmp_path


def test_the_deck_opens_in_anki_with_one_note_per_item(anki_folder, review):
    items = make_quiz(review, n=6, seed=22)
    collection = _import(anki_folder, deck_bytes(items, review, NOW))
    try:
        notes = _notes(collection)
        assert list(collection.get_note(collection.find_notes("")[0]).keys()) == list(FIELDS)
        assert set(notes) == {note_guid(item) for item in items}
        first = notes[note_guid(items[0])]  # cloze: s4-p2, 'ALK' (see test_quiz_command)
        assert (first["Question"], first["Answer"], first["Options"]) == (html.escape(items[0].question), "ALK", "")
        assert first["Sentence"] == html.escape(items[0].sentence) and first["Passage"] == "s4-p2"
        assert first["Section"] == html.escape(" > ".join(items[0].section_path))
        assert first["Citations"].count("<li>") == 4 and "[66] Utsumi T" in first["Citations"]
        assert first["tags"] == "cloze reviewqa section::4"
        mc = notes[note_guid(items[1])]
        assert (
            mc["Options"] == '<ol type="A">' + "".join(f"<li>{html.escape(o)}</li>" for o in items[1].options) + "</ol>"
        )
        names = [d.name for d in collection.decks.all_names_and_ids()]
        assert DECK_NAME in names
    finally:
        collection.close()


def test_the_package_is_a_zip_of_an_anki_collection(tmp_path, review):
    items = bank_items(review, section="4. TME-driven therapeutic resistance in lung cancer", types=("study",))
    assert [i.chunk_id for i in items] == [f"t1-r{k}" for k in range(1, 15)]
    data = deck_bytes(items, review, NOW)
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        assert archive.namelist() == ["collection.anki2", "media"]
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "c.anki2") as db:
        assert db.execute("SELECT count(*) FROM notes").fetchone() == (14,)
        assert db.execute("SELECT count(*) FROM cards").fetchone() == (14,)
        assert {row[0] for row in db.execute("SELECT mod FROM notes")} == {int(NOW.timestamp())}
        assert str(DECK_ID) in db.execute("SELECT decks FROM col").fetchone()[0]


def test_a_new_export_updates_the_notes_instead_of_adding_copies(anki_folder, review):
    first = [i for i in make_quiz(review, n=9, seed=3, types=("mc",))]
    collection = _import(anki_folder, deck_bytes(first, review, NOW))
    try:
        before = _notes(collection)
        # the same items drawn with another seed: same keys, other options; and three items more
        again = {i.key: i for i in bank_items(review, types=("mc",))}
        later = [again[i.key] for i in first] + [i for i in bank_items(review, types=("study",))[:3]]
        collection = _import(anki_folder, deck_bytes(later, review, NOW + timedelta(days=1)), collection)
        after = _notes(collection)
    finally:
        collection.close()
    assert len(before) == 9 and len(after) == 12
    assert set(before) <= set(after)
    changed = [g for g in before if before[g]["Options"] != after[g]["Options"]]
    assert changed and all(after[note_guid(again[i.key])]["Answer"] == html.escape(i.answer) for i in first)


def test_all_items_once_each(review):
    bank = item_bank(review)
    assert len(bank) == 670
    assert len(deck_bytes(list(bank.values()) * 2, review, NOW)) > 0
    assert len({note_guid(item) for item in bank.values()}) == 670
