"""Every command a reader uses fits an 80-column terminal (and a 60-column one): no line longer than $COLUMNS
from ask, chat, show, refs, cite, glossary, quiz and notebook, on the real review (the fake embedder stands in
for the model)."""

from __future__ import annotations

import io

import pytest

from reviewqa.cli.main import main
from reviewqa.quiz.mix import make_quiz
from reviewqa.search.assistant import Assistant

EGFR = "What drives EGFR-TKI resistance?"
COMMANDS = [
    ["ask", EGFR],
    ["ask", "--brief", EGFR],
    ["ask", "--full", EGFR],
    ["ask", "what is the recommended dose of adagrasib?"],
    ["show", "s3-p8"],
    ["show", "t1-r1", "--context", "2"],
    ["refs", "66", "147"],
    ["refs"],
    ["refs", "--cited-by", "66", "147"],
    ["refs", "--style", "apa", "66", "147"],
    ["cite", "s3-p8"],
    ["cite", "t1-r1", "--format", "text", "--style", "apa"],
    ["cite"],
    ["export", "--id", "s3-p8", "t1-r1", "t3-r1"],
    ["glossary"],
    ["glossary", "CAFs"],
]
# Examples are laid out for 80 columns.
AT_80 = [[*command, "--help"] for command in ([], ["ask"], ["chat"], ["quiz"], ["notebook"])]


@pytest.fixture(autouse=True)
def fake_model(monkeypatch, fake_assistant):
    monkeypatch.setattr(Assistant, "load", classmethod(lambda cls, *args, **kwargs: fake_assistant))


def _out(capsys, argv: list[str]) -> str:
    try:
        status = main(argv)
    except SystemExit as exc:  # --help
        status = exc.code
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return captured.out


def _too_long(out: str, columns: int) -> list[str]:
    return [line for line in out.splitlines() if len(line) > columns]


@pytest.mark.parametrize(
    ("argv", "columns"), [(c, 80) for c in COMMANDS + AT_80] + [(c, 60) for c in COMMANDS], ids=lambda v: str(v)
)
def test_no_line_is_wider_than_the_terminal(capsys, monkeypatch, argv, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    out = _out(capsys, argv)
    assert out.strip() and _too_long(out, columns) == []


def test_chat_fits_and_echoes_piped_messages_as_a_transcript(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    messages = [EGFR, "and for immunotherapy?", "ref 147", "define CAFs"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(messages) + "\n"))
    out = _out(capsys, ["chat"])
    assert _too_long(out, 80) == []
    asked = [line.removeprefix("you> ") for line in out.splitlines() if line.startswith("you> ")]
    assert asked == messages
    assert out.startswith(f"you> {EGFR}\nAnswer, in the review's own sentences:\n")


def test_quiz_fits_the_terminal(capsys, monkeypatch, data_dir, review):
    monkeypatch.setenv("COLUMNS", "80")
    items = make_quiz(review, n=6, seed=3)
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"not {item.answer}\n" for item in items)))
    out = _out(capsys, ["quiz", "-n", "6", "--seed", "3"])
    assert out.count("Source [") == 6 and _too_long(out, 80) == []


def test_notebook_commands_fit_the_terminal(capsys, monkeypatch, data_dir):
    monkeypatch.setenv("COLUMNS", "80")
    long_name = "Chapter two, how the tumor microenvironment drives resistance"
    note = "HGF from TAMs activates c-MET and bypasses EGFR inhibition; compare with the AXL row of Table I. " * 3
    runs = [
        ["notebook", "create", long_name],
        ["notebook", "add", "s3-p8", "t1-r1", "--notebook", long_name, "--note", note, "--note", "AXL"],
        ["notebook", "add", "s4-p2"],
        ["notebook", "list"],
        ["notebook", "show", long_name],
        ["notebook", "note", long_name, "t1-r1", note],
        ["notebook", "move", long_name, "t1-r1", "1"],
        ["notebook", "export", long_name],
        ["notebook", "remove", long_name, "s3-p8"],
        ["notebook", "rename", long_name, "Chapter two (draft)"],
        ["notebook", "delete", "Chapter two (draft)"],
    ]
    for argv in runs:
        out = _out(capsys, argv)
        assert _too_long(out, 80) == [], argv
