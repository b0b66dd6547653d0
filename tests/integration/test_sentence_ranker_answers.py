"""The learned sentence ranker on the real index: it changes which sentence leads for known training questions
(the generic opening of a passage loses to the sentence that answers), every answer sentence stays verbatim, and
`reviewqa eval --without sentence-ranker` measures its share."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewqa.chat.answer_eval import verbatim
from reviewqa.chat.turn import answer_of
from reviewqa.cli.main import main
from reviewqa.search.assistant import Assistant, Techniques
from reviewqa.search.evaluate import first_hit_rank, load_questions

TUNE = Path(__file__).resolve().parents[2] / "eval" / "tune_questions.jsonl"
CHANGED = {  # training questions (tune): the first sentence with the ranker, and without it
    "t007": ("s2-p5", "Growth factors such as vascular endothelial growth factor (VEGF) drive angiogenesis"),
    "t045": ("s6-p21", "Studies have identified mechanisms, such as upregulation of compensatory pro-angiogenic"),
}
WITHOUT = {
    "t007": ("s6-p19", "Anti-angiogenic therapy has emerged as a promising strategy in the treatment of"),
    "t045": ("s6-p21", "Despite initial success, resistance to anti-angiogenic therapy remains a challenge."),
}


@pytest.fixture(scope="module")
def tune():
    return {q.id: q for q in load_questions(TUNE)}


@pytest.fixture(scope="module")
def hand(assistant):
    return Assistant(assistant.review, assistant.index, techniques=Techniques(sentence_ranker=False))


@pytest.mark.parametrize("qid", sorted(CHANGED))
def test_the_ranker_changes_the_first_sentence_to_the_answering_one(assistant, hand, tune, qid):
    question = tune[qid]
    learned = answer_of(assistant, assistant.search(question.question, k=5))
    handmade = answer_of(hand, hand.search(question.question, k=5))
    first, before = learned.sentences[0], handmade.sentences[0]
    assert (first.chunk_id, before.chunk_id) == (CHANGED[qid][0], WITHOUT[qid][0])
    assert first.text.startswith(CHANGED[qid][1]) and before.text.startswith(WITHOUT[qid][1])
    assert first_hit_rank([first.text], question.must_contain) == 1
    assert first_hit_rank([before.text], question.must_contain) is None
    assert first.score == max(s.score for s in learned.sentences) and 0 < first.score < 1  # a probability


def test_every_answer_sentence_is_verbatim_with_the_ranker(assistant, tune):
    for question in list(tune.values())[:40]:
        answer = answer_of(assistant, assistant.search(question.question, k=5))
        assert verbatim(answer, assistant), question.id


def test_eval_switches_the_ranker_off(real_index_dir, tune, tmp_path, capsys):
    questions = tmp_path / "two.jsonl"
    lines = [{**vars(tune[qid]), "history": list(tune[qid].history), "must_contain": list(tune[qid].must_contain)}
             for qid in sorted(CHANGED)]
    questions.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    argv = ["eval", str(questions), "--mode", "hybrid", "--index", str(real_index_dir)]
    assert main(argv) == 0
    assert "its first sentence 1.000 (2)" in capsys.readouterr().out
    assert main([*argv, "--without", "sentence-ranker"]) == 0
    assert "its first sentence 0.000 (0)" in capsys.readouterr().out
