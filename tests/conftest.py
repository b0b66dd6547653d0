"""Shared fixtures (the real review from corpus/, parsed once; fake and real indexes; the app; a browser) and the
test tiers: every test is marked by its folder (unit, integration, e2e), every test that uses the real model is
marked `model`, and a unit test that asks for the real model is a collection error."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from helpers import CHROMIUM, CHROMIUM_ARGS, FakeEmbedder
from helpers import free_port_number as _free_port

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# The study store of every test run (and of the processes it starts) is a temporary folder, never the user's own;
# tests that look at the store use the `data_dir` fixture, a folder of their own.
os.environ["REVIEWQA_DATA_DIR"] = tempfile.mkdtemp(prefix="reviewqa-test-data-")
atexit.register(shutil.rmtree, os.environ["REVIEWQA_DATA_DIR"], True)

TESTS = Path(__file__).resolve().parent
TIERS = ("unit", "integration", "e2e")
REAL_MODEL_FIXTURES = {"real_index_dir", "assistant", "real_app_url"}


def pytest_collection_modifyitems(config, items):
    misplaced = []
    for item in items:
        tier = Path(str(item.fspath)).resolve().relative_to(TESTS).parts[0]
        if tier in TIERS:
            item.add_marker(getattr(pytest.mark, tier))
        if REAL_MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)
            if tier == "unit":
                misplaced.append(item.nodeid)
    if misplaced:
        raise pytest.UsageError(f"unit tests may not use the real model (move them to tests/integration): {misplaced}")


@pytest.fixture(scope="session")
def review():
    from reviewqa.corpus.review import load_review

    return load_review()


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A data folder of this test's own, also the default of everything it runs ($REVIEWQA_DATA_DIR)."""
    folder = tmp_path / "data"
    monkeypatch.setenv("REVIEWQA_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def store(data_dir):
    """The study store in this test's data folder."""
    from reviewqa.memory.database import Store

    opened = Store.open(data_dir)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def chunk_by_id(review):
    return {c.id: c for c in review.chunks}


@pytest.fixture(scope="session")
def fake_embedder():
    return FakeEmbedder()


@pytest.fixture(scope="session")
def fake_index_dir(tmp_path_factory, review, fake_embedder):
    """An index built with the fake embedder (seconds, no model)."""
    from reviewqa.index.store import build_index

    folder = tmp_path_factory.mktemp("fake") / "index"
    build_index(review, folder, quiet=True, embedder=fake_embedder)
    return folder


@pytest.fixture(scope="session")
def fake_assistant(review, fake_index_dir, fake_embedder):
    from reviewqa.index.store import open_index
    from reviewqa.search.assistant import Assistant

    return Assistant(review, open_index(fake_index_dir, review), encoder=fake_embedder)


@pytest.fixture(scope="session")
def real_index_dir(tmp_path_factory, review):
    """The real index (MiniLM embeddings, ONNX query encoder), built once per test run."""
    from reviewqa.index.store import build_index

    folder = tmp_path_factory.mktemp("real") / "index"
    build_index(review, folder, quiet=True)
    return folder


@pytest.fixture(scope="session")
def assistant(real_index_dir):
    from reviewqa.search.assistant import Assistant

    return Assistant.load(real_index_dir, rebuild=False, quiet=True)


@pytest.fixture
def free_port() -> int:
    return _free_port()


@pytest.fixture(scope="session")
def app_module():
    """app/app.py, loaded the way `reviewqa serve` loads it."""
    from reviewqa.cli.serve import load_app

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


@pytest.fixture(scope="session")
def chromium():
    """Headless Debian Chromium under Playwright; the test is skipped, in one line, where it is not installed."""
    if not Path(CHROMIUM).is_file():
        pytest.skip("Chromium not found: apt-get install chromium chromium-driver (as .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
