"""How an overview spends its budget (chat.choose): a long sentence weighed by the words it takes from the other
points, and no filler the ranker scores near nothing — on the real review's sentences."""

from __future__ import annotations

import numpy as np

from reviewqa.chat.choose import LONG_WORDS, SPREAD_FLOOR, Candidate, choose
from reviewqa.chat.forms import SHAPES, AnswerForm
from reviewqa.chat.records import AnswerSentence
from reviewqa.chat.standalone import prose_units


def _candidates(review, picks: list[tuple[str, int, float]]) -> list[Candidate]:
    """(passage id, unit index, score) as candidates with distinct (orthogonal) vectors."""
    found = []
    for place, (chunk_id, index, score) in enumerate(picks):
        chunk = review.chunk(chunk_id)
        unit = prose_units(chunk.text, 5, False)[index]
        sentence = AnswerSentence(unit.text, chunk_id, place + 1, (), unit.position, score, chunk.heading)
        vector = np.eye(len(picks))[place]
        found.append(Candidate(sentence, vector, frozenset(), group=chunk_id))
    return found


def test_an_overview_weighs_a_long_sentence_by_the_budget_it_takes(review):
    candidates = _candidates(review, [("s2-p1", 1, 0.96), ("s2-p5", 0, 0.92)])
    long, short = (c.sentence for c in candidates)
    assert long.words > LONG_WORDS >= short.words
    assert long.text.startswith("The heterogeneity of the lung cancer microenvironment arises from")
    overview = choose(candidates, SHAPES[AnswerForm.OVERVIEW], [])
    assert overview[0] == short and long in overview  # it still joins, when it fits
    assert choose(candidates, SHAPES[AnswerForm.PLAIN], [])[0] == long  # a plain answer opens on the best


def test_an_overview_leaves_out_a_filler_scored_near_nothing(review):
    candidates = _candidates(review, [("s2-p5", 0, 0.90), ("s2-p6", 0, 0.88), ("s2-p4", 0, 0.05)])
    overview = [s.chunk_id for s in choose(candidates, SHAPES[AnswerForm.OVERVIEW], [])]
    assert SPREAD_FLOOR * 0.90 > 0.05 and overview == ["s2-p5", "s2-p6"]


def test_a_comparison_makes_room_for_its_other_side_within_the_budget(review):
    """The sentence for the side no point speaks of yet joins in place of the weakest point, not beyond the budget
    (broad9 F25 once came to 160 words of 140)."""
    from dataclasses import replace

    picks = [("s2-p1", 1, 0.96), ("s2-p5", 0, 0.94), ("s2-p6", 0, 0.93), ("s2-p4", 0, 0.92), ("s3-p8", 1, 0.20)]
    candidates = _candidates(review, picks)
    side_a, side_b = frozenset({"caf"}), frozenset({"tam"})
    terms = [side_a, side_a, side_a, side_a, side_b]  # only the weakest speaks of the other side
    candidates = [replace(c, terms=t) for c, t in zip(candidates, terms, strict=True)]
    shape = replace(SHAPES[AnswerForm.COMPARISON], words=sum(c.sentence.words for c in candidates[:4]))
    chosen = choose(candidates, shape, [side_a, side_b])
    assert candidates[4].sentence in chosen and sum(s.words for s in chosen) <= shape.words
    assert chosen[0] == candidates[0].sentence  # the best stays; the weakest of the others made room
    assert candidates[3].sentence not in chosen
