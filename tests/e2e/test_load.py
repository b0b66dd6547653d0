"""Many users at once: 30 gradio_client clients against `reviewqa serve`, and the shared Assistant under threads."""

from __future__ import annotations

import json
import os
import threading
import time

import pytest
from helpers import REPO, load_driver

from reviewqa.chat.api import ask_endpoint

CLIENTS, PER_CLIENT = 50, 20


@pytest.fixture(scope="module")
def driver():
    return load_driver()


@pytest.fixture(scope="module")
def served(driver, real_index_dir):
    """`python -m reviewqa serve` on a free loopback port, stopped (by its own handle) at the end."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO / "src")}
    server, url = driver.serve(str(real_index_dir), env=env)
    yield url
    driver.stop(server)


@pytest.mark.model
def test_single_user_answers_are_the_librarys(driver, served, assistant):
    ask = ask_endpoint(assistant)
    expected = [json.loads(json.dumps(ask(*request))) for request in driver.REQUESTS]
    assert driver.single_user_answers(served) == expected
    assert expected[-1] == {"query": "   ", "error": "the question is empty"}
    assert [len(answer.get("hits", ())) for answer in expected] == [5, 5, 4, 3, 2, 8, 5, 5, 10, 0]


@pytest.mark.model
def test_thirty_users_at_once_get_the_single_user_answers(driver, served, capsys):
    expected = driver.single_user_answers(served)
    report = driver.drive(served, CLIENTS, PER_CLIENT, expected=expected)
    with capsys.disabled():
        print(f"\nload: {report.summary()}")
    assert report.errors == []
    assert report.mismatches == []
    assert report.requests == len(report.latencies) == CLIENTS * PER_CLIENT


def test_first_use_is_built_once_under_threads(review, fake_index_dir, fake_embedder, monkeypatch):
    """Threads that all search a fresh Assistant at once open one encoder and build one vocabulary."""
    import reviewqa.index.encoder as query_encoder
    import reviewqa.search.answerability as answerability
    import reviewqa.search.assistant as assistant_module
    from reviewqa.index.store import open_index
    from reviewqa.search.answerability import Vocabulary

    built: list[str] = []

    class SlowEncoder:
        def __init__(self, path):
            time.sleep(0.2)  # widens the window in which a second thread would start its own
            built.append("encoder")

        def encode(self, texts):
            return fake_embedder.encode(texts)

    class CountedVocabulary(Vocabulary):
        def __init__(self, texts, **options):
            time.sleep(0.2)
            built.append("vocabulary")
            super().__init__(texts, **options)

    monkeypatch.setattr(query_encoder, "OnnxQueryEncoder", SlowEncoder)
    monkeypatch.setattr(answerability, "Vocabulary", CountedVocabulary)
    fresh = assistant_module.Assistant(review, open_index(fake_index_dir, review))
    questions = ["What drives EGFR-TKI resistance?", "How do CAFs block drug delivery?", "T790M", "hypoxia"] * 3
    results: dict[int, dict] = {}
    start = threading.Barrier(len(questions))

    def search(number: int) -> None:
        start.wait()
        results[number] = fresh.search(questions[number]).to_json()

    threads = [threading.Thread(target=search, args=(n,)) for n in range(len(questions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(built) == ["encoder", "vocabulary"]
    assert [results[n] for n in range(len(questions))] == [fresh.search(q).to_json() for q in questions]
