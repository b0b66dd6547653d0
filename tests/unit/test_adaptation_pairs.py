"""benchmarks/adaptation.py: the synthetic (query, passage) pairs of the review, made without the model."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter

import pytest
from helpers import REPO

from reviewqa.records import Kind


def _load(name: str):
    """A benchmarks/ script as a module (once per run), as helpers.load_driver loads app_load."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


adaptation = _load("adaptation")
AdaptConfig = adaptation.AdaptConfig


@pytest.fixture(scope="module")
def pairs(review):
    return adaptation.build_pairs(review, AdaptConfig(ict_keep_sentence=True))


def test_each_source_gives_its_measured_count_on_the_review(review, pairs):
    assert Counter(p.source for p in pairs) == {"glossary": 364, "ict": 288, "cloze": 232, "table": 140, "heading": 69}
    assert len(pairs) == 1093  # the first build's count: the grid in ADAPTATION.md trained on these very pairs
    assert len(adaptation.reference_pairs(review)) == 150
    assert len(adaptation.build_pairs(review, AdaptConfig(sources=("ict", "reference")))) == 288 + 150


def test_only_text_table_and_figure_chunks_are_targets_and_no_pair_comes_twice(review, pairs):
    kinds = {c.id: c.kind for c in review.chunks}
    assert {kinds[p.chunk_id] for p in pairs} == {Kind.TEXT, Kind.TABLE_ROW, Kind.FIGURE}
    assert len({(p.query, p.chunk_id) for p in pairs}) == len(pairs)


def test_pairs_are_the_same_every_time_and_a_cap_is_a_seeded_sample(review, pairs):
    config = AdaptConfig(max_pairs=300)
    sample = adaptation.build_pairs(review, config)
    assert sample == adaptation.build_pairs(review, config) and len(sample) == 300
    assert sample != adaptation.build_pairs(review, AdaptConfig(max_pairs=300, seed=7))
    assert adaptation.build_pairs(review, AdaptConfig(ict_keep_sentence=True)) == pairs


def test_inverse_cloze_removes_the_sentence_unless_asked_to_keep_it(review):
    removed = adaptation.build_pairs(review, AdaptConfig(sources=("ict",)))
    kept = adaptation.build_pairs(review, AdaptConfig(sources=("ict",), ict_keep_sentence=True))
    strip = adaptation.strip_citations
    assert [p.query for p in removed] == [p.query for p in kept]
    assert sum(p.query in strip(p.passage) for p in kept) > 0.9 * len(kept)
    assert sum(p.query in strip(p.passage) for p in removed) < 0.1 * len(removed)


def test_cloze_queries_are_the_quizs_blanks_with_what_in_the_gap(review):
    from reviewqa.quiz.items import BLANK, cloze_items

    made = {question for _, _, question in adaptation.cloze_questions(review)}
    quiz = {item.question for item in cloze_items(review)}
    assert quiz <= made  # today's quiz keeps the blanks a reader can fill: a subset of every blankable term
    assert len(made) > len(quiz)
    assert all(BLANK not in p.query and "what" in p.query for p in adaptation.cloze_pairs(review, 1))


def test_queries_carry_no_reference_marks(pairs):
    assert adaptation.strip_citations("CAFs secrete IL-6 (66,67) and TGF-β (9-14).") == "CAFs secrete IL-6 and TGF-β."
    assert not [p.query for p in pairs if adaptation._CITATION.search(p.query)]


def test_no_batch_holds_the_same_passage_or_query_twice(pairs):
    batches = adaptation.no_duplicate_batches(pairs, 32, seed=13)
    for batch in batches:
        assert len({p.chunk_id for p in batch}) == len(batch) == len({p.query for p in batch})
        assert adaptation.MIN_BATCH <= len(batch) <= 32
    assert len(batches) == 35  # the first build's 35 steps of one epoch
    assert batches == adaptation.no_duplicate_batches(pairs, 32, seed=13)


def test_unknown_source_is_refused(review):
    with pytest.raises(ValueError, match="unknown pair source"):
        adaptation.build_pairs(review, AdaptConfig(sources=("ict", "wikipedia")))


def test_a_grid_config_reads_back_with_its_dropped_options_only_when_they_were_off():
    import json

    best = json.loads((REPO / "benchmarks" / "adapt_best.json").read_text(encoding="utf-8"))
    config = AdaptConfig.from_json(best)
    assert (config.learning_rate, config.batch_size, config.epochs, config.seed) == (5e-5, 32, 1, 13)
    assert config.ict_keep_sentence and config.sources == adaptation.SOURCES
    with pytest.raises(ValueError, match="bf16"):
        AdaptConfig.from_json({**best, "bf16": True})


def test_the_evaluation_refuses_the_second_held_out_set():
    adapt_eval = _load("adapt_eval")
    with pytest.raises(SystemExit):
        adapt_eval.parse_args(["--files", str(REPO / "eval" / "heldout2_questions.jsonl")])


def test_the_training_questions_point_at_the_passages_holding_their_answers(review):
    """The shipped encoder's `questions` source: the designated training sets' answerable questions (and their lay
    rewordings) -> every passage holding a must-contain phrase; no held-out set is read."""
    pairs = adaptation.question_pairs(review, 13)
    assert len(pairs) == 1612
    assert "heldout" not in adaptation.TRAINING_SETS and "heldout9" not in adaptation.TRAINING_SETS
    first = pairs[0]
    assert (first.query, first.chunk_id) == ("wat do caf do in lung tumors", "s2-p3")
    reworded = [p for p in pairs if "platinum drug" in p.query]
    assert reworded and reworded[0].chunk_id == "s4-p5"  # 'cisplatin' read by its lay phrase, same passage
    config = AdaptConfig(sources=(*adaptation.SOURCES, "questions"), ict_keep_sentence=True)
    assert len(adaptation.build_pairs(review, config)) == 2681


def test_the_shipped_encoder_was_trained_with_the_recorded_config():
    import json

    shipped = json.loads((REPO / "src" / "reviewqa" / "bundled" / "encoder" / "adaptation.json").read_text())
    recorded = json.loads((REPO / "benchmarks" / "adapt_shipped.json").read_text())
    assert AdaptConfig.from_json(shipped["config"]) == AdaptConfig.from_json(recorded)
    assert "questions" in recorded["sources"]
