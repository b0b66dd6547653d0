"""`reviewqa quiz` and the UI-independent QuizSession: JSON shape, the interactive flow on piped stdin."""

from __future__ import annotations

import io
import json

import pytest

from reviewqa.cli.main import main
from reviewqa.errors import QuizError
from reviewqa.quiz.items import cloze_items
from reviewqa.quiz.mix import make_quiz
from reviewqa.quiz.session import QuizSession

KEYS = ["question", "type", "options", "answer", "chunk_id", "section_path", "refs", "category", "sentence"]


def _json_items(capsys, *args):
    assert main(["quiz", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_shape_matches_the_generator(capsys, review):
    data = _json_items(capsys, "--seed", "7", "-n", "6")
    assert [list(d) for d in data] == [KEYS] * 6
    assert [d["type"] for d in data] == ["cloze", "mc", "cloze", "mc", "study", "cloze"]  # one table item in five
    expected = [i.to_json() for i in make_quiz(review, n=6, seed=7)]
    assert data == expected
    assert all(len(d["options"]) == 4 for d in data if d["type"] != "cloze")
    assert all(d["options"] == [] for d in data if d["type"] == "cloze")


def test_json_section_and_type(capsys):
    data = _json_items(capsys, "--seed", "1", "-n", "30", "--section", "4", "--type", "study")
    assert len(data) == 14
    assert {d["chunk_id"] for d in data} == {f"t1-r{k}" for k in range(1, 15)}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--section", "9"], "unknown section '9'"),
        (["--type", "essay"], "unknown quiz type 'essay'"),
        (["-n", "0"], "at least 1"),
        (["--section", "References"], "no quiz items"),
    ],
)
def test_bad_options_exit_2_with_one_line(capsys, args, message):
    assert main(["quiz", "--json", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_interactive_flow_on_piped_stdin(capsys, monkeypatch, review):
    monkeypatch.setenv("COLUMNS", "80")
    items = make_quiz(review, n=4, seed=11)
    wrong = "EGFR" if items[1].answer != "EGFR" else "KRAS"
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{items[0].answer}\n{wrong}\n\n"))  # then EOF
    assert main(["quiz", "--seed", "11", "-n", "4"]) == 0
    out = capsys.readouterr().out
    assert out.count("\nQ") == 4  # the fourth question is asked, then stdin ends
    assert f"> {items[0].answer}\nRight.  (score 1/1)" in out  # piped answers are shown, as typed ones are
    assert f"> {wrong}\nWrong. The answer is: {items[1].answer}  (score 1/2)" in out
    assert f"> (skipped)\nWrong. The answer is: {items[2].answer}  (score 1/3)" in out
    assert "\nYou stopped after 3 of 4 questions; 1 correct.\n" in out
    missed = out.split("\nMissed (2); read a passage again with `reviewqa show ID`:\n")[1]
    flowing = " ".join(missed.split())
    assert items[1].question in flowing and f"(you said: {wrong}) · passage {items[1].chunk_id}" in flowing
    assert items[2].question in flowing and items[0].question not in flowing
    assert "Source [" not in missed  # the passage was shown when it was missed; the list does not repeat it
    # a right answer: the sentence it came from; a wrong one: the passage and its references too
    second_chunk = review.chunk(items[1].chunk_id)
    answered_first = out.split("Right.  (score 1/1)")[1].split("\nQ2/4")[0]
    assert "From: " in answered_first and "Source [" not in answered_first
    assert f"Source [{second_chunk.id}] {' > '.join(second_chunk.section_path)}" in " ".join(out.split())
    for n in second_chunk.refs:
        assert f"[{n}] " in out
    assert out.startswith("Self-quiz: 4 questions (seed 11).")
    assert max(len(line) for line in out.splitlines()) <= 80


def test_the_score_is_a_sentence_and_a_missed_item_is_listed_once(capsys, monkeypatch, review):
    (item,) = make_quiz(review, n=1, seed=5)
    session = QuizSession(review, (item, item, item))  # the same item asked again (as --due can)
    answers = io.StringIO("not it\n\nnot it\n")
    from reviewqa.cli.quiz import _ask, score_sentence

    assert _ask(session, "test", answers, None) == 0
    out = capsys.readouterr().out
    assert "\nYou answered 0 of 3 correctly.\nMissed (1); " in out
    summary = out.split("\nMissed (1); ")[1]
    assert summary.count(f"· passage {item.chunk_id}") == 1
    assert score_sentence(2, 5, 5) == "You answered 2 of 5 correctly."
    assert score_sentence(2, 3, 5) == "You stopped after 3 of 5 questions; 2 correct."
    assert score_sentence(0, 0, 1) == "You stopped after 0 of 1 question; 0 correct."


def test_quiz_wording_in_the_terminal(capsys, monkeypatch, review):
    (item,) = make_quiz(review, n=1, seed=3, types=("study",))
    monkeypatch.setattr("sys.stdin", io.StringIO("A\n"))
    assert main(["quiz", "--seed", "3", "-n", "1", "--type", "study"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Self-quiz: 1 question (seed 3).")  # not '1 questions'
    assert f"\nQ1/1 · which study · {item.section_path[0]}\n" in out  # not '[study, study]'
    (cloze,) = make_quiz(review, n=1, seed=3, types=("cloze",))
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    assert main(["quiz", "--seed", "3", "-n", "1", "--type", "cloze"]) == 0
    assert f"\nQ1/1 · fill the blank · {cloze.category} · {cloze.section_path[0]}\n" in capsys.readouterr().out


def test_session_flow(review):
    session = QuizSession.start(n=5, seed=22, review=review)
    assert len(session.items) == 5 and session.current == session.items[0]
    first = session.answer(session.items[0].answer.upper())
    assert first.correct and first.expected == session.items[0].answer
    chunk = review.chunk(first.item.chunk_id)
    assert first.passage == chunk.text and first.section == " > ".join(chunk.section_path)
    assert (first.item.chunk_id, first.item.answer) == ("s4-p2", "ALK")
    assert [c.split(" ", 2)[:2] for c in first.citations] == [
        ["[66]", "Utsumi"],
        ["[67]", "Peyraud"],
        ["[68]", "Nishinakamura"],
        ["[69]", "Gandhi"],
    ]
    assert first.citations[0].endswith("Cancer Sci 116: 1034-1047, 2025.")
    second = session.answer("not the answer")
    assert not second.correct
    if session.current.options:
        letter = "ABCD"[session.current.options.index(session.current.answer)]
        assert session.answer(letter.lower()).correct
    else:
        assert session.answer(session.current.answer).correct
    session.answer("")
    assert session.score == (2, 4) and [f.item for f in session.missed] == list(session.items[1:2] + session.items[3:4])
    session.answer("x")
    assert session.finished and session.current is None and session.score == (2, 5)
    with pytest.raises(QuizError, match="over"):
        session.answer("x")


def test_session_accepts_either_half_of_a_blanked_definition(review):
    items = [i for i in cloze_items(review) if i.answer.endswith("(CAFs)")]
    assert [i.chunk_id for i in items] == ["s2-p3"]
    session = QuizSession(review, tuple(items * 3))
    assert [session.answer(a).correct for a in ("CAFs", "cancer associated fibroblasts", "TAMs")] == [1, 1, 0]


def test_session_refuses_bad_input(review):
    with pytest.raises(QuizError, match="unknown section"):
        QuizSession.start(section="99", review=review)
    with pytest.raises(QuizError, match="unknown quiz type"):
        QuizSession.start(quiz_type="essay", review=review)


def test_a_5000_digit_answer_is_marked_wrong(capsys, monkeypatch, review):
    (item,) = make_quiz(review, n=1, seed=3, types=("mc",))
    monkeypatch.setattr("sys.stdin", io.StringIO("9" * 5000 + "\n"))
    assert main(["quiz", "--seed", "3", "-n", "1", "--type", "mc"]) == 0
    out = capsys.readouterr().out
    assert f"Wrong. The answer is: {item.answer}  (score 0/1)" in out and "You answered 0 of 1 correctly." in out
    session = QuizSession(review, (item,))
    assert session.answer("9" * 5000).correct is False  # the app's Quiz tab answers through the same session
