"""`reviewqa notebook …` and the study side of `reviewqa quiz` (answers recorded, --due on a fixed clock, --anki,
--progress), in-process with a data folder of each test's own."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from reviewqa.cli.main import main
from reviewqa.memory.database import Store
from reviewqa.memory.history import History
from reviewqa.quiz.bank import item_bank
from reviewqa.quiz.mix import make_quiz
from reviewqa.writing.collection import Collection

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    """The CLI's clock, fixed at NOW and moved by `clock.now = …`."""
    from reviewqa.memory import clock as module

    class Fixed:
        now = NOW

    monkeypatch.setattr(module, "utc_now", lambda: Fixed.now)
    return Fixed


def _run(capsys, *argv) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_notebook_add_show_json_and_export_like_todays_export(capsys, data_dir, tmp_path):
    assert (
        _run(capsys, "notebook", "add", "s3-p9", "t1-r1", "--note", "T790M", "--note", "why AXL")[1]
        == "added 2 passages to 'default' (2 in all)\n"
    )
    assert _run(capsys, "notebook", "add", "s4-p2", "--notebook", "thesis")[0] == 0
    status, out, _ = _run(capsys, "notebook", "show", "default", "--json")
    shown = json.loads(out)
    assert status == 0 and list(shown) == ["name", "items"] and shown["name"] == "default"
    assert [(i["chunk_id"], i["note"], list(i)) for i in shown["items"]] == [
        ("s3-p9", "T790M", ["chunk_id", "note", "added"]),
        ("t1-r1", "why AXL", ["chunk_id", "note", "added"]),
    ]
    assert _run(capsys, "notebook", "note", "default", "s3-p9", "")[0] == 0
    assert _run(capsys, "notebook", "note", "default", "t1-r1", "")[0] == 0
    notes, bib = tmp_path / "notes.md", tmp_path / "refs.bib"
    assert _run(capsys, "notebook", "export", "default", "-o", str(notes), "--bib", str(bib))[0] == 0
    assert _run(capsys, "export", "--id", "s3-p9", "t1-r1", "-o", str(tmp_path / "today.md"))[0] == 0
    assert notes.read_bytes() == (tmp_path / "today.md").read_bytes()
    assert bib.read_text() == Collection(("s3-p9", "t1-r1")).to_bibtex()
    status, _, err = _run(capsys, "notebook", "export", "default", "-o", str(notes))
    assert status == 2 and err == f"reviewqa notebook: error: {notes} exists; add --force to replace it\n"
    status, out, _ = _run(capsys, "notebook", "list", "--json")
    assert [(n["name"], n["passages"]) for n in json.loads(out)] == [("default", 2), ("thesis", 1)]


def test_one_note_is_for_one_passage(capsys, data_dir):
    status, _, err = _run(capsys, "notebook", "add", "s3-p9", "t1-r1", "--note", "why AXL")
    assert status == 2 and err == (
        "reviewqa notebook: error: 2 ids and 1 note: a note is for one passage; give one --note per id, in the "
        "same order, or add the passages one at a time\n"
    )
    status, _, err = _run(capsys, "notebook", "add", "s3-p9", "--note", "a", "--note", "b")
    assert status == 2 and err.startswith("reviewqa notebook: error: 1 id and 2 notes: a note is for one passage")
    assert _run(capsys, "notebook", "list", "--json")[1] == "[]\n"  # nothing added
    assert _run(capsys, "notebook", "add", "s3-p9", "t1-r1", "--note", "", "--note", "why AXL")[0] == 0
    assert _run(capsys, "notebook", "add", "s4-p2", "--note", "immune evasion")[0] == 0
    shown = json.loads(_run(capsys, "notebook", "show", "default", "--json")[1])
    assert [(i["chunk_id"], i["note"]) for i in shown["items"]] == [
        ("s3-p9", ""),
        ("t1-r1", "why AXL"),
        ("s4-p2", "immune evasion"),
    ]
    out = _run(capsys, "notebook", "show", "default")[1]
    assert "\n   note: why AXL\n" in out and out.count("note:") == 2


def test_notebook_rename_move_remove_delete(capsys, data_dir):
    _run(capsys, "notebook", "add", "s3-p9", "t1-r1", "s4-p2")
    assert _run(capsys, "notebook", "rename", "default", "Chapter 2")[1] == "renamed 'default' to 'Chapter 2'\n"
    assert _run(capsys, "notebook", "move", "Chapter 2", "s4-p2", "1")[1] == "moved s4-p2 to place 1 of 3\n"
    assert _run(capsys, "notebook", "remove", "Chapter 2", "t1-r1")[1] == "removed 1 from 'Chapter 2' (2 left)\n"
    out = _run(capsys, "notebook", "show", "Chapter 2")[1]
    assert out.splitlines()[0] == "Notebook 'Chapter 2': 2 passages"
    assert [line.split()[1] for line in out.splitlines()[1:] if line[0].isdigit()] == ["s4-p2", "s3-p9"]
    assert _run(capsys, "notebook", "delete", "Chapter 2")[1] == "deleted notebook 'Chapter 2' (2 passages)\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["notebook", "show", "nope"], "there is no notebook named 'nope'; there are no notebooks yet"),
        (["notebook", "add", "s99-p1"], "there is no passage 's99-p1'; list the ids with `reviewqa chunks`"),
        (["notebook", "add", "s3-p9", "--notebook", ""], "a notebook needs a name"),
        (["notebook", "add", "s3-p9", "--notebook", "a/b"], "'a/b' cannot be a notebook name"),
        (
            ["notebook", "add", "s3-p9", "--note", "x" * 10_000],
            "a note is at most 2,000 characters (this one has 10,000)",
        ),
        (["notebook", "remove", "default", "s3-p9"], "there is no notebook named 'default'"),
        (["notebook", "list", "--user", "../x"], "'../x' is not a user name"),
        (["notebook", "export", "nope", "-o", "x.md"], "there is no notebook named 'nope'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, data_dir, argv, message):
    status, out, err = _run(capsys, *argv)
    assert status == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"reviewqa notebook: error: {message}")


def test_an_unwritable_data_folder_is_one_line_exit_1(capsys, tmp_path):
    (tmp_path / "file").write_text("x")
    status, _, err = _run(capsys, "notebook", "list", "--data-dir", str(tmp_path / "file" / "data"))
    assert (
        status == 1
        and err == f"reviewqa notebook: cannot create the data folder {tmp_path}/file/data: Not a directory\n"
    )


def test_piped_answers_are_recorded_and_due_matches_the_scheduler(capsys, monkeypatch, data_dir, clock, review):
    items = make_quiz(review, n=3, seed=3)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{items[0].answer}\nnot it\n"))  # the third is never answered
    status, out, _ = _run(capsys, "quiz", "--seed", "3", "-n", "3")
    assert status == 0 and "Right.  (score 1/1)  next review in 10 minutes" in out
    assert f"Wrong. The answer is: {items[1].answer}  (score 1/2)  next review in 1 minute" in out
    history = History(Store.open(data_dir), "local")
    assert [(key, when, right, given) for key, when, right, given, _ in history.answers()] == [
        (items[0].key, "2025-06-02T09:00:00.000000+00:00", True, items[0].answer),
        (items[1].key, "2025-06-02T09:00:00.000000+00:00", False, "not it"),
    ]
    clock.now = NOW + timedelta(minutes=2)
    status, out, _ = _run(capsys, "quiz", "--due", "--json")
    expected = history.due_items(review, now=clock.now)
    assert [i.key for i in expected] == [items[1].key, items[0].key]  # wrong: due at 09:01; right: at 09:10
    assert status == 0 and json.loads(out) == [item.to_json() for item in expected]
    assert json.loads(_run(capsys, "quiz", "--due", "--json", "--type", "study")[1]) == []


def test_due_is_asked_and_recorded_and_nothing_due_is_said(capsys, monkeypatch, data_dir, clock, review):
    bank = item_bank(review)
    History(Store.open(data_dir), "local").record(bank["cloze|s4-p2|AXL"], "x", False, now=NOW - timedelta(minutes=1))
    monkeypatch.setattr("sys.stdin", io.StringIO("AXL\n"))
    status, out, _ = _run(capsys, "quiz", "--due")
    assert status == 0 and out.startswith("Self-quiz: 1 question (due today).")
    assert "Right.  (score 1/1)  next review in 10 minutes" in out
    clock.now = NOW + timedelta(days=1, hours=20)  # the next day, after the 10-minute step and more
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert "Q1/1 · fill the blank" in _run(capsys, "quiz", "--due")[1]
    monkeypatch.setattr("sys.stdin", io.StringIO("AXL\n"))
    _run(capsys, "quiz", "--due")
    out = _run(capsys, "quiz", "--due")[1]
    assert out.startswith("Nothing is due today. The next review is due in ")


def test_progress_table_and_json(capsys, data_dir, clock, review):
    bank = item_bank(review)
    history = History(Store.open(data_dir), "local")
    history.record(bank["cloze|s4-p2|AXL"], "AXL", True, now=NOW)
    history.record(bank["study|t1-r1|Utsumi, 2025 (66)"], "x", False, now=NOW)
    out = _run(capsys, "quiz", "--progress")[1].splitlines()
    assert out[0] == "Items seen: 2 · due today: 2 · answers: 2, 1 right (50%)"
    assert out[3].startswith("4. TME-driven therapeutic resistance in lun…") and out[3].endswith("2      1       50%")
    data = json.loads(_run(capsys, "quiz", "--progress", "--json")[1])
    assert (data["seen"], data["due_today"], data["answered"], data["right"]) == (2, 2, 2, 1)


def test_anki_deck_through_the_file_writer(capsys, data_dir, tmp_path, clock, review):
    deck = tmp_path / "deck.apkg"
    status, _, err = _run(capsys, "quiz", "--anki", str(deck), "--section", "4", "--type", "study")
    assert status == 0 and err.startswith(f"wrote {deck}: 14 notes in the Anki deck 'reviewqa::")
    with zipfile.ZipFile(deck) as archive:
        assert archive.namelist() == ["collection.anki2", "media"]
    status, _, err = _run(capsys, "quiz", "--anki", str(deck))
    assert status == 2 and err == f"reviewqa quiz: error: {deck} exists; add --force to replace it\n"
    status, _, err = _run(capsys, "quiz", "--anki", str(deck), "--force", "-n", "5", "--seed", "1")
    assert status == 0 and "5 notes" in err
    folder = tmp_path / "out"
    folder.mkdir()
    assert _run(capsys, "quiz", "--anki", f"{folder}/")[2].startswith(f"wrote {folder}/reviewqa.apkg: 670 notes")
    for argv, message in (
        (["--due", "--anki", "x"], "--due and --anki do not combine"),
        (["--anki", "x", "--json"], "--json"),
    ):
        status, _, err = _run(capsys, "quiz", *argv)
        assert status == 2 and message in err
