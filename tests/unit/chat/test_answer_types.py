"""The kind of sentence a question asks for, and which sentences are of that kind."""

from __future__ import annotations

import pytest

from reviewqa.chat.answer_types import AnswerType, expected_type, fits


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("why do EGFR pills stop working after a while?", AnswerType.REASON),
        ("what's holding back natural products?", AnswerType.REASON),
        ("why is CAR-T so hard to roll out", AnswerType.REASON),
        ("how many patients respond to sotorasib?", AnswerType.FIGURE),
        ("what percentage of cases are NSCLC", AnswerType.FIGURE),
        ("who showed that CAFs secrete IL-6?", AnswerType.STUDY),
        ("which group built a lung-on-a-chip?", AnswerType.STUDY),
        ("how do tumours become resistant to it?", AnswerType.MECHANISM),
        ("what mechanisms drive EGFR-TKI resistance?", AnswerType.MECHANISM),
        ("what are CAFs?", None),
        ("Is chronic inflammation linked to resistance?", None),
    ],
)
def test_the_kind_of_answer_a_question_asks_for(question, kind):
    assert expected_type(question) is kind


def test_sentences_of_each_kind():
    assert fits(AnswerType.REASON, "these techniques require highly specialized equipment, limiting their adoption")
    assert fits(AnswerType.REASON, "This approach is often limited by substantial toxicity.")
    assert not fits(AnswerType.REASON, "TAMs secrete IL-10 and TGF-β.")
    assert fits(AnswerType.FIGURE, "resistance occurs in 50-60% of patients within 12-18 months")
    assert not fits(AnswerType.FIGURE, "CAFs remodel the ECM (24).")
    assert fits(AnswerType.STUDY, "Tan et al (84) evaluated drug resistance")
    assert not fits(AnswerType.STUDY, "Studies have shown that CAFs promote glycolysis.")
    assert fits(AnswerType.MECHANISM, "upregulation of pro-angiogenic factors as key contributors to resistance")
    assert not fits(AnswerType.MECHANISM, "Resistance remains a challenge.")
