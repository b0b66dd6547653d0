"""The light query path (ONNX) gives sentence-transformers' vectors and rankings on every evaluation question."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from helpers import REPO

pytestmark = pytest.mark.model

HELDOUT = REPO / "eval" / "heldout_questions.jsonl"
DEV = REPO.parent / "shared" / "eval" / "dev_questions.jsonl"  # beside the checkout when present


def _questions(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line)["question"] for line in lines if line.strip()]


@pytest.fixture(scope="module")
def heavy_assistant(assistant):
    """The same index and search, with queries embedded by sentence-transformers (the benchmark's switch)."""
    from reviewqa.index.encoder import ENCODER_VARIABLE, SentenceTransformerQueryEncoder
    from reviewqa.search.assistant import Assistant

    heavy = Assistant(assistant.review, assistant.index)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENCODER_VARIABLE, "sentence-transformers")
        assert isinstance(heavy.encoder, SentenceTransformerQueryEncoder)
    return heavy


def _question_sets() -> list[pytest.param]:
    sets = [pytest.param(HELDOUT, id="heldout")]
    if DEV.is_file():
        sets.append(pytest.param(DEV, id="dev"))
    return sets


def test_heldout_questions_are_many():
    assert len(_questions(HELDOUT)) >= 100


@pytest.mark.parametrize("path", _question_sets())
def test_query_vectors_match_within_cosine(path, assistant, heavy_assistant):
    from reviewqa.search.expansion import expand_query

    questions = _questions(path)
    # Both the question as typed and the text the search really embeds (abbreviations spelled out).
    texts = questions + [expand_query(q, assistant.review.glossary).dense_text for q in questions]
    light = assistant.encoder.encode(texts)
    heavy = heavy_assistant.encoder.encode(texts)
    assert light.shape == heavy.shape == (len(texts), 384)
    cosines = np.sum(light * heavy, axis=1)
    worst = int(np.argmin(cosines))
    assert cosines[worst] >= 0.999, texts[worst]


@pytest.mark.parametrize("path", _question_sets())
@pytest.mark.parametrize("mode", ["hybrid", "dense"])
def test_top5_lists_are_identical(path, mode, assistant, heavy_assistant):
    for question in _questions(path):
        light = assistant.search(question, k=5, mode=mode)
        heavy = heavy_assistant.search(question, k=5, mode=mode)
        assert [h.chunk.id for h in light.hits] == [h.chunk.id for h in heavy.hits], question
        assert light.answerable == heavy.answerable, question


def test_unknown_encoder_choice_is_refused(monkeypatch):
    from reviewqa.index.encoder import ENCODER_VARIABLE, requested_encoder

    assert requested_encoder() == "onnx"
    monkeypatch.setenv(ENCODER_VARIABLE, "torch-please")
    with pytest.raises(ValueError, match=ENCODER_VARIABLE):
        requested_encoder()


def test_the_query_graph_is_fused_one_attention_operator_per_layer(assistant):
    """`reviewqa build` writes the optimised graph: MiniLM's six layers each run as one fused Attention operator,
    and the manifest names the encoder's version, so an index with the older, unfused graph is rebuilt."""
    import onnx

    graph = onnx.load(str(assistant.index.onnx_path), load_external_data=False).graph
    operators = [node.op_type for node in graph.node]
    assert operators.count("Attention") == 6
    assert operators.count("SkipLayerNormalization") == 12
    assert "Softmax" not in operators
    assert assistant.index.manifest["query_encoder_version"] == "2"
