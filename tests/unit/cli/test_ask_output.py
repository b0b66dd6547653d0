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
def test_ask_fits_the_terminal_and_lists_each_reference_once(capsys, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(["ask", "What drives EGFR-TKI resistance?", "-k", "5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert lines[0] == "Answer, in the review's own sentences:"
    references = lines[lines.index("References") + 1 :]
    numbers = [int(m.group(1)) for line in references if (m := re.match(r"\[(\d+)\] ", line))]
    assert numbers == sorted(set(numbers)) and numbers  # once each, in the review's order
    assert not re.search(r"score \d", "\n".join(lines))  # plain words, not raw scores
    flowing = " ".join(line.strip() for line in lines)  # a header may wrap
    assert re.search(r"#1 [^#]*?\((?:text|table row|figure), (?:strong|partial|weak) match\)", flowing)


def test_a_question_the_review_does_not_answer_says_what_is_missing_without_match_labels(capsys):
    assert main(["ask", "what is the recommended dose of adagrasib?", "--plain"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("The review does not mention adagrasib. The closest passages are below")
    assert "match)" not in out and "Answer, in the review" not in out
