"""The study parts of the Quiz tab in a student's words: the ratings, the schedule after an answer, what is due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from reviewqa.choices import Rating
from reviewqa.memory.history import Scheduled
from reviewqa.ui.study_view import RATINGS, due_label, nothing_due, schedule_html

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)


def test_ratings_are_a_students_words_and_record_the_schedulers():
    assert RATINGS == (("Forgot", "again"), ("Hard", "hard"), ("Knew it", "good"), ("Easy", "easy"))
    assert [Rating.parse(value).words for _, value in RATINGS] == ["Forgot", "Hard", "Knew it", "Easy"]


def test_the_schedule_says_the_rating_in_plain_words_and_what_learning_steps_are():
    forgot = schedule_html(Scheduled(1, "k", Rating.AGAIN, NOW + timedelta(minutes=1), "learning"), NOW)
    assert forgot.startswith('<div class="rq-schedule">Recorded as <b>Forgot</b>: next review in 1 minute.')
    assert "again" not in forgot and "learning steps" in forgot
    knew = schedule_html(Scheduled(2, "k", Rating.GOOD, NOW + timedelta(minutes=10), "learning"), NOW, rated=True)
    assert "Rated <b>Knew it</b>: next review in 10 minutes." in knew and "good" not in knew


def test_nothing_due_now_says_when_the_next_review_is():
    assert due_label(3) == "Review due (3)"
    assert nothing_due(None, NOW).startswith("Nothing is due: answer a quiz first")
    later = nothing_due(NOW + timedelta(minutes=9), NOW)
    assert later.startswith("Nothing is due now: the next review is in 9 minutes. A new item comes back within")
