"""`reviewqa eval`'s 'its first sentence' share: an answer counts when its FIRST sentence holds an answering phrase
(the fake index: no model)."""

from __future__ import annotations

from reviewqa.chat.answer_eval import answer_for, score_answers
from reviewqa.search.evaluate import Question


def test_the_first_sentence_share_counts_only_answers_that_open_on_the_answer(fake_assistant):
    text = "What drives EGFR-TKI resistance?"
    sentences = answer_for(fake_assistant, Question("x", text, True, ("-",))).sentences
    assert len(sentences) > 1
    opening = Question("a", text, True, (sentences[0].text[:60],))
    later = Question("b", text, True, (sentences[-1].text[:60],))
    score = score_answers(fake_assistant, [opening, later])
    assert (score.answerable, score.containing, score.first_containing) == (2, 2, 1)
    assert score.first_share == 0.5
