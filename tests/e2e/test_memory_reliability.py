"""The study store under stress: the CLI and the app writing at once lose nothing; a writer killed with SIGKILL
(mid-transaction, or between commits) leaves a consistent database."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

from helpers import SRC

from reviewqa.memory.database import Store
from reviewqa.memory.notebooks import Notebooks

PER_PROCESS = 500


def _chunk_ids(count: int) -> list[str]:
    from reviewqa.corpus.review import load_review

    return [chunk.id for chunk in load_review().chunks[:count]]


def _cli_writer(data_dir: str, barrier) -> None:
    """500 `reviewqa notebook add` commands (in-process: each opens the store as a new command does)."""
    from reviewqa.cli.main import main

    ids = _chunk_ids(PER_PROCESS // 2)
    barrier.wait()
    for i in range(PER_PROCESS):
        status = main(["notebook", "add", ids[i // 2], "--notebook", f"cli-{i % 2}", "--data-dir", data_dir])
        assert status == 0


def _app_writer(data_dir: str, barrier) -> None:
    """500 Collect clicks the way the app makes them: one store, four request threads."""
    from reviewqa.corpus.review import load_review

    review = load_review()
    ids = _chunk_ids(PER_PROCESS // 2)
    store = Store.open(data_dir)
    books = Notebooks(store, "local")
    barrier.wait()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda i: books.add(f"app-{i % 2}", [ids[i // 2]], review), range(PER_PROCESS)))


def test_the_cli_and_the_app_writing_at_once_lose_nothing(tmp_path):
    data_dir = str(tmp_path / "data")
    Store.open(data_dir).close()  # made once, as a first run would
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)  # both start writing together: no timing involved
    processes = [context.Process(target=f, args=(data_dir, barrier)) for f in (_cli_writer, _app_writer)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=600)
    assert [p.exitcode for p in processes] == [0, 0]
    books = Notebooks(Store.open(data_dir), "local")
    sizes = {summary.name: summary.size for summary in books.summaries()}
    assert sizes == {"app-0": 250, "app-1": 250, "cli-0": 250, "cli-1": 250}
    ids = _chunk_ids(PER_PROCESS // 2)
    assert all(sorted(i.chunk_id for i in books.get(name).items) == sorted(ids) for name in sizes)
    assert [i.chunk_id for i in books.get("cli-0").items] == ids  # one writer's adds keep their order


_KILLED_WRITER = textwrap.dedent(
    """
    import sys
    from reviewqa.corpus.review import load_review
    from reviewqa.memory.database import Store
    from reviewqa.memory.notebooks import Notebooks

    review = load_review()
    ids = [chunk.id for chunk in review.chunks[:10]]
    store = Store.open(sys.argv[1])
    books = Notebooks(store, "local")
    for n in range(int(sys.argv[2])):
        books.add(f"whole-{n}", ids, review, note="ten passages in one transaction")
        print(n + 1, flush=True)
    with store.writing() as db:  # a big write, left open until the process is killed
        db.execute("DELETE FROM notebook_items")
        for n in range(2000):
            db.execute(
                "INSERT INTO notebooks (user, name, created, updated) VALUES ('local', ?, 't', 't')", (f"half-{n}",)
            )
        print("inside", flush=True)
        sys.stdin.read()
    """
)


def _killed_writer(data_dir, commits: int, kill_after: str) -> int:
    """Run the writer; SIGKILL it as soon as it prints `kill_after`; how many commits it reported."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    args = [sys.executable, "-c", _KILLED_WRITER, str(data_dir), str(commits)]
    child = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    reported = 0
    for line in child.stdout:
        if line.strip().isdigit():
            reported = int(line)
        if line.strip() == kill_after:
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    return reported


def _consistent(data_dir) -> dict[str, int]:
    store = Store.open(data_dir)
    assert store.notices == ()  # not damaged: nothing set aside
    with store.reading() as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    return {summary.name: summary.size for summary in Notebooks(store, "local").summaries()}


def test_a_write_killed_mid_transaction_leaves_the_last_commit(tmp_path):
    reported = _killed_writer(tmp_path / "data", 5, "inside")
    assert reported == 5
    assert _consistent(tmp_path / "data") == {f"whole-{n}": 10 for n in range(5)}  # none of the open write


def test_a_writer_killed_between_commits_keeps_every_commit_whole(tmp_path):
    reported = _killed_writer(tmp_path / "data", 400, "100")
    sizes = _consistent(tmp_path / "data")
    assert len(sizes) >= reported == 100  # every reported commit is there (and perhaps the next)
    assert set(sizes.values()) == {10}  # each notebook whole: ten items or none
