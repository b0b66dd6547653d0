"""The study store's files against other processes and other accounts: two processes opening one damaged store
keep the original under the name they report; a process killed while copying the store before a migration leaves
no partial copy under a dated name; another account cannot read the store; a store once read-only is writable
again once its file is."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import SRC

from reviewqa.errors import StoreUnavailable
from reviewqa.memory.database import Store, migrate
from reviewqa.memory.notebooks import Notebooks
from reviewqa.memory.schema import SCHEMA_VERSION

NOW = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)  # both processes of a race open in the same second
ROUNDS = 10
OTHER_USER = 65534  # 'nobody'


def _racer(folders: list[str], barrier, results) -> None:
    """Each round: wait for the damaged file, open the store with the other process, report the notices."""
    for folder in folders:
        barrier.wait(timeout=120)
        try:
            results.put((folder, Store.open(folder, now=NOW).notices))
        except StoreUnavailable as exc:
            results.put((folder, (f"failed: {exc}",)))
        barrier.wait(timeout=120)


def _damaged_store(path: Path) -> bytes:
    """A large store whose rows are all readable but one page is scribbled over: checking it takes a while."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, note TEXT)")
        db.executemany("INSERT INTO notes (note) VALUES (?)", ((f"row {n} " * 20,) for n in range(60_000)))
        db.execute("CREATE INDEX notes_by_text ON notes (note)")
    data = bytearray(path.read_bytes())
    page = len(data) // 4096 - 5
    data[page * 4096 : page * 4096 + 200] = b"\x07" * 200
    return bytes(data)


def test_two_processes_opening_a_damaged_store_keep_the_original_under_the_name_they_report(tmp_path):
    damaged = _damaged_store(tmp_path / "damaged.db")
    folders = [tmp_path / f"round-{n}" for n in range(ROUNDS)]
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(3), context.Queue()
    racers = [context.Process(target=_racer, args=([str(f) for f in folders], barrier, results)) for _ in range(2)]
    for racer in racers:
        racer.start()
    originals = {}
    for n, folder in enumerate(folders):
        folder.mkdir(mode=0o700)
        originals[str(folder)] = damaged + f"round {n}".encode()  # each round's original told apart
        (folder / "reviewqa.db").write_bytes(originals[str(folder)])
        barrier.wait(timeout=120)  # both open now
        barrier.wait(timeout=120)  # both have opened
    for racer in racers:
        racer.join(timeout=300)
    assert [racer.exitcode for racer in racers] == [0, 0]
    reports = [results.get(timeout=10) for _ in range(2 * ROUNDS)]
    for folder in folders:
        notices = [notice for name, found in reports if name == str(folder) for notice in found]
        assert len(notices) == 1, notices  # one process decided; the other found the new, sound store
        kept = notices[0].split("it is kept as ")[1].split(",")[0]
        assert (folder / kept).read_bytes() == originals[str(folder)]
        assert sorted(p.name for p in folder.iterdir() if "damaged" in p.name) == [kept]
        assert Notebooks(Store.open(folder), "local").names() == []  # the new store is sound


_SLOW_COPY = textwrap.dedent(
    """
    import sqlite3, sys
    from reviewqa.memory import database

    class PausingCopy(sqlite3.Connection):
        def backup(self, target, **options):
            def progress(status, remaining, total):
                if remaining <= total // 2:  # half the pages copied: say so, and wait to be killed
                    print("copying", flush=True)
                    sys.stdin.read()
            super().backup(target, pages=1, progress=progress)

    class PausingSqlite:
        def __getattr__(self, name):
            return getattr(sqlite3, name)

        def connect(self, *args, **options):
            return sqlite3.connect(*args, factory=PausingCopy, **options)

    database.sqlite3 = PausingSqlite()
    database.Store.open(sys.argv[1])
    """
)


def _old_store(folder: Path, rows: int) -> None:
    """A store of the first schema (notebooks only) holding `rows` notebooks with a long note each."""
    folder.mkdir(mode=0o700)
    old = sqlite3.connect(folder / "reviewqa.db", isolation_level=None)
    migrate(old, 1)
    old.execute("BEGIN")
    for n in range(rows):
        old.execute("INSERT INTO notebooks (user, name, created, updated) VALUES ('local', ?, 't', 't')", (f"b{n}",))
        old.execute("INSERT INTO notebook_items VALUES (?, 's3-p9', 1, ?, 't')", (n + 1, "a note " * 100))
    old.execute("COMMIT")
    old.close()


def test_a_process_killed_while_copying_before_a_migration_leaves_no_partial_copy(tmp_path):
    folder = tmp_path / "data"
    _old_store(folder, 2000)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    child = subprocess.Popen(
        [sys.executable, "-c", _SLOW_COPY, str(folder)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
    )
    assert child.stdout.readline() == b"copying\n"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    assert [p.name for p in folder.iterdir() if "backup" in p.name] == []  # nothing under a dated backup name
    assert [p.name for p in folder.iterdir() if "partial" in p.name]  # (the killed copy, under its own name)
    store = Store.open(folder)  # the next open copies again, whole, and migrates
    [copy] = [p for p in folder.iterdir() if "backup" in p.name]
    assert store.notices == (f"the study store was upgraded from schema 1 to {SCHEMA_VERSION}; a copy is {copy}",)
    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("SELECT count(*) FROM notebook_items").fetchone() == (2000,)
    assert len(Notebooks(store, "local").names()) == 2000
    assert [p.name for p in folder.iterdir() if "partial" in p.name] == []  # the killed copy's files are gone


@pytest.fixture
def shared_tmp():
    """A folder every account may enter (pytest's own is private to this one), removed afterwards."""
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot act as another user")
    folder = Path(tempfile.mkdtemp(prefix="rq-shared-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _as_other_user(code: str, *args: str) -> subprocess.CompletedProcess:
    """Python `code` run as an account that is not the owner of the files (as root: as 'nobody')."""
    command = [sys.executable, "-c", code, *args]
    if os.geteuid() == 0:
        command = ["setpriv", f"--reuid={OTHER_USER}", f"--regid={OTHER_USER}", "--clear-groups", *command]
    env = {**os.environ, "PYTHONPATH": str(SRC), "HOME": tempfile.gettempdir()}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def test_another_account_cannot_read_the_store(shared_tmp, review):
    if os.geteuid() != 0:
        pytest.skip("needs a second account: run as root (setpriv) to check")
    folder = shared_tmp / "data"
    store = Store.open(folder)
    Notebooks(store, "local").add("thesis", ["s3-p9"], review, note="my private note")
    modes = {p.name: p.stat().st_mode & 0o777 for p in folder.iterdir()}
    assert folder.stat().st_mode & 0o777 == 0o700
    assert modes == {"reviewqa.db": 0o600, "reviewqa.db-wal": 0o600, "reviewqa.db-shm": 0o600}
    done = _as_other_user("import sys; print(open(sys.argv[1], 'rb').read()[:16])", str(folder / "reviewqa.db-wal"))
    assert done.returncode == 1 and "PermissionError" in done.stderr


_READ_ONLY_THEN_WRITABLE = textwrap.dedent(
    """
    import os, sys
    from reviewqa.corpus.review import load_review
    from reviewqa.memory.database import Store
    from reviewqa.memory.notebooks import Notebooks

    folder = sys.argv[1]
    path = os.path.join(folder, "reviewqa.db")
    review = load_review()
    store = Store.open(folder)
    Notebooks(store, "local").add("a", ["s3-p9"], review)
    store.close()  # the last connection closed: SQLite removes the -wal and -shm
    os.chmod(path, 0o444)  # read-only: still read, and SQLite leaves a 0444 -wal and -shm
    store = Store.open(folder)
    print(Notebooks(store, "local").names(), oct(os.stat(path + "-shm").st_mode & 0o777))
    store.close()  # as a run of the CLI ends
    os.chmod(path, 0o600)
    Notebooks(Store.open(folder), "local").add("b", ["s3-p9"], review)
    print(Notebooks(Store.open(folder), "local").names())
    """
)


def test_a_store_read_only_once_is_written_again_once_it_is_writable(shared_tmp):
    done = _as_other_user(_READ_ONLY_THEN_WRITABLE, str(shared_tmp / "data"))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "['a'] 0o444\n['a', 'b']\n"


_OPEN_AND_WRITE = textwrap.dedent(
    """
    import sys
    from reviewqa.cli.main import main
    sys.exit(main(["notebook", "create", "b", "--data-dir", sys.argv[1]]))
    """
)


def test_a_read_only_sidecar_that_cannot_be_repaired_is_named(shared_tmp):
    if os.geteuid() != 0:
        pytest.skip("needs a file of another account: run as root (setpriv) to check")
    folder = shared_tmp / "data"
    folder.mkdir(mode=0o700)
    os.chown(folder, OTHER_USER, OTHER_USER)
    shm = folder / "reviewqa.db-shm"
    shm.write_bytes(b"")
    shm.chmod(0o444)  # root's, read-only: the other account cannot change its mode
    done = _as_other_user(_OPEN_AND_WRITE, str(folder))
    assert done.returncode == 1
    assert done.stderr == (
        f"reviewqa notebook: the study store {folder / 'reviewqa.db'} is writable but {shm} is not "
        "(Operation not permitted): delete it with no reviewqa running\n"
    )
