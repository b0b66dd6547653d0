"""The passage ranker: gradient-boosted trees (reviewqa.trees) that reorder a hybrid search's top PASSAGE_DEPTH
passages by each one's probability of holding the answer, read from its features (search.passage_features);
trained on the training sets' answering phrases (`benchmarks/train_passage_ranker.py`) and shipped as JSON beside a
record of its sha256, checked when loaded. `eval --without passage-ranker` measures its share.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from reviewqa.choices import Mode
from reviewqa.errors import SetupProblem
from reviewqa.model import shipped_record, verified_bytes
from reviewqa.search.context import Reading
from reviewqa.search.passage_features import FEATURES, PASSAGE_DEPTH, Candidates, PassageFeatures
from reviewqa.search.query import ReferenceIntent
from reviewqa.search.scoring import Scored
from reviewqa.trees import BoostedTrees

PASSAGE_RANKER_DIR = Path(__file__).resolve().parent.parent / "bundled" / "passage_ranker"
MODEL = "passage_ranker.json"
RECORD = "record.json"  # how it was trained, what it measured, and the model's sha256


class PassageRanker:
    """Reorders a hybrid search's top `depth` passages by the trees' probability (the passages below keep
    retrieval's order); its feature tables and the shipped trees are opened on first use."""

    def __init__(
        self,
        features: Callable[[], PassageFeatures],
        naming: Callable[[ReferenceIntent], np.ndarray],
        *,
        on: bool = True,
        depth: int = PASSAGE_DEPTH,
        trees: BoostedTrees | None = None,
    ):
        self._features = features  # builds the feature tables, on first use
        self._naming = naming  # per chunk, above 0 when it cites a reference the question names
        self.on = on
        self.depth = depth
        self._trees = trees

    @functools.cached_property
    def features(self) -> PassageFeatures:
        return self._features()

    @functools.cached_property
    def trees(self) -> BoostedTrees:
        return self._trees or passage_trees()

    def order(
        self, mode: Mode, reading: Reading, rows: Sequence[int], scores: np.ndarray, main: Scored, grounded: bool,
        intent: ReferenceIntent, conversation: np.ndarray | None = None, alone: Scored | None = None,
    ) -> tuple[list[int], np.ndarray]:  # fmt: skip
        """A search's rows and scores as the ranker leaves them: reordered for a hybrid search when it is on
        (`grounded`: read against an earlier answer; `intent`: the references the question names; `conversation`:
        each passage's place in the conversation, search.shown_features; `alone`: a follow-up's message searched
        alone)."""
        if mode is not Mode.HYBRID or not self.on:
            return list(rows), scores
        named = self._naming(intent) if intent.numbers or intent.authors else None
        return self.reorder(
            Candidates(
                reading.question, tuple(rows), scores, main, reading.followup or grounded, named, conversation, alone
            )
        )

    def reorder(self, found: Candidates) -> tuple[list[int], np.ndarray]:
        """The search's rows with its first `depth` reordered, and the scores with their values handed out again
        best first (so a later share-of-the-best still reads the first passage as the best)."""
        top = list(found.rows[: self.depth])
        if len(top) < 2:
            return list(found.rows), found.scores
        probability = self.trees.probabilities(self.features.matrix(replace(found, rows=tuple(top))))
        reordered = [top[i] for i in np.lexsort((np.arange(len(top)), -probability))]
        scores = found.scores.copy()
        scores[reordered] = np.sort(found.scores[top])[::-1]
        return [*reordered, *found.rows[len(top) :]], scores


def passage_ranker_record() -> dict:
    """The shipped ranker's record: training sets and settings, cross-validated figures, the model's sha256."""
    return shipped_record(PASSAGE_RANKER_DIR / RECORD, "the passage ranker")


@functools.cache
def passage_trees() -> BoostedTrees:
    """The shipped trees, checked against their recorded sha256 (SetupProblem, in one line, when missing, changed or
    unreadable)."""
    path = PASSAGE_RANKER_DIR / MODEL
    data = verified_bytes(path, passage_ranker_record().get("model_sha256"), "the passage ranker's model file")
    try:
        model = json.loads(data.decode("utf-8"))
        if tuple(model["features"]) != FEATURES:
            raise ValueError("its features are not the ones search.passage_features computes")
        return BoostedTrees.from_json(model, len(FEATURES))
    except (ValueError, KeyError, TypeError) as exc:
        raise SetupProblem(f"the passage ranker's model {path} cannot be read: {exc}") from exc
