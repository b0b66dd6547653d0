"""One text's scores over every chunk: the cosine, BM25 and their fusion for a search mode.

`Assistant.search` scores the question as read and, for a follow-up, the message with its context and alone,
then mixes them (`mix`); each scoring is one `Scored` record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from reviewqa.choices import Fusion, Mode
from reviewqa.search.expansion import ExpandedQuery
from reviewqa.search.fusion import fused_scores


@dataclass(frozen=True)
class Scored:
    """A text searched: its expansion, and the dense, lexical and fused scores of every chunk (row-aligned)."""

    text: str
    expanded: ExpandedQuery
    dense: np.ndarray
    lexical: np.ndarray
    fused: np.ndarray


def fuse(
    text: str,
    expanded: ExpandedQuery,
    dense: np.ndarray,
    lexical: np.ndarray,
    mode: Mode,
    eligible: np.ndarray,
    fusion: Fusion,
) -> Scored:
    return Scored(text, expanded, dense, lexical, fused_scores(mode, dense, lexical, eligible, fusion))


def _unit(scores: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """Scores divided by their best over the eligible chunks (so texts with stronger matches do not dominate)."""
    finite = np.where(np.isfinite(scores), scores, 0.0)
    best = float(finite[eligible].max()) if eligible.any() else 0.0
    return finite / best if best > 0 else finite


def mix(scored: Sequence[tuple[Scored, float]], eligible: np.ndarray) -> np.ndarray:
    """The weighted sum of several texts' fused scores, each scaled to its own best; one text is kept as it is."""
    if len(scored) == 1:
        return scored[0][0].fused
    total = sum(weight * _unit(s.fused, eligible) for s, weight in scored)
    return np.where(eligible, total, -np.inf)
