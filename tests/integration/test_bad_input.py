"""Odd but valid input is answered within bounds; invalid input is refused in one line (API and CLI)."""

from __future__ import annotations

import json

import pytest
from helpers import ODD_BUT_VALID

from reviewqa.cli.main import main
from reviewqa.search.query import MAX_QUERY_CHARS


@pytest.mark.parametrize("question", ODD_BUT_VALID)
def test_api_answers_odd_input_within_bounds(fake_assistant, question):
    result = fake_assistant.search(question, k=5)
    assert len(result.query) <= MAX_QUERY_CHARS
    assert all(ord(c) >= 32 for c in result.query)
    assert len(result.hits) <= 5
    assert isinstance(result.answerable, bool)


def test_long_input_is_cut_to_the_stated_bound(fake_assistant):
    assert len(fake_assistant.search("tumor " * 20_000).query) == MAX_QUERY_CHARS


@pytest.mark.model
@pytest.mark.parametrize("question", ODD_BUT_VALID)
def test_cli_answers_odd_input(real_index_dir, capsys, question):
    assert main(["ask", "--json", "-k", "3", "--index", str(real_index_dir), question]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["hits"]) <= 3 and len(data["query"]) <= MAX_QUERY_CHARS


@pytest.mark.model
def test_cli_caps_a_huge_k(real_index_dir, capsys):
    assert main(["ask", "--json", "-k", "1000000", "--index", str(real_index_dir), "tumor microenvironment"]) == 0
    assert len(json.loads(capsys.readouterr().out)["hits"]) == 50


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ask", "   "], "question is empty"),
        (["ask", "x", "-k", "0"], "k must be at least 1"),
        (["ask", "x", "-k", "-5"], "k must be at least 1"),
        (["ask", "x", "-k", "ten"], "invalid int value"),
        (["ask", "x", "--mode", "magic"], "unknown mode"),
        (["ask", "x", "--kind", "tweet"], "unknown kind"),
        (["ask", "x", "--section", "Discussion"], "unknown section"),
        (["refs", "0"], "not a reference number"),
        (["refs", "151"], "not a reference number"),
        (["refs", "--", "-1"], "not a reference number"),
        (["refs", "abc"], "not a reference number"),
        (["eval", "/nonexistent/questions.jsonl"], "No such file"),
        (["nonsense"], "invalid choice"),
    ],
)
def test_cli_refuses_invalid_input_in_one_line(real_index_dir, capsys, argv, message):
    if argv[0] in ("ask", "eval"):
        argv = [*argv, "--index", str(real_index_dir)]
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse's own refusals
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
