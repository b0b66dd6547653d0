"""The reader's uses in search, with a stub reader (no model): the top passages reordered by a blend of retrieval
and their best sentence's score, one batch per search, the techniques' names as `eval --without` takes them."""

from __future__ import annotations

import numpy as np
import pytest

from reviewqa.errors import UsageError
from reviewqa.search.reading import answer_units, best_sentence_scores, rerank
from reviewqa.search.techniques import Techniques


class StubReader:
    """Scores a unit 0.9 when it holds `answer`, else 0.1; records its calls."""

    def __init__(self, answer: str, low: float = 0.1):
        self.answer, self.low = answer, low
        self.calls: list[tuple[str, list[str]]] = []

    def scores(self, question, candidates):
        self.calls.append((question, list(candidates)))
        return np.asarray([0.9 if self.answer in c else self.low for c in candidates])


def test_best_sentence_scores_read_every_unit_once_in_one_batch(review):
    chunks = [review.chunk("s3-p8"), review.chunk("s2-p3"), review.chunk("ref1")]
    reader = StubReader("CAFs create a physical barrier")
    best = best_sentence_scores(reader, "what do CAFs do?", chunks)
    assert best.tolist() == [0.1, 0.9, 0.0]  # a reference entry is not read
    ((question, units),) = reader.calls
    assert question == "what do CAFs do?"
    assert units == [*answer_units(chunks[0]), *answer_units(chunks[1])]


def test_rerank_blends_retrieval_with_the_reader_and_does_not_replace_it():
    scores = np.asarray([0.0, 0.9, 0.8, 0.3])
    rows = [1, 2, 3]
    # retrieval scaled among them: 1.0, 0.833, 0.0
    assert rerank(rows, scores, np.asarray([0.1, 0.9, 0.2]), weight=0.1) == [1, 2, 3]  # 0.91 > 0.84 > 0.02
    assert rerank(rows, scores, np.asarray([0.1, 0.9, 0.2]), weight=0.3) == [2, 1, 3]  # 0.85 > 0.73 > 0.06
    assert rerank(rows, scores, np.asarray([0.0, 0.0, 1.0]), weight=0.3) == [1, 2, 3]  # unread passages keep place


def test_reader_techniques_are_named_as_eval_without_takes_them():
    techniques = Techniques.without(["reader-rerank", "reader_flag"])
    assert not techniques.reader_rerank and not techniques.reader_flag and techniques.answer_first
    with pytest.raises(UsageError, match="unknown technique 'reader_mind'"):
        Techniques.without(["reader-mind"])


def test_a_technique_off_by_default_can_be_switched_on_to_measure_it():
    techniques = Techniques.without(["reader-flag"], ["reader-rerank", "reader-flag"])
    assert techniques.reader_rerank and not techniques.reader_flag  # --without wins over --with


def test_the_defaults_are_what_won_on_heldout_and_dev():
    """With the review-adapted encoder the rerank gained 2 of 115 heldout questions at rank 1 and none of dev's, at
    ~90 MB and ~200 ms a reply: every reader use is off; answer-first and the sentence ranker are on."""
    techniques = Techniques()
    assert techniques.answer_first and techniques.sentence_ranker
    assert not techniques.reader_rerank and not techniques.reader_sentences and not techniques.reader_flag


def _with_reader(fake_assistant, reader, names=(), adding=()):
    from reviewqa.search.assistant import Assistant

    techniques = Techniques.without(list(names), list(adding))
    review, index, encoder = fake_assistant.review, fake_assistant.index, fake_assistant.encoder
    return Assistant(review, index, encoder=encoder, techniques=techniques, reader=reader)


def test_the_rerank_moves_the_passage_whose_sentence_answers_and_skips_follow_ups(fake_assistant):
    question = "How do cancer-associated fibroblasts shape the tumour microenvironment?"
    plain = fake_assistant.search(question, k=5)
    fourth = plain.hits[3].chunk
    stub = StubReader(answer_units(fourth)[0])
    reranked = _with_reader(fake_assistant, stub, adding=["reader-rerank"]).search(question, k=5)
    assert reranked.hits[0].chunk.id == fourth.id != plain.hits[0].chunk.id
    assert {h.chunk.id for h in reranked.hits} == {h.chunk.id for h in plain.hits}  # reordered, not replaced
    assert [q for q, _ in stub.calls] == [reranked.read_as]
    off = _with_reader(fake_assistant, StubReader(answer_units(fourth)[0]), ["reader-rerank"]).search(question, k=5)
    assert [h.chunk.id for h in off.hits] == [h.chunk.id for h in plain.hits]
    stub.calls.clear()
    followup = _with_reader(fake_assistant, stub, adding=["reader-rerank"]).search(
        "and how do they do that?", k=5, history=[question]
    )
    assert followup.reading.followup and stub.calls == []  # a follow-up is not read: the reader hurt them


def test_the_reader_flag_says_which_passage_came_closest_and_what_it_lacks(fake_assistant):
    # The review names the trial; today's checks let a question without a detail through (osimertinib's PFS, which
    # the review does not report, is flagged by them: search.detail_sentences).
    question = "What did the phase II osimertinib trial find?"
    assert fake_assistant.search(question, k=5).answerable  # today's checks let it through (the fake index)
    reader = StubReader("nothing answers", low=0.01)
    flagged = _with_reader(fake_assistant, reader, adding=["reader-flag"]).search(question)
    assert not flagged.answerable
    print(flagged.missing)
    assert flagged.missing.startswith("No sentence of the review reads as an answer to this question")
    assert f"the closest passage ({flagged.hits[0].chunk.id}) scores 0.01 of 1" in flagged.missing
    assert not _with_reader(fake_assistant, StubReader("nothing answers", low=0.2), adding=["reader-flag"]).search(
        question
    ).missing  # above the floor: not flagged
