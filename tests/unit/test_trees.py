"""The vectorised tree model (reviewqa.trees): the shipped sentence ranker's trees score every row of a matrix as the
walk of each tree node by node did (bit for bit), exported scikit-learn trees give its own probabilities, and
malformed trees are refused."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from reviewqa.chat.ranker import COEFFICIENTS, RANKER_DIR
from reviewqa.trees import BoostedTrees


def _walked(trees: list[np.ndarray], baseline: float, x: np.ndarray) -> list[float]:
    """The probabilities as the ranker computed them before: each row down each tree, one node at a time."""
    out = []
    for row in x:
        total = baseline
        for tree in trees:
            node = 0
            while tree[node, 0] >= 0:
                node = int(tree[node, 2] if row[int(tree[node, 0])] <= tree[node, 1] else tree[node, 3])
            total += float(tree[node, 4])
        out.append(1.0 / (1.0 + math.exp(-total)))
    return out


def _shipped() -> dict:
    return json.loads((RANKER_DIR / COEFFICIENTS).read_text(encoding="utf-8"))


def test_the_shipped_trees_score_a_matrix_as_the_node_walk_did():
    data = _shipped()
    model = BoostedTrees.from_json(data, len(data["features"]))
    trees = [np.asarray(t, dtype=float) for t in data["trees"]]
    assert len(model.trees) == len(trees) > 100
    rng = np.random.default_rng(0)
    thresholds = np.concatenate([t[t[:, 0] >= 0, 1] for t in trees])
    # values at, just under and just over the split thresholds, and anywhere between
    x = rng.choice(thresholds, size=(400, model.features)) + rng.choice([-1e-12, 0.0, 1e-12], (400, model.features))
    x[::3] = rng.uniform(thresholds.min() - 1, thresholds.max() + 1, size=x[::3].shape)
    scores = model.probabilities(x)
    assert scores.shape == (400,)
    assert scores == pytest.approx(_walked(trees, float(data["baseline"]), x), abs=1e-9)
    assert scores.tolist() == _walked(trees, float(data["baseline"]), x)  # bit for bit: a tie between rows stays one
    assert model.probabilities(x[:1])[0] == pytest.approx(scores[0], abs=1e-12)  # rows score alone as together
    assert model.probabilities(np.zeros((0, model.features))).shape == (0,)


def test_exported_scikit_learn_trees_give_its_probabilities():
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(1)
    x = rng.normal(size=(300, 4))
    y = (x[:, 0] + x[:, 1] * x[:, 2] > 0).astype(int)
    fitted = HistGradientBoostingClassifier(max_iter=30, max_leaf_nodes=7, random_state=0).fit(x, y)
    model = BoostedTrees.from_fitted(fitted)
    assert model.probabilities(x) == pytest.approx(fitted.predict_proba(x)[:, 1], abs=1e-9)
    assert BoostedTrees.from_json(model.to_json(), 4).probabilities(x) == pytest.approx(model.probabilities(x))


def test_a_tiny_tree_by_hand_and_malformed_trees_refused():
    split = [[1, 0.5, 1, 2, 0.0], [-1, 0, 0, 0, -1.0], [-1, 0, 0, 0, 2.0]]  # feature 1 at most 0.5 goes left
    model = BoostedTrees.from_json({"baseline": 0.25, "trees": [split, [[-1, 0, 0, 0, 0.5]]]}, 2)
    x = np.array([[9.0, 0.5], [9.0, 0.6], [0.0, np.nan]])  # at the threshold: left; a NaN goes right
    assert model.raw(x) == pytest.approx([-0.25, 2.75, 2.75])
    assert model.leaves(x).tolist() == [[1, 2, 2], [3, 3, 3]]  # rows of the joined table, tree by tree
    with pytest.raises(ValueError, match="rows of 2 features"):
        model.raw(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="rows"):
        BoostedTrees(2, 0.0, (np.array([[2, 0.5, 1, 2, 0.0]]),))  # a feature the matrix does not have
    with pytest.raises(ValueError, match="out of order"):
        BoostedTrees(2, 0.0, (np.array([[0, 0.5, 0, 1, 0.0], [-1, 0, 0, 0, 1.0]]),))  # a node its own child
    with pytest.raises(ValueError, match="out of order"):
        BoostedTrees(2, 0.0, (np.array([[0, 0.5, 1, 5, 0.0], [-1, 0, 0, 0, 1.0]]),))  # a child past the tree
