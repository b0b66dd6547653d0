"""`reviewqa train-reader` refuses, in one line and exit code 2, a set kept for evaluation and a missing file
(both before anything is loaded or trained)."""

from __future__ import annotations

from reviewqa.cli.main import main


def test_an_evaluation_set_is_never_trained_on(capsys):
    assert main(["train-reader", "--questions", "eval/heldout_questions.jsonl"]) == 2
    assert capsys.readouterr().err == (
        "reviewqa train-reader: error: eval/heldout_questions.jsonl is kept for evaluation; "
        "the reader is never trained on it\n"
    )


def test_a_missing_question_file_is_one_line(capsys, tmp_path):
    missing = tmp_path / "nope.jsonl"
    assert main(["train-reader", "--questions", str(missing), "--pairs-only"]) == 2
    error = capsys.readouterr().err
    assert error == f"reviewqa train-reader: error: cannot read {missing}: No such file or directory\n"


def test_a_fold_that_is_not_k_of_n_is_one_line(capsys):
    assert main(["train-reader", "--fold", "2/2", "--pairs-only"]) == 2
    assert capsys.readouterr().err == "reviewqa train-reader: error: --fold K/N needs 0 <= K < N, not '2/2'\n"


def test_the_folds_split_the_questions_and_keep_a_chat_together():
    from reviewqa.cli.reader import TRAINING_SETS, in_fold
    from reviewqa.search.evaluate import load_questions

    assert "eval/heldout8_questions.jsonl" in TRAINING_SETS and "eval/chats_questions.jsonl" in TRAINING_SETS
    ids = [q.id for f in TRAINING_SETS for q in load_questions(f)]
    first = [i for i in ids if in_fold(i, "0/2")]
    assert 0.4 < len(first) / len(ids) < 0.6
    assert in_fold("c01-1", "0/2") == in_fold("c01-2", "0/2") == in_fold("c01-3", "0/2")
