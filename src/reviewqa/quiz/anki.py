"""Anki decks (.apkg) of quiz items, made with genanki: one note per item, front the question (and its options),
back the answer, the source sentence, the section and the citations.

The deck id, the note type id and every note's GUID (from the item's stable key) never change, so importing a new
export updates the notes already in Anki (Anki matches them by GUID and keeps their review history) instead of
adding copies. Anki fields are HTML by Anki's file format: every text put in them is escaped here.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import genanki

from reviewqa.corpus.review import Review
from reviewqa.quiz.items import QuizItem

DECK_NAME = "reviewqa::The tumor microenvironment in lung cancer (Liu et al., 2025)"
FIELDS = ("Question", "Options", "Answer", "Sentence", "Section", "Citations", "Passage")
_FRONT = '<div class="question">{{Question}}</div>{{#Options}}<div class="options">{{Options}}</div>{{/Options}}'
_BACK = (
    '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>'
    '<div class="sentence">{{Sentence}}</div><div class="where">{{Section}} · passage {{Passage}}</div>'
    '{{#Citations}}<div class="citations">{{Citations}}</div>{{/Citations}}'
)
_CSS = (
    ".card { font-family: sans-serif; font-size: 18px; text-align: left; }\n"
    ".answer { font-weight: bold; font-size: 20px; }\n.sentence { margin-top: 8px; font-style: italic; }\n"
    ".where, .citations { margin-top: 8px; font-size: 14px; opacity: .8; }\n"
)


def _stable_id(label: str) -> int:
    """An id in Anki's range, the same on every run and machine."""
    return (1 << 30) + int.from_bytes(hashlib.sha256(label.encode()).digest()[:4], "big") % (1 << 30)


DECK_ID = _stable_id("reviewqa deck: 10.3892/ijo.2025.5824")
MODEL_ID = _stable_id("reviewqa note type: question/options/answer/sentence/section/citations/passage v1")
MODEL = genanki.Model(
    MODEL_ID,
    "reviewqa quiz item",
    fields=[{"name": name} for name in FIELDS],
    templates=[{"name": "Recall", "qfmt": _FRONT, "afmt": _BACK}],
    css=_CSS,
)


def note_guid(item: QuizItem) -> str:
    """The note's GUID: from the item's key alone, so a new export updates the same note."""
    return str(genanki.guid_for("reviewqa", item.key))


def note_fields(item: QuizItem, review: Review) -> list[str]:
    """The note's fields in FIELDS order, each escaped for Anki's HTML."""
    esc = html.escape
    options = "".join(f"<li>{esc(option)}</li>" for option in item.options)
    citations = "".join(f"<li>[{n}] {esc(review.reference(n).citation)}</li>" for n in item.refs)
    return [
        esc(item.question),
        f'<ol type="A">{options}</ol>' if options else "",
        esc(item.answer),
        esc(item.sentence),
        esc(" > ".join(item.section_path)),
        f"<ul>{citations}</ul>" if citations else "",
        esc(item.chunk_id),
    ]


def note_tags(item: QuizItem) -> list[str]:
    """'reviewqa', the item type and 'section::4' (Anki tags hold no spaces)."""
    number = item.section_path[0].split(".", 1)[0] if item.section_path else ""
    return ["reviewqa", item.type, *([f"section::{number}"] if number.isdigit() else [])]


def deck_bytes(items: Iterable[QuizItem], review: Review, now: datetime) -> bytes:
    """The .apkg file of one deck holding a note per distinct item (by key), made at `now`.

    Anki updates an imported note only when the file's copy is newer, so the notes carry the export's time.
    """
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    seen: set[str] = set()
    for item in items:
        if item.key in seen:
            continue
        seen.add(item.key)
        fields = note_fields(item, review)
        deck.add_note(genanki.Note(model=MODEL, fields=fields, guid=note_guid(item), tags=note_tags(item)))
    return _package(genanki.Package(deck), now.timestamp())


def _package(package: genanki.Package, timestamp: float) -> bytes:
    """The zip Anki imports: the SQLite collection genanki fills, and an empty media list (genanki's own
    `write_to_file` leaves its temporary database behind, so the collection is made in a folder removed after)."""
    with tempfile.TemporaryDirectory(prefix="reviewqa-anki-") as folder:
        path = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(path)
        try:
            package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            connection.commit()
        finally:
            connection.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(path, "collection.anki2")
            archive.writestr("media", "{}")
    return buffer.getvalue()
