"""The study store: one SQLite file, opened safely and shared by the app and the CLI.

Each thread (and process) has its own connection: WAL journal (readers never wait for the writer), a busy
timeout (writers queue instead of failing), foreign keys on. A write is one `BEGIN IMMEDIATE` transaction, so
two processes writing at once both keep everything, and a process killed mid-write leaves the last committed
state. At open, under the data folder's lock, the file is checked (`PRAGMA quick_check`): a damaged one is set
aside (a new name, kept) and a new one started, never overwritten; an old schema is copied aside, then migrated
forward (`schema.MIGRATIONS`). The files are private to their owner (see `store_files`).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from reviewqa.errors import StoreUnavailable
from reviewqa.memory import store_files
from reviewqa.memory.clock import utc_now
from reviewqa.memory.location import DATABASE_NAME, data_folder
from reviewqa.memory.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 30_000


class Store:
    """The open store at `path`; `notices` are the one-line messages opening it produced (set aside, migrated)."""

    def __init__(self, path: Path, notices: tuple[str, ...] = ()):
        self.path = path
        self.notices = notices
        self._local = threading.local()
        self._shared: sqlite3.Connection | None = None  # in memory: one connection, used under a lock
        self._lock = threading.RLock()

    @classmethod
    def in_memory(cls) -> Store:
        """A store that lives as long as this object: one browser session's notebooks when nothing is kept."""
        store = cls(Path(":memory:"))
        store._shared = _connect(store.path)
        migrate(store._shared, SCHEMA_VERSION)
        return store

    @classmethod
    def open(cls, folder: str | os.PathLike[str] | None = None, now: datetime | None = None) -> Store:
        """The store in `folder` (see `location.data_folder`), created, checked and migrated as needed."""
        folder = data_folder(folder)
        notices = list(store_files.private_folder(folder))
        path = folder / DATABASE_NAME
        moment = now or utc_now()
        with store_files.deciding(folder):  # one process at a time checks, sets aside, copies and migrates
            damage = _damage(path)
            if damage:
                aside = store_files.set_aside(path, f"damaged-{moment:%Y%m%d-%H%M%S}")
                notices.append(
                    f"the study store {path} was damaged ({damage}); it is kept as {aside.name}, a new one begun"
                )
            store_files.create_private(path)
            store_files.writable_sidecars(path)
            with _errors_named(path):
                connection = _connect(path)
                try:
                    notices += _migrate(connection, path, moment)
                finally:
                    connection.close()
        return cls(path, tuple(notices))

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection (a new one after a fork: a connection must not cross processes)."""
        if self._shared is not None:
            return self._shared
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            with _errors_named(self.path):
                local.connection = _connect(self.path)
            local.pid = os.getpid()
        return local.connection

    @contextlib.contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (`BEGIN IMMEDIATE`): committed whole, or rolled back on error."""
        connection = self._connection()
        with self._serialised(), _errors_named(self.path):
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: a consistent snapshot while the block runs."""
        connection = self._connection()
        with self._serialised(), _errors_named(self.path):
            connection.execute("BEGIN")
            try:
                yield connection
            finally:
                connection.execute("ROLLBACK")

    def _serialised(self) -> contextlib.AbstractContextManager[object]:
        """The in-memory store's one connection is used by one thread at a time; files need no lock here."""
        return self._lock if self._shared is not None else contextlib.nullcontext()

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        connection = getattr(self._local, "connection", None)
        if connection is not None and getattr(self._local, "pid", None) == os.getpid():
            connection.close()
        self._local = threading.local()


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    # In WAL mode NORMAL never corrupts the file; a power cut may lose the last commits, a killed process none.
    connection.execute("PRAGMA synchronous = NORMAL")
    return connection


@contextlib.contextmanager
def _errors_named(path: Path) -> Iterator[None]:
    """sqlite3's errors as one line naming the store (a full disk, a read-only folder, a lock held too long)."""
    try:
        yield
    except sqlite3.Error as exc:
        raise StoreUnavailable(f"the study store {path} cannot be used: {exc}") from exc


def _damage(path: Path) -> str | None:
    """Why the file at `path` is not a sound SQLite database, or None (also when there is no file yet)."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            rows = connection.execute("PRAGMA quick_check").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "unable to open" in str(exc):
            return None  # busy or unreadable, not damaged: opening it will say so
        return str(exc)
    problems = [row[0] for row in rows if row[0] != "ok"]
    return "; ".join(problems[:3]) or None


def _migrate(connection: sqlite3.Connection, path: Path, moment: datetime) -> list[str]:
    """Bring the schema to SCHEMA_VERSION, copying an existing store aside first; one transaction per step."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreUnavailable(
            f"the study store {path} was written by a newer reviewqa (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}); upgrade reviewqa or choose another --data-dir"
        )
    connection.execute("PRAGMA journal_mode = WAL")  # kept in the file: every later connection uses it
    if version == SCHEMA_VERSION:
        return []
    notices = []
    if version > 0:
        backup = store_files.write_copy(connection, path, f"v{version}-backup-{moment:%Y%m%d-%H%M%S}")
        notices.append(f"the study store was upgraded from schema {version} to {SCHEMA_VERSION}; a copy is {backup}")
    migrate(connection, SCHEMA_VERSION)
    return notices


def migrate(connection: sqlite3.Connection, upto: int) -> None:
    """Apply the migrations from the store's version up to `upto`, each in its own transaction."""
    while True:
        connection.execute("BEGIN IMMEDIATE")
        version = connection.execute("PRAGMA user_version").fetchone()[0]  # another process may have gone first
        if version >= upto:
            connection.execute("ROLLBACK")
            return
        try:
            for statement in MIGRATIONS[version]:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
