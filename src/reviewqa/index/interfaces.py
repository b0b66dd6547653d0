"""The two seams where a model plugs in: the build-time embedder and the query-time encoder.

The real ones are `embed.SentenceTransformerEmbedder` and `encoder.OnnxQueryEncoder`; tests plug in a fake
deterministic embedder that satisfies both, so most of the suite needs no model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np


class QueryEncoder(Protocol):
    """Embeds questions at query time: L2-normalised float32 rows, one per text."""

    def encode(self, texts: list[str]) -> np.ndarray: ...


class Embedder(Protocol):
    """Embeds the chunks when an index is built, and writes the query encoder that matches it."""

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray: ...

    def export_query_encoder(self, path: Path) -> None: ...
