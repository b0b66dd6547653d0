"""The Quiz tab's own answer handler, called as Gradio calls it, with an answer no one would type (issue 22,
finding 9): a 5,000-digit option number is marked wrong, not an error the page cannot show."""

from __future__ import annotations

import inspect

from reviewqa.quiz.mix import make_quiz
from reviewqa.quiz.session import QuizSession


def test_a_5000_digit_answer_in_the_app_is_marked_wrong(fake_app, review):
    [answer] = {
        f.fn for f in fake_app.fns.values() if f.name == "answer" and "given" in inspect.signature(f.fn).parameters
    }
    (item,) = make_quiz(review, n=1, seed=3, types=("mc",))
    session = QuizSession(review, (item,))
    updates = answer("9" * 5000, session, None)
    assert updates[0] is session and session.score == (0, 1)
    assert session.feedback[0].correct is False and session.feedback[0].given == "9" * 5000
