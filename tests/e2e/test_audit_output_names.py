"""Output names the system refuses, and names that are not files (issue 22, findings 10 and 15): `export -o`,
`notebook export -o` and `quiz --anki` with a name over 255 characters or in a folder that cannot be entered are
one line and exit 2; `quiz --anki -` and `quiz --anki ""` are refused at once. Run as a user would, in a
subprocess (and as another account where a folder must be closed to the one running)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from helpers import REPO

OTHER_USER = 65534  # 'nobody': root enters every folder, so a closed one is tried as another account
LONG_NAME = "n" * 300 + ".md"


def _cli(*args: str, cwd: Path, as_other_user: bool = False) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "reviewqa", *args]
    if as_other_user and os.geteuid() == 0:
        command = ["setpriv", f"--reuid={OTHER_USER}", f"--regid={OTHER_USER}", "--clear-groups", *command]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO / "src"), "HOME": str(cwd)}
    env["REVIEWQA_DATA_DIR"] = str(cwd / "data")
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def _one_line_exit_2(done: subprocess.CompletedProcess, command: str, *phrases: str) -> None:
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"reviewqa {command}: error: ") and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr and all(phrase in done.stderr for phrase in phrases), done.stderr


@pytest.fixture
def workdir():
    """A folder every account may enter (pytest's own is private to this one), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="rq-names-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _with_a_notebook(workdir: Path, as_other_user: bool = False) -> None:
    done = _cli("notebook", "add", "s3-p9", "--notebook", "thesis", cwd=workdir, as_other_user=as_other_user)
    assert done.returncode == 0, done.stderr


def test_a_name_over_255_characters_is_one_line_exit_2(workdir):
    _with_a_notebook(workdir)
    for command, argv in (
        ("export", ["export", "--id", "s3-p9", "-o"]),
        ("notebook", ["notebook", "export", "thesis", "-o"]),
        ("notebook", ["notebook", "export", "thesis", "--bib"]),
        ("quiz", ["quiz", "--anki"]),
    ):
        done = _cli(*argv, str(workdir / LONG_NAME), cwd=workdir)
        _one_line_exit_2(done, command, f"cannot write {workdir / LONG_NAME}: File name too long")
    assert sorted(p.name for p in workdir.iterdir()) == ["data"]  # nothing written, no temporary file left


def test_a_folder_that_cannot_be_entered_is_one_line_exit_2(workdir):
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: every folder can be entered")
    _with_a_notebook(workdir, as_other_user=True)
    closed = workdir / "closed"
    closed.mkdir(mode=0o000)
    closed.chmod(0o000)
    for command, argv, target in (
        ("export", ["export", "--id", "s3-p9", "-o"], f"{closed}/notes.md"),
        ("notebook", ["notebook", "export", "thesis", "-o"], f"{closed}/notes.md"),
        ("quiz", ["quiz", "--anki"], f"{closed}/deck.apkg"),
        ("quiz", ["quiz", "--anki"], f"{closed}/inner/"),
    ):
        done = _cli(*argv, target, cwd=workdir, as_other_user=True)
        _one_line_exit_2(done, command, "Permission denied")


@pytest.mark.parametrize(
    ("name", "said"), [("-", "not '-' (standard output)"), ("", "not an empty name")], ids=["dash", "empty"]
)
def test_quiz_anki_without_a_file_name_is_refused_at_once(workdir, name, said):
    done = _cli("quiz", "--anki", name, "-n", "2", "--seed", "1", cwd=workdir)
    _one_line_exit_2(done, "quiz", f"name the file to write, {said}; for a file named '-', give ./-")
    assert done.stdout == "" and sorted(p.name for p in workdir.iterdir()) == []  # no quiz asked, no file '-'
    done = _cli("quiz", "--anki", "./-", "-n", "2", "--seed", "1", cwd=workdir)
    assert done.returncode == 0 and (workdir / "-").is_file()  # a file named '-', when asked for plainly
