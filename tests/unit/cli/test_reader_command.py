"""`reviewqa train-reader` refuses, in one line and exit code 2, a set kept for evaluation and a missing file
(both before anything is loaded or trained)."""

from __future__ import annotations

from reviewqa.cli.main import main


def test_an_evaluation_set_is_never_trained_on(capsys):
    assert main(["train-reader", "--questions", "eval/heldout8_questions.jsonl"]) == 2
    assert capsys.readouterr().err == (
        "reviewqa train-reader: error: eval/heldout8_questions.jsonl is kept for evaluation; "
        "the reader is never trained on it\n"
    )


def test_a_missing_question_file_is_one_line(capsys, tmp_path):
    missing = tmp_path / "nope.jsonl"
    assert main(["train-reader", "--questions", str(missing), "--pairs-only"]) == 2
    error = capsys.readouterr().err
    assert error == f"reviewqa train-reader: error: cannot read {missing}: No such file or directory\n"
