"""Shared fixtures: the real review from corpus/, parsed once."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def review():
    from reviewqa.review import load_review

    return load_review()


@pytest.fixture(scope="session")
def chunk_by_id(review):
    return {c.id: c for c in review.chunks}


class FakeEmbedder:
    """Deterministic stand-in for MiniLM: a hashed bag of words, L2-normalised (no torch, no model)."""

    dimension = 384

    def _vector(self, text):
        import hashlib

        import numpy as np

        from reviewqa.tokenize import tokenize

        vector = np.zeros(self.dimension, dtype=np.float32)
        for term in tokenize(text):
            slot = int.from_bytes(hashlib.blake2b(term.encode(), digest_size=4).digest(), "little")
            vector[slot % self.dimension] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def embed(self, texts, progress=False):
        import numpy as np

        return np.vstack([self._vector(t) for t in texts]).astype(np.float32)

    def encode(self, texts):
        return self.embed(texts)

    def export_query_encoder(self, path):
        path.write_bytes(b"not a real ONNX graph: tests use FakeEmbedder.encode")


@pytest.fixture(scope="session")
def fake_embedder():
    return FakeEmbedder()


@pytest.fixture(scope="session")
def fake_index_dir(tmp_path_factory, review, fake_embedder):
    """An index built with the fake embedder (seconds, no model)."""
    from reviewqa.index_store import build_index

    folder = tmp_path_factory.mktemp("fake") / "index"
    build_index(review, folder, quiet=True, embedder=fake_embedder)
    return folder


@pytest.fixture(scope="session")
def fake_assistant(review, fake_index_dir, fake_embedder):
    from reviewqa.assistant import Assistant
    from reviewqa.index_store import open_index

    return Assistant(review, open_index(fake_index_dir, review), encoder=fake_embedder)


@pytest.fixture(scope="session")
def real_index_dir(tmp_path_factory, review):
    """The real index (MiniLM embeddings, ONNX query encoder), built once per test run."""
    from reviewqa.index_store import build_index

    folder = tmp_path_factory.mktemp("real") / "index"
    build_index(review, folder, quiet=True)
    return folder


@pytest.fixture(scope="session")
def assistant(real_index_dir):
    from reviewqa.assistant import Assistant

    return Assistant.load(real_index_dir, rebuild=False, quiet=True)
