"""Gradient-boosted trees as plain arrays (scikit-learn's HistGradientBoosting, exported as JSON node rows), scored
for a whole matrix at once: a base module any stage's learned ranker can stand on (a matrix of features in, a
vector of probabilities out).

A tree is rows of (feature, threshold, left, right, value); feature -1 marks a leaf, and a node sends a row left
when its feature is at most the threshold (a NaN goes right). The trees are laid end to end in one table, so one
step moves every (tree, row) pair one level down: as many numpy steps as the deepest tree, not a Python walk per
row and tree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

COLUMNS = 5  # feature, threshold, left, right, value


def _table(trees: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """All trees' node rows in one table (children renumbered into it) and each tree's root row."""
    sizes = [len(tree) for tree in trees]
    roots = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp) if trees else np.zeros(0, np.intp)
    parts = []
    for root, tree in zip(roots, trees, strict=True):
        part = np.array(tree, dtype=float)
        part[part[:, 0] >= 0, 2:4] += root
        parts.append(part)
    return (np.vstack(parts) if parts else np.zeros((0, COLUMNS))), roots


@dataclass(frozen=True)
class BoostedTrees:
    """The logistic function of the baseline plus each tree's leaf value, for every row of a feature matrix."""

    features: int  # the matrix's columns
    baseline: float
    trees: tuple[np.ndarray, ...]
    _table: np.ndarray = field(init=False, repr=False, compare=False)
    _roots: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for tree in self.trees:
            _check(tree, self.features)
        table, roots = _table(self.trees)
        object.__setattr__(self, "_table", table)
        object.__setattr__(self, "_roots", roots)

    def leaves(self, x: np.ndarray) -> np.ndarray:
        """The leaf (a row of the joined table) each row of `x` reaches in each tree: trees × rows."""
        x = np.asarray(x, dtype=float)
        if x.ndim != 2 or x.shape[1] != self.features:
            raise ValueError(f"the matrix is not rows of {self.features} features")
        table = self._table
        nodes = np.repeat(self._roots[:, None], len(x), axis=1)
        rows = np.broadcast_to(np.arange(len(x)), nodes.shape)
        feature = table[nodes, 0].astype(np.intp)
        inner = feature >= 0
        while inner.any():
            at = nodes[inner]
            left = x[rows[inner], feature[inner]] <= table[at, 1]
            nodes[inner] = np.where(left, table[at, 2], table[at, 3]).astype(np.intp)
            feature[inner] = table[nodes[inner], 0].astype(np.intp)
            inner = feature >= 0
        return nodes

    def raw(self, x: np.ndarray) -> np.ndarray:
        """The baseline plus the trees' leaf values (log-odds), one per row of `x`."""
        total = np.full(len(x), self.baseline, dtype=float)
        for values in self._table[self.leaves(x), 4]:  # tree by tree, in order
            total += values
        return total

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """Each row's probability of the positive class. `math.exp` one row at a time: numpy's vectorised exp can
        round equal log-odds differently by their place in the array, and a tie must stay a tie."""
        return np.array([1.0 / (1.0 + math.exp(-v)) for v in self.raw(x).tolist()], dtype=float)

    def to_json(self) -> dict:
        return {"baseline": self.baseline, "trees": [tree.tolist() for tree in self.trees]}

    @classmethod
    def from_fitted(cls, model) -> BoostedTrees:
        """A fitted scikit-learn HistGradientBoostingClassifier (binary) as node rows: its baseline and trees."""
        trees = []
        for (predictor,) in model._predictors:
            nodes = predictor.nodes
            feature = np.where(nodes["is_leaf"], -1, nodes["feature_idx"]).astype(float)
            columns = [feature, nodes["num_threshold"], nodes["left"], nodes["right"], nodes["value"]]
            trees.append(np.stack([np.asarray(c, dtype=float) for c in columns], axis=1))
        return cls(int(model.n_features_in_), float(model._baseline_prediction.ravel()[0]), tuple(trees))

    @classmethod
    def from_json(cls, data: Mapping, features: int) -> BoostedTrees:
        """Trees from their JSON (`baseline`, `trees` as node rows) over a matrix of `features` columns."""
        trees = tuple(np.asarray(tree, dtype=float) for tree in data["trees"])
        return cls(features, float(data["baseline"]), trees)


def _check(tree: np.ndarray, features: int) -> None:
    """Refuse a tree that is not (feature, threshold, left, right, value) rows whose children come after their node
    and inside the tree (so every walk ends at a leaf)."""
    if tree.ndim != 2 or tree.shape[1] != COLUMNS or len(tree) == 0 or tree[:, 0].max() >= features:
        raise ValueError("a tree is not (feature, threshold, left, right, value) rows")
    inner = np.nonzero(tree[:, 0] >= 0)[0]
    children = tree[inner, 2:4]
    if children.size and ((children <= inner[:, None]).any() or children.max() >= len(tree)):
        raise ValueError("a tree's (feature, threshold, left, right, value) rows name a child out of order")
