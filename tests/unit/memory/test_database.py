"""The store's file: data folder, pragmas, integrity check at open, damaged files set aside, forward migrations."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reviewqa.errors import StoreUnavailable
from reviewqa.memory.database import Store, migrate
from reviewqa.memory.location import data_folder
from reviewqa.memory.notebooks import Notebooks
from reviewqa.memory.schema import SCHEMA_VERSION

NOW = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)


def test_data_folder_explicit_then_environment_then_platform(monkeypatch, tmp_path):
    monkeypatch.setenv("REVIEWQA_DATA_DIR", str(tmp_path / "env"))
    assert data_folder(tmp_path / "flag") == tmp_path / "flag"
    assert data_folder() == tmp_path / "env"
    monkeypatch.delenv("REVIEWQA_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_folder() == tmp_path / "xdg" / "reviewqa"  # Linux: platformdirs follows the XDG variables


def test_a_new_store_has_the_schema_and_the_pragmas(store, data_dir):
    assert store.path == data_dir / "reviewqa.db" and store.notices == ()
    with store.reading() as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("PRAGMA foreign_keys").fetchone() == (1,)
        assert db.execute("PRAGMA busy_timeout").fetchone() == (30_000,)
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"notebooks", "notebook_items", "answers", "cards"}


def test_each_thread_has_its_own_connection(store):
    seen = []

    def work():
        with store.writing() as db:
            seen.append(db)  # the object itself: an id alone may be reused once a finished thread's is freed

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with store.writing() as db:
        seen.append(db)
    assert len({id(db) for db in seen}) == 4


def test_a_failed_write_is_rolled_back_whole(store, review):
    notebooks = Notebooks(store, "local")
    notebooks.add("default", ["s3-p9"], review)
    with pytest.raises(RuntimeError), store.writing() as db:
        db.execute("DELETE FROM notebook_items")
        raise RuntimeError("interrupted")
    assert [i.chunk_id for i in notebooks.get("default").items] == ["s3-p9"]


@pytest.mark.parametrize("content", [b"this is not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 5000])
def test_a_damaged_file_is_set_aside_never_overwritten(data_dir, content):
    data_dir.mkdir(mode=0o700)  # private, as reviewqa makes it
    (data_dir / "reviewqa.db").write_bytes(content)
    store = Store.open(data_dir, now=NOW)
    aside = data_dir / "reviewqa.db.damaged-20250601-093000"
    assert aside.read_bytes() == content
    assert len(store.notices) == 1 and "\n" not in store.notices[0]
    assert store.notices[0].startswith(f"the study store {data_dir / 'reviewqa.db'} was damaged (")
    assert store.notices[0].endswith("it is kept as reviewqa.db.damaged-20250601-093000, a new one begun")
    with store.reading() as db:
        assert db.execute("PRAGMA quick_check").fetchone() == ("ok",)


def test_a_corrupted_page_is_found_by_the_check(data_dir, review):
    store = Store.open(data_dir)
    Notebooks(store, "local").add("default", [c.id for c in review.chunks[:200]], review, note="x" * 500)
    store.close()
    path = data_dir / "reviewqa.db"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 200] = b"\x07" * 200  # scribble over a b-tree page
    path.write_bytes(bytes(data))
    reopened = Store.open(data_dir, now=NOW)
    assert (data_dir / "reviewqa.db.damaged-20250601-093000").read_bytes() == bytes(data)
    assert "was damaged" in reopened.notices[0]
    assert Notebooks(reopened, "local").names() == []


def test_an_old_schema_is_copied_then_migrated(data_dir, review):
    data_dir.mkdir(mode=0o700)  # private, as reviewqa makes it
    path = data_dir / "reviewqa.db"
    old = sqlite3.connect(path, isolation_level=None)
    migrate(old, 1)  # the first release: notebooks only
    old.execute("INSERT INTO notebooks (user, name, created, updated) VALUES ('local', 'thesis', 't', 't')")
    old.execute("INSERT INTO notebook_items VALUES (1, 's3-p9', 1, 'my note', 't')")
    old.close()
    store = Store.open(data_dir, now=NOW)
    backup = data_dir / "reviewqa.db.v1-backup-20250601-093000"
    assert store.notices == (f"the study store was upgraded from schema 1 to {SCHEMA_VERSION}; a copy is {backup}",)
    assert Notebooks(store, "local").get("thesis").to_json()["items"] == [
        {"chunk_id": "s3-p9", "note": "my note", "added": "t"}
    ]
    with sqlite3.connect(backup) as copy:
        assert copy.execute("PRAGMA user_version").fetchone() == (1,)
        assert copy.execute("SELECT note FROM notebook_items").fetchall() == [("my note",)]
    assert Store.open(data_dir).notices == ()  # migrated once


def test_a_newer_schema_is_refused_and_left_alone(data_dir):
    data_dir.mkdir(mode=0o700)  # private, as reviewqa makes it
    path = data_dir / "reviewqa.db"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(StoreUnavailable, match="written by a newer reviewqa"):
        Store.open(data_dir)
    assert path.read_bytes() == before


def test_a_data_folder_that_cannot_be_made_is_one_line(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(StoreUnavailable) as caught:
        Store.open(tmp_path / "file" / "data")
    assert str(caught.value) == f"cannot create the data folder {tmp_path / 'file' / 'data'}: Not a directory"


def test_a_store_path_that_is_a_folder_is_one_line(data_dir):
    (data_dir / "reviewqa.db").mkdir(parents=True)
    with pytest.raises(StoreUnavailable, match=r"the study store .*reviewqa.db cannot be used: unable to open"):
        Store.open(data_dir)


def test_the_in_memory_store_is_private_and_complete(review):
    one, two = Store.in_memory(), Store.in_memory()
    Notebooks(one, "local").add("default", ["s3-p9"], review)
    assert Notebooks(one, "local").names() == ["default"] and Notebooks(two, "local").names() == []
    assert one.path == Path(":memory:")


def test_the_store_is_private_to_its_owner(data_dir, review):
    store = Store.open(data_dir)
    Notebooks(store, "local").add("thesis", ["s3-p9"], review, note="private")
    modes = {path.name: path.stat().st_mode & 0o777 for path in data_dir.iterdir()}
    assert data_dir.stat().st_mode & 0o777 == 0o700
    assert modes == {"reviewqa.db": 0o600, "reviewqa.db-wal": 0o600, "reviewqa.db-shm": 0o600}


def test_an_existing_folder_open_to_others_is_said_in_one_line(data_dir):
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)  # whatever the umask
    assert Store.open(data_dir).notices == (
        f"the data folder {data_dir} is open to other users of this machine (mode 0755): they may read your "
        f"notebooks and quiz history; `chmod 700 {data_dir}` makes it private",
    )
    assert data_dir.stat().st_mode & 0o777 == 0o755  # the user's choice is said, not changed


def test_a_name_taken_is_never_reused_for_a_damaged_file(data_dir):
    data_dir.mkdir(mode=0o700)
    taken = data_dir / "reviewqa.db.damaged-20250601-093000"
    taken.write_bytes(b"an earlier damaged store")
    (data_dir / "reviewqa.db").write_bytes(b"not a database" * 100)
    store = Store.open(data_dir, now=NOW)
    assert taken.read_bytes() == b"an earlier damaged store"
    assert (data_dir / "reviewqa.db.damaged-20250601-093000-2").read_bytes() == b"not a database" * 100
    assert store.notices[0].endswith("it is kept as reviewqa.db.damaged-20250601-093000-2, a new one begun")


def test_the_copy_before_a_migration_is_private_and_never_replaces_a_file(data_dir):
    data_dir.mkdir(mode=0o700)
    with sqlite3.connect(data_dir / "reviewqa.db", isolation_level=None) as old:
        migrate(old, 1)
    taken = data_dir / "reviewqa.db.v1-backup-20250601-093000"
    taken.write_bytes(b"an earlier copy")
    store = Store.open(data_dir, now=NOW)
    copy = data_dir / "reviewqa.db.v1-backup-20250601-093000-2"
    assert store.notices == (f"the study store was upgraded from schema 1 to {SCHEMA_VERSION}; a copy is {copy}",)
    assert taken.read_bytes() == b"an earlier copy" and copy.stat().st_mode & 0o777 == 0o600
    assert not (data_dir / "reviewqa.db.copy-partial").exists()
