"""Named notebooks of passages, one user's each: add, remove, rename, reorder, a personal note per passage.

A notebook replaces the app's per-session collection and exports the same files (`writing.collection`), with the
notes added to notes.md. An item whose passage the review no longer has (the corpus changed) is kept and marked
missing, never dropped.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from reviewqa.corpus.review import Review
from reviewqa.errors import NotebookError
from reviewqa.memory.clock import stamp, utc_now
from reviewqa.memory.database import Store
from reviewqa.writing.collection import Collection

DEFAULT_NOTEBOOK = "default"
MAX_NAME_CHARS = 64
MAX_NOTE_CHARS = 2_000
_NAME = re.compile(r"[^\W_][\w .,'()&+-]*")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # but tab and newline
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class NotebookItem:
    """One passage of a notebook: its chunk id, when it was added, the user's note ('' when none)."""

    chunk_id: str
    note: str
    added: str

    def to_json(self) -> dict:
        return {"chunk_id": self.chunk_id, "note": self.note, "added": self.added}


@dataclass(frozen=True)
class Notebook:
    """A notebook's passages in notebook order."""

    name: str
    items: tuple[NotebookItem, ...]

    def to_json(self) -> dict:
        """The JSON of `reviewqa notebook show --json`."""
        return {"name": self.name, "items": [item.to_json() for item in self.items]}

    def missing(self, review: Review) -> tuple[str, ...]:
        """The chunk ids the review no longer has, in notebook order."""
        return tuple(item.chunk_id for item in self.items if not review.has_chunk(item.chunk_id))

    def collection(self, review: Review) -> Collection:
        """The passages the review still has, in notebook order: what is exported."""
        return Collection(tuple(item.chunk_id for item in self.items if review.has_chunk(item.chunk_id)))

    def notes(self) -> dict[str, str]:
        """chunk id -> the user's note, for the items that have one."""
        return {item.chunk_id: item.note for item in self.items if item.note}


@dataclass(frozen=True)
class NotebookSummary:
    """A line of the notebook list: name, number of passages, last change."""

    name: str
    size: int
    updated: str


def shown(text: str, limit: int = 40) -> str:
    """A user's text fit for a one-line message: control characters escaped, cut at `limit` characters."""
    text = _ANY_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text.replace("\n", "\\n"))
    return text if len(text) <= limit else text[:limit] + "…"


def checked_name(name: str | None) -> str:
    """The notebook name, surrounding spaces trimmed; NotebookError says what a name may hold."""
    text = (name or "").strip()
    if not text:
        raise NotebookError("a notebook needs a name")
    if len(text) > MAX_NAME_CHARS:
        raise NotebookError(f"a notebook name is at most {MAX_NAME_CHARS} characters (this one has {len(text)})")
    if not _NAME.fullmatch(text):
        raise NotebookError(
            f"'{shown(text)}' cannot be a notebook name: use letters, digits, spaces and - _ . , ' ( ) & +, "
            "starting with a letter or digit"
        )
    return text


def checked_note(note: str | None) -> str:
    """The note with line endings unified and control characters removed; NotebookError when too long."""
    text = _CONTROL.sub("", (note or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")).strip()
    if len(text) > MAX_NOTE_CHARS:
        raise NotebookError(f"a note is at most {MAX_NOTE_CHARS:,} characters (this one has {len(text):,})")
    return text


class Notebooks:
    """One user's notebooks in a store (a file, or in memory for one browser session)."""

    def __init__(self, store: Store, user: str):
        self.store = store
        self.user = user

    def summaries(self) -> list[NotebookSummary]:
        """Every notebook of the user, by name."""
        with self.store.reading() as db:
            rows = db.execute(
                "SELECT n.name, count(i.chunk_id), n.updated FROM notebooks n "
                "LEFT JOIN notebook_items i ON i.notebook_id = n.id WHERE n.user = ? GROUP BY n.id ORDER BY n.name",
                (self.user,),
            ).fetchall()
        return [NotebookSummary(*row) for row in rows]

    def names(self) -> list[str]:
        return [summary.name for summary in self.summaries()]

    def latest(self) -> str | None:
        """The notebook changed last, or None when there is none."""
        summaries = self.summaries()
        return max(summaries, key=lambda s: s.updated).name if summaries else None

    def get(self, name: str) -> Notebook:
        """The notebook and its items in order; NotebookError when there is no such notebook."""
        with self.store.reading() as db:
            notebook_id, stored_name = self._find(db, name)
            rows = db.execute(
                "SELECT chunk_id, note, added FROM notebook_items WHERE notebook_id = ? ORDER BY position, added",
                (notebook_id,),
            ).fetchall()
        return Notebook(stored_name, tuple(NotebookItem(*row) for row in rows))

    def create(self, name: str, now: datetime | None = None) -> str:
        """A new, empty notebook; NotebookError if the name is taken or cannot be a name."""
        name = checked_name(name)
        with self.store.writing() as db:
            taken = self._lookup(db, name)
            if taken is not None:
                raise NotebookError(f"there is already a notebook named '{shown(taken[1])}'")
            when = stamp(now or utc_now())
            db.execute(
                "INSERT INTO notebooks (user, name, created, updated) VALUES (?, ?, ?, ?)",
                (self.user, name, when, when),
            )
        return name

    def add(
        self, name: str, chunk_ids: Sequence[str], review: Review, note: str = "", now: datetime | None = None
    ) -> int:
        """Add passages to the end of the notebook (made if needed); a passage already in it keeps its place and
        takes the note if one is given. Every id is checked against the review first. Returns how many were new."""
        name, note = checked_name(name), checked_note(note)
        ids = list(dict.fromkeys(review.chunk(chunk_id.strip()).id for chunk_id in chunk_ids))
        when = stamp(now or utc_now())
        with self.store.writing() as db:
            found = self._lookup(db, name)
            if found is None:
                cursor = db.execute(
                    "INSERT INTO notebooks (user, name, created, updated) VALUES (?, ?, ?, ?)",
                    (self.user, name, when, when),
                )
                notebook_id = int(cursor.lastrowid or 0)
            else:
                notebook_id = found[0]
            placed = dict(
                db.execute("SELECT chunk_id, position FROM notebook_items WHERE notebook_id = ?", (notebook_id,))
            )
            present, last = set(placed), max(placed.values(), default=0)
            new = [chunk_id for chunk_id in ids if chunk_id not in present]
            db.executemany(
                "INSERT INTO notebook_items (notebook_id, chunk_id, position, note, added) VALUES (?, ?, ?, ?, ?)",
                [(notebook_id, chunk_id, last + i, note, when) for i, chunk_id in enumerate(new, start=1)],
            )
            if note:
                db.executemany(
                    "UPDATE notebook_items SET note = ? WHERE notebook_id = ? AND chunk_id = ?",
                    [(note, notebook_id, chunk_id) for chunk_id in ids if chunk_id in present],
                )
            self._touch(db, notebook_id, when)
        return len(new)

    def remove(self, name: str, chunk_ids: Iterable[str], now: datetime | None = None) -> None:
        """Take passages out; NotebookError (and nothing removed) if one of them is not in the notebook."""
        with self.store.writing() as db:
            notebook_id, stored = self._find(db, name)
            present = self._ids(db, notebook_id)
            ids = [chunk_id.strip() for chunk_id in chunk_ids]
            for chunk_id in ids:
                if chunk_id not in present:
                    raise NotebookError(f"passage '{shown(chunk_id)}' is not in notebook '{stored}'")
            db.executemany(
                "DELETE FROM notebook_items WHERE notebook_id = ? AND chunk_id = ?", [(notebook_id, i) for i in ids]
            )
            self._touch(db, notebook_id, stamp(now or utc_now()))

    def rename(self, old: str, new: str, now: datetime | None = None) -> str:
        """Give a notebook a new name (a change of case alone is allowed)."""
        new = checked_name(new)
        with self.store.writing() as db:
            notebook_id, _ = self._find(db, old)
            taken = self._lookup(db, new)
            if taken is not None and taken[0] != notebook_id:
                raise NotebookError(f"there is already a notebook named '{shown(taken[1])}'")
            db.execute("UPDATE notebooks SET name = ? WHERE id = ?", (new, notebook_id))
            self._touch(db, notebook_id, stamp(now or utc_now()))
        return new

    def move(self, name: str, chunk_id: str, position: int, now: datetime | None = None) -> None:
        """Put a passage at `position` (1 = first; past the end = last); the others keep their order."""
        with self.store.writing() as db:
            notebook_id, stored = self._find(db, name)
            order = self._ids(db, notebook_id)
            if chunk_id not in order:
                raise NotebookError(f"passage '{shown(chunk_id)}' is not in notebook '{stored}'")
            order.remove(chunk_id)
            order.insert(max(0, min(len(order), position - 1)), chunk_id)
            db.executemany(
                "UPDATE notebook_items SET position = ? WHERE notebook_id = ? AND chunk_id = ?",
                [(i, notebook_id, item) for i, item in enumerate(order, start=1)],
            )
            self._touch(db, notebook_id, stamp(now or utc_now()))

    def set_note(self, name: str, chunk_id: str, note: str, now: datetime | None = None) -> None:
        """Replace a passage's note ('' removes it)."""
        note = checked_note(note)
        with self.store.writing() as db:
            notebook_id, stored = self._find(db, name)
            changed = db.execute(
                "UPDATE notebook_items SET note = ? WHERE notebook_id = ? AND chunk_id = ?",
                (note, notebook_id, chunk_id),
            ).rowcount
            if not changed:
                raise NotebookError(f"passage '{shown(chunk_id)}' is not in notebook '{stored}'")
            self._touch(db, notebook_id, stamp(now or utc_now()))

    def delete(self, name: str) -> int:
        """Delete a notebook and its items; returns how many passages it held."""
        with self.store.writing() as db:
            notebook_id, _ = self._find(db, name)
            (size,) = db.execute("SELECT count(*) FROM notebook_items WHERE notebook_id = ?", (notebook_id,)).fetchone()
            db.execute("DELETE FROM notebooks WHERE id = ?", (notebook_id,))
        return size

    def _lookup(self, db: sqlite3.Connection, name: str) -> tuple[int, str] | None:
        row = db.execute("SELECT id, name FROM notebooks WHERE user = ? AND name = ?", (self.user, name)).fetchone()
        return (int(row[0]), str(row[1])) if row else None

    def _find(self, db: sqlite3.Connection, name: str) -> tuple[int, str]:
        found = self._lookup(db, (name or "").strip())
        if found is None:
            names = [
                row[0] for row in db.execute("SELECT name FROM notebooks WHERE user = ? ORDER BY name", (self.user,))
            ]
            listed = ", ".join(names[:10]) + (", …" if len(names) > 10 else "")
            have = f"your notebooks: {listed}" if names else "there are no notebooks yet"
            raise NotebookError(f"there is no notebook named '{shown(name or '')}'; {have}")
        return found

    @staticmethod
    def _ids(db: sqlite3.Connection, notebook_id: int) -> list[str]:
        rows = db.execute(
            "SELECT chunk_id FROM notebook_items WHERE notebook_id = ? ORDER BY position, added", (notebook_id,)
        )
        return [row[0] for row in rows]

    @staticmethod
    def _touch(db: sqlite3.Connection, notebook_id: int, when: str) -> None:
        db.execute("UPDATE notebooks SET updated = ? WHERE id = ?", (when, notebook_id))
