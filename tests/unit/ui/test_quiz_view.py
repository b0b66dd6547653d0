"""The Quiz tab's screens as HTML: question, feedback, score, misses; escaping of questions and answers (no model)."""

from __future__ import annotations

import html
import re

import pytest

from reviewqa.errors import QuizError
from reviewqa.quiz.items import QuizItem
from reviewqa.quiz.session import QuizSession
from reviewqa.ui.quiz_view import (
    ALL_SECTIONS,
    mark_answer,
    parse_seed,
    quiz_screen,
    quiz_sections,
    retry_session,
    start_quiz,
)

ATTACK = "<img src=x onerror=alert(1)> <script>alert(2)</script>"


def _text(fragment: str) -> str:
    """The visible text of an HTML fragment."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_two_question_quiz_right_then_wrong_then_summary(review):
    quiz = start_quiz(review, ALL_SECTIONS, "mixed", 2, seed=1)
    first = quiz_screen(quiz)
    assert first.typed and first.options == () and first.feedback_html == ""
    assert (
        "Question 1 of 2 · fill the blank · 3. Dynamic crosstalk in the TME: Mechanisms of progression"
        in first.question_html
    )
    assert "reduce the delivery of _____ to their targets." in first.question_html

    quiz.answer("icis")
    second = quiz_screen(quiz)
    assert second.options == (
        "cancer stem cells (CSCs)",
        "myeloid-derived suppressor cells (MDSCs)",
        "tumor-infiltrating lymphocytes (TILs)",
        "endothelial cells (ECs)",
    )
    assert second.option_labels[0] == "A. cancer stem cells (CSCs)" and second.option_labels[3].startswith("D. ")
    assert not second.typed and "Question 2 of 2 · multiple choice" in second.question_html
    assert "press 1–4 (A–D)" in second.question_html
    assert "Q1: Right ✓" in second.feedback_html and "Score: 1 / 1" in second.feedback_html
    assert "Answer: <b>ICIs</b> · you answered: <q>icis</q>" in second.feedback_html
    # the sentence it came from, the answer marked, and the passage and references folded below it
    assert '<blockquote class="rq-quiz-sentence">' in second.feedback_html
    assert "reduce the delivery of <mark>ICIs</mark> to their targets." in second.feedback_html
    folded = second.feedback_html.split('<details class="rq-more"><summary>show passage and references</summary>')
    assert len(folded) == 2 and "Source: passage s3-p11 · 3. Dynamic crosstalk" in folded[1]
    assert "Source:" not in folded[0] and "<li>" not in folded[0]

    quiz.answer("cancer stem cells (CSCs)")
    done = quiz_screen(quiz)
    assert done.options == () and not done.typed and done.missed == 1
    assert "Q2: Wrong ✗" in done.feedback_html and "Score: 1 / 2" in done.feedback_html
    assert "s4-p5" not in done.feedback_html  # its passage is in the summary below, once
    summary = _text(done.question_html)
    # the last answer, missed, is listed once: in the summary, not again in the feedback above it
    assert (_text(done.feedback_html) + summary).count("Answer: endothelial cells (ECs)") == 1
    assert "Final score: 1 / 2" in summary and "Missed (1)" in summary
    assert "(ACKR1) _____ in TKI-resistant lung cancer" in summary and "Answer: endothelial cells (ECs)" in summary
    assert "Source: passage s4-p5 · 4. TME-driven therapeutic resistance in lung cancer" in summary
    cited = re.findall(r"<li>\[(\d+)\] ", done.question_html)
    assert cited == ["78", "79", "80"]
    assert "ICIs" not in summary  # the right answer is not listed as missed


def test_retry_missed_asks_the_missed_items_again(review):
    quiz = start_quiz(review, ALL_SECTIONS, "mixed", 3, seed=1)
    assert retry_session(quiz) is None  # nothing missed yet
    quiz.answer("icis")
    quiz.answer("")  # skipped counts as missed
    quiz.answer("not it")
    again = retry_session(quiz)
    assert again is not None and again.items == tuple(f.item for f in quiz.missed) == quiz.items[1:]
    assert again.feedback == [] and quiz_screen(again).question_html.count("Question 1 of 2") == 1
    assert quiz_screen(quiz).missed == 2


def test_skipped_and_all_right_quizzes(review):
    quiz = start_quiz(review, ALL_SECTIONS, "mixed", 2, seed=1)
    quiz.answer("  ")
    assert "you answered: <i>skipped</i>" in quiz_screen(quiz).feedback_html
    quiz.answer("D")
    summary = quiz_screen(quiz).question_html
    assert "Final score: 1 / 2" in summary and "Q1: Wrong ✗" in summary and "Q2:" not in summary
    perfect = start_quiz(review, ALL_SECTIONS, "mixed", 2, seed=1)
    perfect.answer("ICIs")
    perfect.answer("endothelial cells")
    assert "Final score: 2 / 2" in quiz_screen(perfect).question_html
    assert "Nothing missed." in quiz_screen(perfect).question_html and quiz_screen(perfect).missed == 0


def test_question_and_typed_answer_are_escaped(review):
    item = QuizItem(f"Which {ATTACK} is _____?", "cloze", (), "ECM", "fig1", ("2. <b>x</b>",), (), "glossary term", "")
    quiz = QuizSession(review, (item,))
    assert "<img" not in quiz_screen(quiz).question_html and "&lt;script&gt;" in quiz_screen(quiz).question_html
    assert "2. &lt;b&gt;x&lt;/b&gt;" in quiz_screen(quiz).question_html
    quiz.answer(ATTACK)
    screen = quiz_screen(quiz)
    for fragment in (screen.feedback_html, screen.question_html):
        assert "<img" not in fragment and "<script" not in fragment
    assert ATTACK in _text(screen.question_html)  # the missed answer is shown once, in the summary


def test_mark_answer_is_case_insensitive_and_escapes():
    assert mark_answer("<b>ECM</b> and ecm\nend", "ECM") == (
        "&lt;b&gt;<mark>ECM</mark>&lt;/b&gt; and <mark>ecm</mark><br>end"
    )
    assert mark_answer("a (b) c", "(b)") == "a <mark>(b)</mark> c"
    assert mark_answer("text", " ") == "text"


def test_start_quiz_choices(review):
    section = "4. TME-driven therapeutic resistance in lung cancer"
    studies = start_quiz(review, section, "study", 5, seed=3)
    assert len(studies.items) == 5
    assert {i.type for i in studies.items} == {"study"} and {i.section_path[0] for i in studies.items} == {section}
    assert quiz_screen(studies).options == studies.items[0].options
    assert len(start_quiz(review, "6", "mc", 99, seed=3).items) == 30  # capped
    # the same choices give the CLI's quiz (`reviewqa quiz -n 10 --seed 7`, `--section 4 --type mc`)
    assert (
        start_quiz(review, ALL_SECTIONS, "mixed", 10, seed=7).items
        == QuizSession.start(n=10, seed=7, review=review).items
    )
    assert (
        start_quiz(review, section, "mc", 4, 7).items
        == QuizSession.start(n=4, seed=7, section="4", quiz_type="mc", review=review).items
    )
    with pytest.raises(QuizError, match="no quiz items of type study"):
        start_quiz(review, "7. Conclusion", "study", 5, seed=3)
    with pytest.raises(QuizError, match="unknown quiz type"):
        start_quiz(review, ALL_SECTIONS, "essay", 5, seed=3)


def test_seed_from_the_text_box():
    assert parse_seed("7") == 7 and parse_seed(" 42 ") == 42
    assert 0 <= parse_seed("") < 1_000_000 and 0 <= parse_seed(None) < 1_000_000
    for bad in ("-1", "1.5", "abc", "1e9", "9" * 12):
        with pytest.raises(QuizError, match="whole number"):
            parse_seed(bad)


def test_section_menu_lists_the_numbered_sections(fake_assistant):
    choices = quiz_sections(fake_assistant.sections)
    assert choices[0] == ALL_SECTIONS and len(choices) == 8
    assert choices[1] == "1. Introduction" and choices[-1] == "7. Conclusion"
