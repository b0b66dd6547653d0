"""The learned sentence ranker (chat.ranker): the features compose computes for each candidate, exactly, on a real
question and real passages (no model: closeness left out, each term weighted by its length so the specificity
features are checkable by hand); the shipped coefficients checked against their recorded sha256; the switch."""

from __future__ import annotations

import json
import math
import shutil

import numpy as np
import pytest

import reviewqa.chat.compose as compose_module
import reviewqa.chat.ranker as ranker_module
from reviewqa.chat.compose import QueryTerms, compose
from reviewqa.chat.ranker import (
    ALL_NAMES,
    FEATURES,
    RELATIVE,
    SentenceRanker,
    TreeRanker,
    design_matrix,
    ranker_from_json,
    ranker_record,
    sentence_ranker,
)
from reviewqa.errors import SetupProblem, UsageError
from reviewqa.search.expansion import expand_query
from reviewqa.search.results import hit_for
from reviewqa.search.techniques import Techniques

QUESTION = "Is stromal ECM implicated in EGFR-TKI resistance in lung cancer cells?"  # tune t051


class Recorder:
    def __init__(self):
        self.rows = []

    def scores(self, rows):
        self.rows = list(rows)
        return [float(n) for n in range(len(rows), 0, -1)]  # the first candidate scores best


def _recorded(review, monkeypatch, shown=ranker_module.NOTHING_SHOWN):
    hits = [hit_for(review, review.chunk(i), rank, 1.0 / rank) for rank, i in enumerate(["s6-p16", "s3-p8"], 1)]
    query = QueryTerms.from_expanded(expand_query(QUESTION, review.glossary))
    taken, original, recorder = [], compose_module._candidates, Recorder()
    monkeypatch.setattr(compose_module, "_candidates", lambda *a, **k: taken.append(original(*a, **k)) or taken[-1])
    answer = compose(hits, QUESTION, query, _length_weights, ranker=recorder, shown=shown)
    return answer, taken[0], recorder.rows


def _length_weights(terms):
    return [float(len(t)) for t in terms]


def test_the_features_of_each_candidate_exactly(review, monkeypatch):
    _, candidates, rows = _recorded(review, monkeypatch)
    assert [(c.sentence.chunk_id, c.sentence.position) for c in candidates] == [
        ("s6-p16", 0), ("s6-p16", 1), ("s6-p16", 2), ("s6-p16", 3), ("s3-p8", 1), ("s3-p8", 2), ("s3-p8", 3),
        ("s3-p8", 4),
    ]
    wang = candidates[1].sentence
    assert wang.text.startswith("Wang et al (135) revealed that stromal ECM is a microenvironmental cue")
    assert set(rows[1]) == set(FEATURES)
    expected = {
        "coverage": 0.88, "closeness": 0.0, "inverse_rank": 1.0, "passage_share": 1.0, "heading": 0.06,
        "type_fit": 0.0, "defines": 0.0, "named": 1.0, "named_wanted": 0.0, "acting": 1.0, "acting_wanted": 0.0,
        "pair": 0.0, "table_row": 0.0, "first": 0.0, "position": math.log(2),
        "length": math.log(len(wang.text.split())), "specificity": 5.125, "rare_terms": math.log(4),
        "opening": 8 / 3, "spread_passage": 0.0, "spread_heading": 0.0,
        "rare_coverage": 26 / 32,  # of stromal, implic, egfrtki, resist, cancer (7+6+7+6+6): all but one of 6
        "subject_opening": 10 / 50,  # 'Wang et al (135) revealed that stromal ECM …': stromal and ecm of 50
        "shown": 0.0, "shown_entities": 0.0,  # a first question: nothing shown before
        "n_broad": 0.0, "n_specific": 0.0, "n_broad_sum": 0.0, "n_specific_sum": 0.0, "n_nearest": 0.0,  # no memory
        "n_broad_passage": 0.0, "n_broad_heading": 0.0,  # … nor where broad questions found their points
    }  # fmt: skip
    assert rows[1] == pytest.approx(expected, abs=1e-9)
    generic = rows[0]  # 'ECM remodeling contributes to therapeutic resistance in lung cancer.': the passage's first
    assert (generic["first"], generic["coverage"], generic["specificity"]) == pytest.approx((1.0, 0.38, 25 / 3))
    assert (rows[3]["pair"], rows[4]["inverse_rank"], rows[4]["passage_share"]) == (1.0, 0.5, 0.5)
    relative = design_matrix(rows)[:, len(FEATURES) :]  # the best candidate's coverage (0.88) less each one's
    assert relative[:, RELATIVE.index("coverage_gap")] == pytest.approx([0.5, 0, 0.62, 0.5, 0.42, 0.76, 0.48, 0.82])
    # no model here: every closeness 0, so no gap within a passage and places in candidate order
    assert relative[:, RELATIVE.index("passage_closeness_gap")] == pytest.approx([0.0] * 8)
    assert relative[:, RELATIVE.index("closeness_place")] == pytest.approx([math.log1p(n) for n in range(8)])


def test_the_conversation_features_against_what_the_previous_answer_showed(review, monkeypatch):
    _, first_candidates, _ = _recorded(review, monkeypatch)
    wang = first_candidates[1].sentence  # the previous answer showed Wang et al's sentence (s6-p16, place 1)
    shown = ranker_module.ShownSentences.of([wang.text], _length_weights)
    _, candidates, rows = _recorded(review, monkeypatch, shown)
    assert [c.sentence.text for c in candidates] == [c.sentence.text for c in first_candidates]
    assert [row["shown"] for row in rows] == [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    # the sentence shown shares every rare term it holds beyond the question's; the others fewer
    assert rows[1]["shown_entities"] == rows[1]["rare_terms"] == math.log(4)
    assert all(row["shown_entities"] < math.log(4) for n, row in enumerate(rows) if n != 1)


def test_trees_score_by_their_leaves_exactly(review, monkeypatch):
    _, _, rows = _recorded(review, monkeypatch)
    names = FEATURES + RELATIVE
    split = [names.index("coverage"), 0.6, 1, 2, 0.0]  # coverage at most 0.6 goes left
    tree = [split, [-1, 0, 0, 0, -1.0], [-1, 0, 0, 0, 2.0]]
    data = {"model": "trees", "features": list(names), "baseline": 0.5, "trees": [tree, [[-1, 0, 0, 0, 0.25]]]}
    ranker = ranker_from_json(data)
    assert isinstance(ranker, TreeRanker) and ranker.to_json() == data
    coverage = [row["coverage"] for row in rows]  # 0.38, 0.88, …
    expected = [1 / (1 + math.exp(-(0.75 + (2.0 if c > 0.6 else -1.0)))) for c in coverage]
    assert ranker.scores(rows) == pytest.approx(expected, abs=1e-12)
    assert ranker.scores(rows)[1] == pytest.approx(1 / (1 + math.exp(-2.75)))
    with pytest.raises(ValueError, match="rows"):
        ranker_from_json({**data, "trees": [[[len(names), 0, 1, 2, 0.0]]]})


def test_the_ranker_score_replaces_the_hand_sum_and_its_best_sentence_leads(review, monkeypatch):
    answer, _, _ = _recorded(review, monkeypatch)
    assert answer.sentences[0].text.startswith("ECM remodeling contributes")  # the recorder scored it best
    assert answer.sentences[0].score == 8.0
    for sentence in answer.sentences:
        assert sentence.text in review.chunk(sentence.chunk_id).text


def test_the_shipped_coefficients_are_the_recorded_ones(tmp_path, monkeypatch):
    record = ranker_record()
    assert ranker_module.coefficients_sha256() == record["coefficients_sha256"]
    assert "eval/heldout_questions.jsonl" not in record["training_sets"]
    ranker = sentence_ranker()
    assert ranker.names == FEATURES + RELATIVE and isinstance(ranker, TreeRanker) and len(ranker.trees) > 0
    copy = tmp_path / "ranker"
    shutil.copytree(ranker_module.RANKER_DIR, copy)
    data = json.loads((copy / ranker_module.COEFFICIENTS).read_text())
    data["baseline"] += 1.0
    (copy / ranker_module.COEFFICIENTS).write_text(json.dumps(data))
    monkeypatch.setattr(ranker_module, "RANKER_DIR", copy)
    sentence_ranker.cache_clear()
    try:
        with pytest.raises(SetupProblem, match="coefficients file .* is not the one recorded"):
            sentence_ranker()
    finally:
        monkeypatch.undo()
        sentence_ranker.cache_clear()


def test_coefficients_of_other_features_are_refused():
    data = sentence_ranker().to_json()
    assert ranker_from_json(data).scores([]) == []
    with pytest.raises(ValueError, match="features"):
        ranker_from_json({**data, "features": data["features"][::-1]})
    logistic = SentenceRanker(FEATURES + RELATIVE, *(np.zeros(len(FEATURES + RELATIVE)) for _ in range(3)), 0.0)
    with pytest.raises(ValueError, match="features"):
        SentenceRanker.from_json({**logistic.to_json(), "features": data["features"][::-1]})


def test_the_switch_takes_the_name_eval_prints():
    assert Techniques.without(["sentence-ranker"]).sentence_ranker is False
    assert Techniques.without(["sentence_ranker"]).sentence_ranker is False
    assert Techniques().sentence_ranker is True
    with pytest.raises(UsageError, match="unknown technique 'sentence_rankers'"):
        Techniques.without(["sentence-rankers"])


def test_a_ranker_fitted_on_fewer_features_reads_only_their_columns(review, monkeypatch):
    _, _, rows = _recorded(review, monkeypatch)
    names = ("coverage", "closeness_place")  # as train_ranker --drop leaves them, in ALL_NAMES order
    assert design_matrix(rows, names) == pytest.approx(design_matrix(rows)[:, [0, len(ALL_NAMES) - 1]])
    split = [0, 0.6, 1, 2, 0.0]  # column 0 of the two: coverage
    data = {"model": "trees", "features": list(names), "baseline": 0.0, "trees": [[split, [-1, 0, 0, 0, -1.0],
                                                                                   [-1, 0, 0, 0, 1.0]]]}  # fmt: skip
    scores = ranker_from_json(data).scores(rows)
    assert scores == pytest.approx([1 / (1 + math.exp(-1 if row["coverage"] > 0.6 else 1)) for row in rows])
    with pytest.raises(ValueError, match="features"):  # out of ALL_NAMES order, or a feature compose lacks
        ranker_from_json({**data, "features": list(reversed(names))})
    with pytest.raises(ValueError, match="features"):
        ranker_from_json({**data, "features": ["coverage", "wordiness"]})
