"""The passage ranker (search.passage_ranker): the features of real passages for real questions (those a fake
embedder cannot change: terms held, headings, kinds, the question's form), the reordering with hand-made trees, the
shipped model checked against its recorded sha256, and the switch."""

from __future__ import annotations

import shutil
from dataclasses import replace

import numpy as np
import pytest

import reviewqa.search.passage_ranker as ranker_module
from reviewqa.choices import Mode
from reviewqa.errors import SetupProblem
from reviewqa.search.assistant import Assistant
from reviewqa.search.passage_features import FEATURES, PASSAGE_DEPTH, Candidates, PassageFeatures
from reviewqa.search.passage_ranker import PassageRanker, passage_trees
from reviewqa.search.techniques import Techniques
from reviewqa.trees import BoostedTrees

ROW_QUESTION = "spatially resolved transcriptomics with tertiary lymphoid structures"  # Table I, Peyraud 2025


@pytest.fixture(scope="module")
def features(fake_assistant):
    a = fake_assistant
    return PassageFeatures(a.review, a.index, a.definitions, a.priors, lambda: a.neighbours)


def _ranker(assistant, trees: BoostedTrees, depth: int = PASSAGE_DEPTH) -> PassageRanker:
    a = assistant
    return PassageRanker(lambda: a.passage_ranker.features, a._intent_boost, depth=depth, trees=trees)


def _found(assistant, question: str, ids: list[str], followup: bool = False) -> Candidates:
    rows = tuple(assistant.review.chunks.index(assistant.review.chunk(i)) for i in ids)
    main = assistant.scorer.score(question, Mode.HYBRID, np.ones(len(assistant.review.chunks), dtype=bool))
    scores = np.zeros(len(assistant.review.chunks))
    scores[list(rows)] = np.linspace(1.0, 0.5, len(rows))
    return Candidates(question, rows, scores, main, followup)


def _column(matrix: np.ndarray, name: str) -> list[float]:
    return matrix[:, FEATURES.index(name)].round(6).tolist()


def test_the_terms_a_passage_holds_and_its_kind(fake_assistant, features):
    matrix = features.matrix(_found(fake_assistant, ROW_QUESTION, ["t1-r2", "s3-p8", "front-title"]))
    assert matrix.shape == (3, len(FEATURES))
    assert _column(matrix, "coverage")[0] == 1.0 and _column(matrix, "rare_missing")[0] == 0.0
    assert _column(matrix, "coverage")[1] < 0.5 and _column(matrix, "rare_missing")[1] >= 3
    assert _column(matrix, "coverage_gap") == [0.0, *(1.0 - np.array(_column(matrix, "coverage")[1:])).round(6)]
    assert _column(matrix, "table_row") == [1.0, 0.0, 0.0]
    assert _column(matrix, "text") == [0.0, 1.0, 0.0]
    assert _column(matrix, "matter") == [0.0, 0.0, 1.0]
    assert _column(matrix, "prior") == [1.0, 1.0, 0.5]  # a title-page passage, for a question about the topic
    assert _column(matrix, "score_share") == [1.0, 0.75, 0.5]
    assert _column(matrix, "rank") == np.log1p([0, 1, 2]).round(6).tolist()
    assert _column(matrix, "cites") == np.log1p([1, 3, 0]).round(6).tolist()


def test_the_question_s_form(fake_assistant, features):
    def asked(question: str, followup: bool = False) -> dict[str, float]:
        row = features.matrix(_found(fake_assistant, question, ["s3-p8"], followup))[0]
        return {name: row[FEATURES.index(name)] for name in FEATURES if name.startswith("q_")}

    assert asked("What are TILs?")["q_definition"] == 1.0
    assert asked("how many months did patients survive?")["q_number"] == 1.0
    assert asked("who showed that CAFs block drug delivery?")["q_who"] == 1.0
    assert asked("Which trial tested apatinib?")["q_study"] == 1.0
    assert asked("who funded this review?")["q_document"] == 1.0
    assert asked("and what about that?", followup=True)["q_followup"] == 1.0
    assert asked("What are TILs?")["q_named"] == 0.0
    assert asked("What are TILs?")["q_number"] == 0.0


def test_a_passage_citing_what_the_question_names(fake_assistant, features):
    found = _found(fake_assistant, "what did Peyraud et al find?", ["t1-r2", "s3-p8"])
    named = np.zeros(len(found.scores))
    named[found.rows[0]] = 0.3  # the assistant's author boost: the passages citing Peyraud's paper
    matrix = features.matrix(replace(found, named=named))
    assert _column(matrix, "named") == [1.0, 0.0]
    assert _column(matrix, "q_named") == [1.0, 1.0]
    assert _column(features.matrix(found), "q_named") == [0.0, 0.0]


def _trees_preferring(name: str) -> BoostedTrees:
    """One tree: a passage with `name` above 0.5 gets +2, any other -2."""
    tree = np.array([[FEATURES.index(name), 0.5, 1, 2, 0.0], [-1, 0, 0, 0, -2.0], [-1, 0, 0, 0, 2.0]])
    return BoostedTrees(len(FEATURES), 0.0, (tree,))


def test_the_order_puts_the_likeliest_first_and_hands_the_scores_out_again(fake_assistant, features):
    found = _found(fake_assistant, ROW_QUESTION, ["s3-p8", "front-title", "t1-r2", "t1-r1"])
    rows, scores = _ranker(fake_assistant, _trees_preferring("table_row"), depth=3).reorder(found)
    assert rows == [found.rows[2], found.rows[0], found.rows[1], found.rows[3]]  # ties keep retrieval's order
    assert scores[rows].round(6).tolist() == [1.0, 0.833333, 0.666667, 0.5]  # below the depth: not reordered
    assert found.scores[found.rows[0]] == 1.0  # the search's own scores are not changed


def test_the_shipped_trees_are_checked(tmp_path, monkeypatch):
    assert isinstance(passage_trees(), BoostedTrees)
    folder = tmp_path / "passage_ranker"
    shutil.copytree(ranker_module.PASSAGE_RANKER_DIR, folder)
    (folder / ranker_module.MODEL).write_text('{"features": [], "baseline": 0, "trees": []}\n', encoding="utf-8")
    monkeypatch.setattr(ranker_module, "PASSAGE_RANKER_DIR", folder)
    passage_trees.cache_clear()
    try:
        with pytest.raises(SetupProblem, match="not the one recorded"):
            passage_trees()
    finally:
        passage_trees.cache_clear()


def test_the_switch(fake_assistant, features):
    off = Assistant(fake_assistant.review, fake_assistant.index, fake_assistant.encoder,
                    techniques=Techniques.without(["passage-ranker"]))  # fmt: skip
    on = Assistant(fake_assistant.review, fake_assistant.index, fake_assistant.encoder)
    on.passage_ranker = _ranker(fake_assistant, _trees_preferring("table_row"))
    question = "Which treatments were combined with PD-1 blockade?"
    before = [h.chunk for h in off.search(question, k=PASSAGE_DEPTH).hits]
    after = on.search(question, k=PASSAGE_DEPTH)
    rows = [h.chunk for h in after.hits]
    assert sorted(c.id for c in rows) == sorted(c.id for c in before)
    tables = [c for c in before if c.table_label]
    assert 0 < len(tables) < PASSAGE_DEPTH
    assert rows == tables + [c for c in before if not c.table_label]
    assert [h.score for h in after.hits] == sorted((h.score for h in after.hits), reverse=True)
