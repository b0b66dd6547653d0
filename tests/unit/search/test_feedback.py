"""Pseudo-relevance feedback on the real review's BM25 index: which terms the best passages lend a question."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from reviewqa.index.lexical import ChunkTerms
from reviewqa.search.feedback import FEEDBACK_TERMS, Feedback

EGFR_OWN = ("egfr", "tki", "egfrtki", "resist", "drive")


@pytest.fixture(scope="module")
def feedback(fake_assistant):
    return Feedback(ChunkTerms(fake_assistant.review.chunks), fake_assistant.index.lexical)


def _fused_with_best(review, ids: list[str]) -> np.ndarray:
    """Scores where the chunks `ids` are the best, in that order."""
    rows = {c.id: row for row, c in enumerate(review.chunks)}
    fused = np.zeros(len(review.chunks))
    for place, chunk_id in enumerate(ids):
        fused[rows[chunk_id]] = len(ids) - place
    return fused


def _by_definition(review, lexical, ids: list[str], own: tuple[str, ...]) -> tuple[str, ...]:
    """The definition, spelled out: the three passages' term counts summed, the question's own terms left out,
    weighted by IDF, best first, ties alphabetical."""
    chunk_terms = ChunkTerms(review.chunks)
    rows = {c.id: row for row, c in enumerate(review.chunks)}
    counts: Counter[str] = Counter()
    for chunk_id in ids:
        counts.update(chunk_terms.counts(rows[chunk_id]))
    for term in own:
        counts.pop(term, None)
    terms = tuple(counts)
    weights = dict(zip(terms, lexical.idf(terms), strict=True))
    return tuple(sorted(terms, key=lambda t: (-counts[t] * weights[t], t))[:FEEDBACK_TERMS])


def test_the_egfr_resistance_passages_lend_their_mechanisms(feedback, fake_assistant):
    review = fake_assistant.review
    best = ["s4-p6", "s3-p8", "t1-r8"]
    everything = np.ones(len(review.chunks), dtype=bool)
    terms = feedback.terms(_fused_with_best(review, best), everything, EGFR_OWN)
    assert len(terms) == FEEDBACK_TERMS
    assert {"p90rsk", "pathway", "tgf"} <= set(terms)  # s3-p8 and Table I row 8: the TGF-β / p90RSK pathway
    assert not set(terms) & set(EGFR_OWN)
    assert terms == _by_definition(review, fake_assistant.index.lexical, best, EGFR_OWN)


def test_only_eligible_passages_lend_terms(feedback, fake_assistant):
    review = fake_assistant.review
    fused = _fused_with_best(review, ["s4-p6", "s3-p8", "t1-r8", "s1-p1"])
    eligible = np.array([c.id != "s3-p8" for c in review.chunks])  # e.g. a section filter leaves it out
    terms = feedback.terms(fused, eligible, EGFR_OWN)
    assert terms == _by_definition(review, fake_assistant.index.lexical, ["s4-p6", "t1-r8", "s1-p1"], EGFR_OWN)


def test_runs_of_chunks_across_the_review_give_the_definitions_terms(feedback, fake_assistant):
    """Over each run of three consecutive chunks of the review, with a question's own terms taken from the first."""
    review, lexical = fake_assistant.review, fake_assistant.index.lexical
    everything = np.ones(len(review.chunks), dtype=bool)
    chunk_terms = ChunkTerms(review.chunks)
    for row in range(0, len(review.chunks) - 2, 7):
        ids = [c.id for c in review.chunks[row : row + 3]]
        own = tuple(sorted(chunk_terms.counts(row)))[:3]
        assert feedback.terms(_fused_with_best(review, ids), everything, own) == _by_definition(
            review, lexical, ids, own
        ), ids


def test_nothing_found_lends_nothing(feedback, fake_assistant):
    nothing = np.zeros(len(fake_assistant.review.chunks), dtype=bool)
    assert feedback.terms(np.zeros(len(nothing)), nothing, ()) == ()
