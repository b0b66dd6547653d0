"""The memory of earlier questions (search.neighbours): what it holds (the training sets only, never a held-out or
decision set), the features by hand, the nearest close enough, the switch, and the shipped files checked against
their recorded sha256 (with the real model: tests/integration/test_neighbours.py)."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

import reviewqa.search.neighbours as neighbours_module
from reviewqa.errors import SetupProblem
from reviewqa.search.assistant import Assistant, Techniques
from reviewqa.search.neighbours import (
    NEAREST,
    NO_NEIGHBOURS,
    NO_SUPPORT,
    Asked,
    Neighbours,
    Support,
    neighbours_record,
    question_similarities,
    shipped_neighbours,
)

HELD_OUT = ("heldout", "dev", "heldout19", "chats14", "broad33", "broad34")  # never trained on


def test_the_memory_holds_the_training_sets_and_no_held_out_one(review):
    record = neighbours_record()
    memory = shipped_neighbours(tuple(review.chunks))
    files = {asked.file for asked in memory.asked}
    assert record["questions"] == len(memory.asked) == len(memory.vectors) == 4508
    assert memory.vectors.shape == (4508, 384) and memory.vectors.dtype == np.float16  # as stored: half the memory
    assert files == {path.removeprefix("eval/").removesuffix("_questions.jsonl") for path in record["training_sets"]}
    assert not files & set(HELD_OUT)
    assert record["per_set"]["tune"] == 143 and record["per_set"]["broad9"] == 32
    first = memory.asked[0]
    assert (first.file, first.question_id, first.broad) == ("tune", "t001", False)
    assert first.phrases == (
        "cafs create a physical barrier that impedes drug penetration and immune cell infiltration",
    )
    assert first.rows == {[c.id for c in review.chunks].index("s2-p3")}
    assert np.allclose(np.linalg.norm(memory.vectors.astype(np.float32), axis=1), 1.0, atol=2e-3)  # L2-normalised


def test_similarities_read_in_blocks_are_those_of_the_whole_memory(review):
    memory = shipped_neighbours(tuple(review.chunks))
    vector = memory.vectors[1234].astype(np.float32)
    whole = np.einsum("ij,j->i", memory.vectors.astype(np.float32), vector)
    assert np.array_equal(question_similarities(memory.vectors, vector), whole)  # 5 blocks of 1024, the last one short
    assert memory.support(vector).asked[0] == memory.asked[1234]


def test_the_features_by_hand():
    specific = Asked("tune", "t1", False, ("cafs create a physical barrier",), frozenset({3, 5}))
    broad = Asked("broad", "F1", True, ("physical barrier", "hypoxia"), frozenset({3}))
    support = Support((specific, broad), (0.8, 0.6))
    texts = ["CAFs create a Physical\n  barrier that impedes drugs.", "Hypoxia is common.", "Other."]
    assert support.of_texts(texts).round(6).tolist() == [
        [0.6, 0.8, 0.6, 0.8, 0.8],  # case and spaces as phrases are matched; both answered by it
        [0.6, 0.0, 0.6, 0.0, 0.8],
        [0.0, 0.0, 0.0, 0.0, 0.8],  # the nearest's similarity, whatever answers
    ]
    assert support.of_rows([3, 5, 7]).round(6).tolist() == [
        [0.6, 0.8, 0.6, 0.8, 0.8],
        [0.0, 0.8, 0.0, 0.8, 0.8],
        [0.0, 0.0, 0.0, 0.0, 0.8],
    ]
    assert NO_SUPPORT.of_texts(texts).tolist() == [[0.0] * 5] * 3


def test_where_broad_neighbours_found_their_points_and_how_broad_the_nearest_are():
    specific = Asked("tune", "t1", False, ("x",), frozenset({3}), frozenset({"s2-p3"}), frozenset({"CAFs"}))
    broad = Asked("broad", "F1", True, ("y",), frozenset({3, 9}), frozenset({"s2-p3", "t1-r2"}),
                  frozenset({"CAFs", "Table I. Mechanisms"}))  # fmt: skip
    other = Asked("broad2", "F4", True, ("z",), frozenset({9}), frozenset({"t1-r2"}),
                  frozenset({"Table I. Mechanisms"}))  # fmt: skip
    support = Support((specific, broad, other), (0.8, 0.6, 0.5))
    assert support.of_place("s2-p3", "CAFs") == [0.6, 0.6]  # the specific neighbour does not count
    assert support.of_place("s2-p4", "CAFs") == [0.0, 0.6]  # another passage under the same heading
    assert support.of_place("t1-r2", "Table I. Mechanisms") == [1.1, 1.1]
    assert round(support.broad_share(2), 6) == round(0.6 / 1.4, 6)  # weighed by similarity, the 2 nearest
    assert round(support.broad_share(5), 6) == round(1.1 / 1.9, 6)
    assert NO_SUPPORT.broad_share(5) == 0.0 and NO_SUPPORT.of_place("s2-p3", "CAFs") == [0.0, 0.0]


def test_only_the_nearest_close_enough_count():
    axis = np.eye(4, dtype=np.float32)
    vectors = np.vstack([axis[0]] * 30 + [axis[1], 0.4 * axis[0] + np.sqrt(0.84) * axis[2]]).astype(np.float32)
    asked = tuple(Asked("s", f"q{n}", False, (), frozenset()) for n in range(len(vectors)))
    support = Neighbours(vectors, asked).support(axis[0])
    assert [a.question_id for a in support.asked] == [f"q{n}" for n in range(NEAREST)]  # ties: the memory's order
    assert Neighbours(vectors, asked).support(axis[3]) == NO_SUPPORT  # nothing close enough
    assert Neighbours(vectors, asked).support(None) == NO_SUPPORT


def test_switched_off_the_rankers_read_zeros(fake_assistant):
    off = Assistant(fake_assistant.review, fake_assistant.index, techniques=Techniques.without(["neighbours"]))
    assert off.neighbours is NO_NEIGHBOURS
    assert off.neighbours.support(np.ones(384, dtype=np.float32)) is NO_SUPPORT


def test_the_shipped_files_are_checked(review, tmp_path, monkeypatch):
    folder = tmp_path / "neighbours"
    shutil.copytree(neighbours_module.NEIGHBOURS_DIR, folder)
    questions = json.loads((folder / neighbours_module.QUESTIONS).read_text(encoding="utf-8"))
    questions[0]["passages"] = ["s6-p1"]  # one answer moved
    (folder / neighbours_module.QUESTIONS).write_text(json.dumps(questions), encoding="utf-8")
    monkeypatch.setattr(neighbours_module, "NEIGHBOURS_DIR", folder)
    shipped_neighbours.cache_clear()
    try:
        with pytest.raises(SetupProblem, match="not the one recorded"):
            shipped_neighbours(tuple(review.chunks))
    finally:
        shipped_neighbours.cache_clear()
