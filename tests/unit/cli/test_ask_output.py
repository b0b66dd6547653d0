"""`reviewqa ask` for a person: the answer first, wrapped to the terminal, each reference once, plain words."""

from __future__ import annotations

import re

import pytest

from reviewqa.cli.main import main
from reviewqa.search.assistant import Assistant


@pytest.fixture(autouse=True)
def fake_model(monkeypatch, fake_assistant):
    monkeypatch.setattr(Assistant, "load", classmethod(lambda cls, *args, **kwargs: fake_assistant))


@pytest.mark.parametrize("columns", [100, 60])
def test_ask_full_fits_the_terminal_and_lists_each_reference_once(capsys, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(["ask", "What drives EGFR-TKI resistance?", "-k", "5", "--full"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert lines[0] == "Answer, in the review's own sentences:"
    references = lines[lines.index("References") + 1 :]
    numbers = [int(m.group(1)) for line in references if (m := re.match(r"\[(\d+)\] ", line))]
    assert numbers == sorted(set(numbers)) and numbers  # once each, in the review's order
    assert not re.search(r"score \d", "\n".join(lines))  # plain words, not raw scores
    flowing = " ".join(line.strip() for line in lines)  # a header may wrap
    card = r"#1 [st]\d+-[pr]\d+ · [^#]*?\((?:text|table row|figure), (?:strong|partial|weak) match\)"
    assert re.search(card, flowing)  # each card with its passage id


def _answer(fake_assistant, question: str):
    from reviewqa.chat.turn import answer_of

    result = fake_assistant.search(question, k=5)
    return result, answer_of(fake_assistant, result)


def test_every_answer_sentence_shows_its_passage_id(capsys, monkeypatch, fake_assistant):
    monkeypatch.setenv("COLUMNS", "80")
    result, answer = _answer(fake_assistant, "What drives EGFR-TKI resistance?")
    assert main(["ask", "What drives EGFR-TKI resistance?"]) == 0
    out = capsys.readouterr().out
    lines = out.split("\n\n")[0].splitlines()[1:]
    headings = [line.strip() for line in lines if re.match(r"^  [^ \d-]", line)]  # an overview: under headings
    assert answer.grouped and headings == [heading for heading, _ in answer.groups()]
    flowing = " ".join(line.strip() for line in lines if line.strip() not in headings)
    sentences = [s for s in re.split(r"(?:^| )(?:- |\d\. )", flowing) if s]
    assert len(answer.sentences) == len(sentences) >= 3
    for sentence, shown in zip(answer.sentences, sentences):
        assert shown.endswith(f"(passage {sentence.chunk_id})")
    assert {hit.chunk.id for hit in result.hits} & {sentence.chunk_id for sentence in answer.sentences}


def test_default_is_short_brief_is_the_answer_and_its_references(capsys, monkeypatch, fake_assistant):
    monkeypatch.setenv("COLUMNS", "80")
    result, answer = _answer(fake_assistant, "What drives EGFR-TKI resistance?")
    runs = {}
    for flag in ("--brief", None, "--full"):
        assert main(["ask", "What drives EGFR-TKI resistance?", *([flag] if flag else [])]) == 0
        runs[flag] = capsys.readouterr().out.splitlines()
    brief, short, full = runs["--brief"], runs[None], runs["--full"]
    cited = sorted({n for s in answer.sentences for n in s.refs})
    for lines in (brief, short):  # the answer's own references, one line each
        after = lines[lines.index("References") + 1 :]
        shown = [int(m.group(1)) for line in after if (m := re.match(r"\[(\d+)\]", line))]
        assert shown == cited
    assert not any(line.startswith("Passages") for line in brief)
    listing = short[short.index("Passages (their ids go to reviewqa show, cite, notebook add):") + 1 :][:5]
    assert [line.split()[0] for line in listing] == [h.chunk.id for h in result.hits]
    assert len(brief) < len(short) < 40 < len(full)
    assert short[: len(brief) - len(cited) - 1] == brief[: len(brief) - len(cited) - 1]  # the same answer first


def test_a_question_the_review_does_not_answer_says_what_is_missing_without_match_labels(capsys):
    assert main(["ask", "what is the recommended dose of adagrasib?", "--plain", "--full"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("The review does not mention adagrasib. The closest passages are below")
    assert "match)" not in out and "Answer, in the review" not in out


@pytest.fixture
def terminal(monkeypatch, tmp_path):
    """stdin is an 80x24 terminal; $PAGER copies what it is given to a file (the pager's screen)."""
    import os
    import shutil

    screen = tmp_path / "screen.txt"
    pager = tmp_path / "pager.sh"
    pager.write_text(f'#!/bin/sh\necho "LESS=$LESS" > {screen}\ncat >> {screen}\n')
    pager.chmod(0o755)
    monkeypatch.setenv("PAGER", str(pager))
    monkeypatch.delenv("LESS", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=(80, 24): os.terminal_size((80, 24)))
    monkeypatch.setattr("sys.stdin", type("Tty", (), {"isatty": staticmethod(lambda: True)})())
    return screen


def _on_a_terminal(monkeypatch):
    """Standard output (captured: the test's own from here on) says it is a terminal."""
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)


def test_an_answer_taller_than_the_terminal_opens_in_the_pager(capsys, terminal, monkeypatch):
    _on_a_terminal(monkeypatch)
    assert main(["ask", "What drives EGFR-TKI resistance?", "--plain", "--full"]) == 0
    assert capsys.readouterr().out == ""
    screen = terminal.read_text().splitlines()
    assert screen[0] == "LESS=FRX"  # less: quit at once if it fits, keep colours, leave the screen as it was
    assert screen[1] == "Answer, in the review's own sentences:" and len(screen) > 24
    assert main(["ask", "What drives EGFR-TKI resistance?", "--plain", "--full", "--no-pager"]) == 0
    assert capsys.readouterr().out.splitlines() == screen[1:]


def test_a_short_answer_or_a_pipe_is_printed_as_it_is(capsys, terminal, monkeypatch):
    _on_a_terminal(monkeypatch)
    assert main(["ask", "What is T790M?", "--plain", "--brief"]) == 0
    out = capsys.readouterr().out  # it fits in 24 lines: printed, the pager not started
    assert out.startswith("Answer, in the review's own sentences:") and len(out.splitlines()) < 24
    assert not terminal.exists()
    monkeypatch.setattr("sys.stdin", None)
    assert main(["ask", "What drives EGFR-TKI resistance?", "--plain", "--full"]) == 0  # no terminal to page on
    assert capsys.readouterr().out and not terminal.exists()
