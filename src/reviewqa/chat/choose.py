"""How an answer's sentences are chosen from the scored candidates: greedy maximal marginal relevance within the
form's word budget (the best sentence always), at most PER_PASSAGE points from one passage when the form spreads
(distinct points: MMR on the sentences' vectors, and none closer than SPREAD_DISTINCT to a point taken), a sentence
for each side of a comparison.

An overview's budget binds (its answers run to 140-150 of its 150 words): a sentence longer than LONG_WORDS costs
for the words it takes from the other points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reviewqa.chat.forms import Shape
from reviewqa.chat.records import AnswerSentence

RELATIVE_FLOOR = 0.5  # a sentence scoring under this share of the best one does not answer enough
MMR_LAMBDA = 0.7  # relevance against redundancy when choosing the next sentence
MIN_PREFERRED = 2  # studies, strategies: only the sentences naming one, acting on the problem, when this many do
# An overview's points from one passage at most (the review's points cluster). 3 -> 4 with the rankers of the ninth
# push: the four broad sets held out then (broad27, 28, 31, 32; 128 questions) 0.719 -> 0.738, four broad training
# sets 0.833 -> 0.845; heldout18, chats13 and chats4 answers unchanged (5 and 6: 0.739 and 0.741, spread thinner).
PER_PASSAGE = 4
# An overview (a form that spreads) fills its budget with weaker points rather than stop short (a low floor), weighs
# redundancy more, and passes over a sentence this close (cosine) to a point taken: measured on the broad sets'
# concepts (benchmarks/broad_coverage.py), 0.46 -> 0.49 of concepts on both. The floor keeps out the fillers the
# ranker scores near 0 ('The heterogeneity of NSCLC further complicates treatment.'): no concept lost on broad..broad4
# (0.1 of the best; 5.50 -> 5.31 points an answer).
SPREAD_FLOOR = 0.1
SPREAD_MMR_LAMBDA = 0.75
SPREAD_DISTINCT = 0.8
# Measured on the broad sets' concepts (benchmarks/broad_coverage.py, broad..broad4): the four sets' mean 0.627 ->
# 0.632, broad4 0.550 -> 0.562. With PER_PASSAGE 4 and a cost per point taken under the same heading the four sets
# gained more (0.648) but follow-ups lost their answers (chats2 C15-2, chats4 M21-3): not taken.
LONG_WORDS = 45  # an overview's sentence longer than this costs LONG_COST per LONG_WORDS words over it
LONG_COST = 0.5


@dataclass(frozen=True)
class Candidate:
    sentence: AnswerSentence
    vector: np.ndarray | None
    terms: frozenset[str]  # its index terms (coverage; likeness when there is no vector)
    defines: bool = False  # it defines what a definition question asks about
    group: str = ""  # its passage (an overview takes at most PER_PASSAGE points from one)
    named: bool = False  # it names a study or trial (a list of studies takes only those, when there are some)
    acting: bool = False  # it stands in a section acting on a problem (strategies take only those, when there are some)


def choose(candidates: list[Candidate], shape: Shape, sides: list[frozenset[str]]) -> list[AnswerSentence]:
    """Greedy maximal marginal relevance within the word budget, the best sentence always; one point per subsection
    when the shape spreads; a sentence for each side of a comparison."""
    floor = (SPREAD_FLOOR if shape.spread else RELATIVE_FLOOR) * max(c.sentence.score for c in candidates)
    pool = [c for c in candidates if c.sentence.score >= floor]
    if shape.named and sum(c.named for c in pool) >= MIN_PREFERRED:
        pool = [c for c in pool if c.named]
    acting = [c for c in pool if c.acting]  # the strategies, not the mechanisms; none above the floor: the best
    # Only an answer gathered from many sections keeps to them: a short one ('how many patients survive five years
    # despite the new treatments?') keeps its best sentence, its ranker already favouring them (acting_wanted).
    if shape.acting and shape.spread and sum(c.acting for c in candidates) >= MIN_PREFERRED and acting:
        pool = acting
    balance = SPREAD_MMR_LAMBDA if shape.spread else MMR_LAMBDA
    chosen: list[Candidate] = []
    words = 0
    while pool and len(chosen) < shape.points:
        pick = max(pool, key=lambda c: _marginal(c, chosen, balance, shape.spread))
        pool.remove(pick)
        if not _fits_with(pick, chosen, shape) or (chosen and words + pick.sentence.words > shape.words):
            continue
        chosen.append(pick)
        words += pick.sentence.words
    for side in sides:  # a comparison: the best sentence on a side no sentence speaks of yet
        if side and not any(side & c.terms for c in chosen):
            on_side = [c for c in candidates if side & c.terms and c not in chosen]
            if on_side:
                chosen = _making_room([*chosen, max(on_side, key=lambda c: c.sentence.score)], shape, sides)
    return [c.sentence for c in chosen]


def _making_room(chosen: list[Candidate], shape: Shape, sides: list[frozenset[str]]) -> list[Candidate]:
    """`chosen` within the word budget: the weakest points dropped, never the first (the best) nor the last (the
    side just added) nor the only one on a side."""
    while sum(c.sentence.words for c in chosen) > shape.words:
        droppable = [
            c
            for c in chosen[1:-1]
            if all(any(side & other.terms for other in chosen if other is not c) for side in sides if side & c.terms)
        ]
        if not droppable:
            break
        chosen = [c for c in chosen if c is not min(droppable, key=lambda d: d.sentence.score)]
    return chosen


def _fits_with(pick: Candidate, chosen: list[Candidate], shape: Shape) -> bool:
    if any(c.sentence.text == pick.sentence.text or pick.sentence.antecedent == c.sentence.text for c in chosen):
        return False
    if any(c.sentence.antecedent and c.sentence.antecedent == pick.sentence.text for c in chosen):
        return False
    if not shape.spread:
        return True
    if sum(c.group == pick.group for c in chosen) >= PER_PASSAGE:
        return False
    return not any(_likeness(pick, c) > SPREAD_DISTINCT for c in chosen)  # a point not made twice


def _marginal(
    candidate: Candidate, chosen: list[Candidate], balance: float = MMR_LAMBDA, spread: bool = False
) -> float:
    """MMR: relevance, less the likeness to the closest sentence already taken (cosine, or shared terms); in an
    overview (`spread`), less what a long sentence costs the budget."""
    score = candidate.sentence.score
    if spread:
        score -= LONG_COST * max(0, candidate.sentence.words - LONG_WORDS) / LONG_WORDS
    if not chosen:
        return score
    likeness = max(_likeness(candidate, other) for other in chosen)
    return balance * score - (1 - balance) * likeness


def _likeness(a: Candidate, b: Candidate) -> float:
    if a.vector is not None and b.vector is not None:
        return float(a.vector @ b.vector)
    return len(a.terms & b.terms) / max(1, len(a.terms | b.terms))
