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


def _free_port() -> int:
    """A TCP port nothing listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def free_port() -> int:
    return _free_port()


@pytest.fixture(scope="session")
def app_module():
    """app/app.py, loaded the way `reviewqa serve` loads it."""
    from reviewqa.commands.serve import load_app

    return load_app()


@pytest.fixture(scope="session")
def serve_app(app_module):
    """Start `build_demo(assistant)` on a free localhost port; every app started is closed at the end."""
    started = []

    def start(assistant, **options):
        demo = app_module.build_demo(assistant)
        app_module.launch(demo, port=_free_port(), block=False, quiet=True, **options)
        started.append(demo)
        return demo

    yield start
    for demo in started:
        demo.close()


@pytest.fixture(scope="session")
def fake_app(serve_app, fake_assistant):
    return serve_app(fake_assistant)


@pytest.fixture(scope="session")
def fake_app_url(fake_app):
    return fake_app.local_url


@pytest.fixture(scope="session")
def real_app_url(serve_app, assistant):
    return serve_app(assistant).local_url
