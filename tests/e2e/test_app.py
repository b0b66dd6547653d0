"""The app in-process on a free port, asked through gradio_client's named endpoint `/ask`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from helpers import ASK_JSON_KEYS

from reviewqa.chat.turn import Settings, answered_json, grounded


@pytest.fixture(scope="module")
def fake_client(fake_app_url):
    from gradio_client import Client

    return Client(fake_app_url, verbose=False)


def _json(data: dict) -> dict:
    return json.loads(json.dumps(data))


def test_ask_endpoint_returns_the_ask_json_shape(fake_client, fake_assistant):
    result = fake_client.predict("What drives EGFR-TKI resistance?", 3, "hybrid", [], [], api_name="/ask")
    searched = fake_assistant.search("What drives EGFR-TKI resistance?", k=3)
    assert result == _json(answered_json(fake_assistant, searched))
    assert list(result) == ASK_JSON_KEYS
    assert [h["rank"] for h in result["hits"]] == [1, 2, 3]


def test_ask_endpoint_defaults_filters_and_errors(fake_client, fake_assistant):
    by_default = fake_client.predict("T790M", api_name="/ask")
    default = fake_assistant.search("T790M")
    assert by_default == _json(answered_json(fake_assistant, default)) and len(by_default["hits"]) == 5
    filtered = fake_client.predict(
        question="ORR", k=2, mode="bm25", kinds=["table_row"], sections=["6"], api_name="/ask"
    )
    expected = fake_assistant.search("ORR", k=2, mode="bm25", kinds=["table_row"], sections=["6"])
    assert filtered == _json(answered_json(fake_assistant, expected))
    assert fake_client.predict("   ", api_name="/ask") == {"query": "   ", "error": "the question is empty"}


def test_only_ask_is_a_public_endpoint(fake_client):
    endpoints = fake_client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert list(endpoints) == ["/ask"]
    assert [p["parameter_name"] for p in endpoints["/ask"]["parameters"]] == [
        "question",
        "k",
        "mode",
        "kinds",
        "sections",
        "history",
    ]


def test_ask_reads_a_follow_up_after_its_history(fake_client, fake_assistant):
    history = ["What drives EGFR-TKI resistance?", "and for immunotherapy?"]
    answer = fake_client.predict("what about CAFs?", 3, "hybrid", [], [], history, api_name="/ask")
    assert answer["read_as"] == "What drives CAFs resistance?"
    earlier = grounded(fake_assistant, history, Settings())  # the earlier answers rebuilt, as the chat gave them
    expected = fake_assistant.search("what about CAFs?", k=3, history=earlier)
    assert answer == _json(answered_json(fake_assistant, expected, earlier=earlier))  # what they showed counts too
    refused = fake_client.predict("what about CAFs?", 3, "hybrid", [], [], [1, 2], api_name="/ask")
    error = (
        'history must be a list of earlier questions (text) or {"question": text, "answer_chunk_ids": [ids], '
        '"answer_sentences": [texts]}'
    )
    assert refused == {"query": "what about CAFs?", "error": error}


def test_ask_takes_the_earlier_answers_passages(fake_client, fake_assistant):
    """/ask with history items {"question", "answer_chunk_ids"}: the earlier reply's passages reach the search (the
    old code refused them); unknown ids are passed over."""
    first = fake_client.predict("Which trials combined immunotherapy with anti-angiogenic drugs?", api_name="/ask")
    shown = {"question": first["query"], "answer_chunk_ids": [*first["answer_chunk_ids"], "no-such-passage"]}
    answer = fake_client.predict("what phase was the second one?", 5, "hybrid", [], [], [shown], api_name="/ask")
    earlier = grounded(fake_assistant, [shown], Settings())  # the earlier answer's sentences rebuilt from its ids
    expected = fake_assistant.search("what phase was the second one?", history=earlier)
    assert answer == _json(answered_json(fake_assistant, expected, earlier=earlier))
    assert answer["hits"][0]["chunk_id"] == first["answer_chunk_ids"][1]


def test_app_is_local_without_share_or_telemetry(fake_app):
    # launch() defaults: bound to 127.0.0.1, no share link, no analytics (GRADIO_ANALYTICS_ENABLED set before import)
    assert fake_app.local_url.startswith("http://127.0.0.1:")
    assert fake_app.server_name == "127.0.0.1"
    assert fake_app.share is False and fake_app.share_url is None
    assert fake_app.analytics_enabled is False  # and test_reliability shows the served app makes no request


@pytest.mark.model
def test_ask_endpoint_equals_the_cli(real_app_url, real_index_dir):
    from gradio_client import Client

    question = "Which trials combined ICIs with anti-angiogenic therapy?"
    api = Client(real_app_url, verbose=False).predict(question, 4, "hybrid", [], [], api_name="/ask")
    cli = subprocess.run(
        [sys.executable, "-m", "reviewqa", "ask", "--json", "-k", "4", question, "--index", str(real_index_dir)],
        capture_output=True,
        check=True,
        timeout=120,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert api == json.loads(cli.stdout)
    assert {"s6-p3", "s6-p19", "s6-p20"} & {h["chunk_id"] for h in api["hits"]}


def test_tabs_ask_reader_quiz_notebooks_glossary_write(fake_app):
    tabs = [c["props"]["label"] for c in fake_app.config["components"] if c["type"] == "tabitem"]
    assert tabs == ["Ask", "Reader", "Quiz", "Notebooks", "Glossary", "Write"]
    ids = {c["props"].get("elem_id") for c in fake_app.config["components"]}
    # the page's script finds these by id: the hidden boxes that carry a card's chunk id, the downloads blocks
    assert {
        "rq-collect-id",
        "rq-notebook-action",
        "rq-downloads",
        "rq-quiz-deck",
        "rq-reader-id",
        "rq-strip-section",
    } <= ids


def test_served_to_others_without_logins_the_notebooks_tab_says_they_are_off(app_module, fake_assistant):
    from reviewqa.memory.access import OFF_WITHOUT_LOGIN, memory_access
    from reviewqa.memory.database import Store

    off = memory_access(Store.in_memory(), None, served_to_others=True)
    assert not off.on and off.notebooks(None) is None and off.history(None) is None
    demo = app_module.build_demo(fake_assistant, off)
    values = {c["props"].get("elem_id"): c["props"].get("value") for c in demo.config["components"]}
    assert OFF_WITHOUT_LOGIN in values["rq-notebook-notice"] and "Notebooks are off" in values["rq-progress-line"]
