"""The attack audit, replayed (findings 1, 5, 6, 8, 9, 11, 12): users' files, damaged input files, odd bytes.

Each test is one finding of the audit (docs/RELIABILITY.md); they drive the CLI as a user would,
in a subprocess, so that exit codes, stderr and the files left on disk are what a user sees.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO

ONE_LINE = "the message is one line, without a traceback"


def _env(**extra: str) -> dict:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", **extra}
    env["PYTHONPATH"] = str(REPO / "src")
    return env


def cli(*args: str, cwd: Path | None = None, env: dict | None = None, stdin=None, **run) -> subprocess.CompletedProcess:
    """`python -m reviewqa ARGS` as a user runs it; stdin is bytes, a file object, or subprocess.DEVNULL."""
    options = {"input": stdin} if isinstance(stdin, bytes) else {"stdin": stdin}
    return subprocess.run(
        [sys.executable, "-m", "reviewqa", *args],
        capture_output=True,
        cwd=cwd,
        env=env or _env(),
        timeout=300,
        **options,
        **run,
    )


def assert_one_line(done: subprocess.CompletedProcess, code: int, *phrases: str) -> str:
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == code, err
    assert "Traceback" not in err and err.count("\n") == 1, ONE_LINE + ": " + err
    for phrase in phrases:
        assert phrase in err, err
    return err


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under `folder` with its bytes (None for a folder)."""
    return {str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes()) for p in sorted(folder.rglob("*"))}


@pytest.fixture()
def mydocs(tmp_path) -> Path:
    folder = tmp_path / "mydocs"
    (folder / "sub").mkdir(parents=True)
    (folder / "thesis.tex").write_text("chapter 1\n")
    (folder / "sub" / "notes.txt").write_text("keep me\n")
    return folder


# --- 1. --index / REVIEWQA_INDEX deleted any folder that was not an index ---------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["ask", "EGFR", "--index", "{dir}"],
        ["build", "--index", "{dir}"],
        ["serve", "--port", "{port}", "--index", "{dir}"],
    ],
    ids=["ask", "build", "serve"],
)
def test_f01_an_index_option_never_touches_a_folder_that_is_not_an_index(mydocs, argv, free_port):
    before = snapshot(mydocs)
    done = cli(*[a.format(dir=mydocs, port=free_port) for a in argv])
    assert_one_line(done, 2, f"{mydocs} is not a reviewqa index and is not empty", "choose another --index")
    assert snapshot(mydocs) == before
    assert sorted(p.name for p in mydocs.parent.iterdir()) == ["mydocs"]  # no lock or staging folder beside it


def test_f01_reviewqa_index_variable_is_checked_the_same_way(mydocs):
    before = snapshot(mydocs)
    done = cli("ask", "EGFR", env=_env(REVIEWQA_INDEX=str(mydocs)))
    assert_one_line(done, 2, "is not a reviewqa index and is not empty")
    assert snapshot(mydocs) == before


@pytest.mark.parametrize("spelling", [".", "{pwd}"], ids=["dot", "PWD"])
def test_f01_the_current_folder_is_never_an_index(tmp_path, spelling):
    project = tmp_path / "proj"
    (project / ".git").mkdir(parents=True)
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (project / "main.py").write_text("print('hi')\n")
    before = snapshot(project)
    done = cli("build", "--index", spelling.format(pwd=project), cwd=project)
    assert_one_line(done, 2, "is the current folder or holds it", "--index ./index")
    assert snapshot(project) == before


def test_f01_a_missing_or_empty_folder_is_used_and_only_index_parts_are_replaced(tmp_path, review, fake_embedder):
    from reviewqa.index.folder import PART_NAMES, foreign_entries
    from reviewqa.index.store import build_index, index_problems

    missing, empty = tmp_path / "new" / "index", tmp_path / "empty"
    empty.mkdir()
    for folder in (missing, empty):
        build_index(review, folder, quiet=True, embedder=fake_embedder)
        assert index_problems(folder, review) == [] and foreign_entries(folder) == []
        assert {p.name for p in folder.iterdir()} <= PART_NAMES
    build_index(review, empty, quiet=True, embedder=fake_embedder)  # a rebuild swaps parts for parts
    assert index_problems(empty, review) == [] and sorted(p.name for p in tmp_path.iterdir() if "empty" in p.name) == [
        ".empty.lock",
        "empty",
    ]


def test_f01_a_staging_folder_the_build_did_not_make_is_not_cleaned_up(tmp_path, review, fake_embedder):
    from reviewqa.index.store import build_index

    lookalike = tmp_path / ".index.building-mine"
    lookalike.mkdir()
    (lookalike / "draft.txt").write_text("mine")
    build_index(review, tmp_path / "index", quiet=True, embedder=fake_embedder)
    assert (lookalike / "draft.txt").read_text() == "mine"


# --- 5. export replaced files without asking -------------------------------------------------------------------


def test_f05_export_refuses_to_replace_a_file_without_force(tmp_path):
    notes, bib = tmp_path / "notes.md", tmp_path / "lib.bib"
    notes.write_text("my notes\n")
    bib.write_text("@article{mine}\n")
    done = cli("export", "--id", "s3-p9", "-o", str(notes), "--bib", str(bib))
    assert_one_line(done, 2, f"{notes} exists; add --force to replace it")
    assert notes.read_text() == "my notes\n" and bib.read_text() == "@article{mine}\n"
    assert cli("export", "--id", "s3-p9", "-o", str(notes), "--bib", str(bib), "--force").returncode == 0
    assert (
        notes.read_text().startswith("# Passages from Liu et al., 2025") and "@article{liu2025tumor" in bib.read_text()
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib.bib", "notes.md"]


def _special_targets(tmp_path: Path) -> list[tuple[Path, str]]:
    link, fifo, readonly = tmp_path / "link.md", tmp_path / "fifo.md", tmp_path / "readonly.md"
    (tmp_path / "real.md").write_text("real\n")
    link.symlink_to(tmp_path / "real.md")
    os.mkfifo(fifo)
    readonly.write_text("read only\n")
    readonly.chmod(0o444)
    return [
        (link, "is a symbolic link"),
        (fifo, "is a named pipe (FIFO)"),
        (readonly, "is read-only"),
        (Path("/dev/null"), "is a device"),
    ]


def test_f05_export_never_replaces_a_link_fifo_device_or_read_only_file(tmp_path):
    for target, what in _special_targets(tmp_path):
        kind = target.lstat().st_mode
        done = cli("export", "--id", "s3-p9", "-o", str(target), "--force")
        assert_one_line(done, 2, f"{target} {what}")
        assert target.lstat().st_mode == kind
    assert (tmp_path / "real.md").read_text() == "real\n" and (tmp_path / "readonly.md").read_text() == "read only\n"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_f05_export_writes_all_files_or_none(tmp_path):
    unwritable = Path("/proc/reviewqa-audit.bib")  # a folder no user, root included, can create files in
    done = cli("export", "--id", "s3-p9", "-o", str(tmp_path / "ok.md"), "--bib", str(unwritable))
    assert_one_line(done, 2, "cannot write in the folder of /proc/reviewqa-audit.bib")
    assert list(tmp_path.iterdir()) == []


def test_f05_long_names_and_folder_targets(tmp_path):
    long_name = tmp_path / ("n" * 247 + ".md")  # 250 characters: the longest a file name may be, nearly
    assert cli("export", "--id", "s3-p9", "-o", str(long_name)).returncode == 0
    assert long_name.read_text().startswith("# Passages")
    done = cli("export", "--id", "s3-p9", "-o", f"{tmp_path / 'newdir'}/")
    assert_one_line(done, 2, "the folder", "newdir/ does not exist")
    (tmp_path / "out").mkdir()
    assert cli("export", "--id", "s3-p9", "-o", f"{tmp_path / 'out'}/", "--bib", str(tmp_path / "out")).returncode == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["notes.md", "refs.bib"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["n" * 247 + ".md", "out"]  # no temporary file left


# --- 6. index problems that gave tracebacks --------------------------------------------------------------------


@pytest.fixture()
def index_copy(fake_index_dir, tmp_path) -> Path:
    folder = tmp_path / "index"
    shutil.copytree(fake_index_dir, folder)
    return folder


@pytest.mark.parametrize(
    ("manifest", "reason"),
    [
        ("[]", "has the wrong shape (a JSON list, not an object)"),
        ("null", "has the wrong shape (a JSON NoneType, not an object)"),
        (None, "has the wrong shape ('files' is not an object of file records)"),
        ("[" * 100_000 + "]" * 100_000, "is unreadable (RecursionError)"),
        ('{"format": ' + "9" * 5000 + "}", "is unreadable (ValueError)"),
    ],
    ids=["list", "null", "files-list", "deep", "huge-number"],
)
def test_f06_a_manifest_of_the_wrong_shape_is_unusable_not_a_traceback(index_copy, review, manifest, reason):
    from reviewqa.errors import IndexUnusable
    from reviewqa.index.store import index_problems, load_or_build

    path = index_copy / "manifest.json"
    if manifest is None:
        data = json.loads(path.read_text())
        manifest = json.dumps({**data, "files": [1]})
    path.write_text(manifest)
    assert index_problems(index_copy, review) == [f"manifest.json {reason}"]
    with pytest.raises(IndexUnusable, match="reviewqa build"):
        load_or_build(index_copy, review, rebuild=False, quiet=True)


def test_f06_a_stale_index_in_a_folder_that_cannot_be_written_is_one_line(index_copy, tmp_path):
    manifest = json.loads((index_copy / "manifest.json").read_text())
    (index_copy / "manifest.json").write_text(json.dumps({**manifest, "chunker_version": "0"}))
    immutable = subprocess.run(["chattr", "+i", str(tmp_path)], capture_output=True)
    if immutable.returncode != 0:
        pytest.skip("chattr +i is not permitted here: run as root on ext4, as .ci/run does")
    try:
        done = cli("ask", "EGFR", "--index", str(index_copy))
    finally:
        subprocess.run(["chattr", "-i", str(tmp_path)], check=True)
    assert_one_line(done, 1, f"the index at {index_copy} cannot be used", "cannot be written", "reviewqa build --index")


# --- 8. Unicode under a real UTF-8 locale ----------------------------------------------------------------------


def _locale_env(name: str) -> dict:
    available = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower().replace("-", "")
    if name != "POSIX" and name.lower().replace("-", "") not in available:
        pytest.skip(f"locale {name} is missing: generate it with locale-gen (.ci/run does)")
    env = _env(LANG=name, LC_ALL=name)
    env.pop("PYTHONIOENCODING", None)
    env.pop("PYTHONUTF8", None)
    return env


@pytest.mark.parametrize("locale_name", ["en_US.UTF-8", "C.UTF-8", "POSIX"])
def test_f08_invalid_bytes_in_arguments_stdin_and_output_never_crash(locale_name):
    env = _locale_env(locale_name)
    quiz = cli("quiz", "--seed", "7", "-n", "2", stdin=b"\xff\n", env=env)
    assert quiz.returncode == 0 and b"Traceback" not in quiz.stderr and b"You stopped after 1 of 2" in quiz.stdout
    glossary = subprocess.run(
        [sys.executable, "-m", "reviewqa", "glossary", os.fsdecode(b"\xff")], capture_output=True, env=env
    )
    assert glossary.returncode == 1 and b"is not in the glossary" in glossary.stdout and not glossary.stderr
    ask = subprocess.run(
        [sys.executable, "-m", "reviewqa", "ask", "--json", "--mode", os.fsdecode(b"\xff"), "-"],
        input=b"EGFR\n",
        capture_output=True,
        env=env,
    )
    assert ask.returncode == 2 and b"Traceback" not in ask.stderr
    assert json.loads(ask.stdout)["error"].startswith("unknown mode ")


# --- 9. closed stdin, full stdout ------------------------------------------------------------------------------


def test_f09_a_full_stdout_is_one_line_and_exit_1():
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "reviewqa", "refs", "1"], stdout=full, stderr=subprocess.PIPE, env=_env()
        )
    err = done.stderr.decode()
    assert done.returncode == 1 and err == "reviewqa refs: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("argv", [["ask", "--json", "-"], ["quiz"]], ids=["ask", "quiz"])
def test_f09_a_closed_stdin_is_one_line_and_exit_2(argv):
    done = subprocess.run(
        [sys.executable, "-m", "reviewqa", *argv], capture_output=True, env=_env(), preexec_fn=lambda: os.close(0)
    )
    assert_one_line(done, 2, "standard input is closed")


# --- 11. eval input ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[1,2]", "a JSON list, expected an object"),
        ('{"question": "q", "must_contain": "notalist"}', "'must_contain' must be a list of strings"),
        ('{"question": "q", "answerable": "yes", "must_contain": ["x"]}', "'answerable' must be true or false"),
        ('{"question": "q"}', "an answerable question needs 'must_contain' phrases"),
        ('{"question": 5, "must_contain": ["x"]}', "'question' must be non-empty text"),
        ('{"question": "q", "must_contain": ["x"], "history": "q0"}', "'history' must be a list of strings"),
    ],
)
def test_f11_eval_names_the_bad_line(tmp_path, line, reason):
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"question": "what is EGFR?", "must_contain": ["EGFR"]}\n\n' + line + "\n")
    done = cli("eval", str(questions))
    assert_one_line(done, 2, f"{questions}:3: not a question line ({reason})")


# --- 12. damaged corpus ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda raw: raw[:1000] + b"\xff" + raw[1000:], "is not UTF-8 (byte 1000)"),
        (lambda raw: raw[: raw.rindex(b"\n57. ")], "cites reference 150 but lists only 56 (is it truncated?)"),
        (lambda raw: b"", "has no numbered sections of text"),
    ],
    ids=["not-utf8", "truncated", "empty"],
)
def test_f12_a_damaged_corpus_is_one_line_naming_the_fix(tmp_path, damage, reason):
    corpus = tmp_path / "review.txt"
    corpus.write_bytes(damage((REPO / "corpus" / "000_8215765f11a8c15b.txt").read_bytes()))
    done = cli("chunks", env=_env(REVIEWQA_CORPUS=str(corpus)))
    assert_one_line(done, 1, reason, "git checkout -- corpus")


# --- 13. export -o newdir/ (the app's raw /ask and a bad --host are in test_audit_server) ----------------------


def test_f13_export_to_a_folder_name_writes_inside_it(tmp_path):
    (tmp_path / "notes").mkdir()
    assert cli("export", "--id", "s3-p9", "-o", str(tmp_path / "notes")).returncode == 0
    assert [p.name for p in (tmp_path / "notes").iterdir()] == ["notes.md"]
