"""The attack audit, replayed (findings 7, 10, 13): request bodies, Gradio's file cache, raw /ask, a bad --host."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from helpers import REPO

from reviewqa.errors import InvalidQuery
from reviewqa.search.query import MAX_QUERY_CHARS, clean_query

MAX_BODY_BYTES = 64 * 1024  # reviewqa.ui.server's limit, as docs/RELIABILITY.md states it


def _raw_ask(url: str, body: bytes | None = None, data: list | None = None, **options) -> httpx.Response:
    """POST /gradio_api/call/ask as curl would; on success, read the answer from the event stream."""
    content = body if body is not None else json.dumps({"data": data}).encode()
    headers = {"Content-Type": "application/json"}
    posted = httpx.post(f"{url}gradio_api/call/ask", content=content, headers=headers, timeout=60, **options)
    if posted.status_code != 200:
        return posted
    event = posted.json()["event_id"]
    return httpx.get(f"{url}gradio_api/call/ask/{event}", timeout=60)


def _streamed_answer(response: httpx.Response) -> object:
    lines = [line for line in response.text.splitlines() if line.startswith("data: ")]
    return json.loads(lines[-1][len("data: ") :])[0]  # the event carries the list of outputs


# --- 7. a 50 MB /ask body was accepted and read character by character -----------------------------------------


def test_f07_a_huge_body_is_refused_before_it_is_read(fake_app_url):
    huge = json.dumps({"data": ["x" * (5 * 1024 * 1024)]}).encode()
    refused = httpx.post(f"{fake_app_url}gradio_api/call/ask", content=huge, timeout=60)
    from reviewqa.ui.server import MAX_BODY_BYTES as limit

    assert limit == MAX_BODY_BYTES
    assert refused.status_code == 413 and refused.json() == {"error": f"request body over {MAX_BODY_BYTES} bytes"}

    def chunks():  # no Content-Length: the body is counted as it arrives
        for _ in range(100):
            yield b"x" * 10_000

    headers = {"Content-Type": "application/json"}
    chunked = httpx.post(f"{fake_app_url}gradio_api/queue/join", content=chunks(), headers=headers, timeout=60)
    assert chunked.status_code == 413 and chunked.json() == {"error": f"request body over {MAX_BODY_BYTES} bytes"}
    assert _streamed_answer(_raw_ask(fake_app_url, data=["EGFR", 2]))["hits"][0]["rank"] == 1  # still serving


def test_f07_only_a_bounded_prefix_of_a_question_is_ever_read():
    from reviewqa.search.query import MAX_RAW_CHARS

    assert len(clean_query("tumor " * 10_000_000)) == MAX_QUERY_CHARS
    # A question is read up to MAX_RAW_CHARS characters, control characters included; what follows is never seen.
    with pytest.raises(InvalidQuery, match="empty"):
        clean_query("\x00" * MAX_RAW_CHARS + "EGFR")


def test_f07_uploads_are_refused(fake_app_url):
    refused = httpx.post(f"{fake_app_url}gradio_api/upload", files={"files": ("a.txt", b"x" * 1000)}, timeout=60)
    assert refused.status_code == 403 and "uploads are disabled" in refused.text


# --- 10. Gradio's shared file cache -------------------------------------------------------------------------


def test_f10_the_app_serves_no_files_and_keeps_gradios_cache_private(fake_app):
    types = {component["type"] for component in fake_app.config["components"]}
    assert not types & {"file", "downloadbutton", "uploadbutton", "image", "audio", "video"}
    folder = Path(os.environ["GRADIO_TEMP_DIR"])
    assert folder.name.startswith("reviewqa-gradio-") and stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert fake_app.delete_cache == (3600, 3600)


# --- 13. raw /ask with fewer arguments; a bad --host -----------------------------------------------------------


def test_f13_raw_ask_applies_the_documented_defaults(fake_app_url, fake_assistant):
    from reviewqa.chat.api import ask_endpoint

    for data in (["EGFR"], ["EGFR", 3], ["EGFR", 3, "bm25"], ["EGFR", 3, "bm25", ["text"], []]):
        answer = _streamed_answer(_raw_ask(fake_app_url, data=data))
        assert answer == json.loads(json.dumps(ask_endpoint(fake_assistant)(*data)))


def test_f13_a_bad_host_says_so():
    done = subprocess.run(
        [sys.executable, "-m", "reviewqa", "serve", "--host", "no-such-host.invalid"],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        timeout=120,
    )
    err = done.stderr.decode()
    assert done.returncode == 2 and "Traceback" not in err
    assert err.splitlines()[-1].startswith(
        "reviewqa serve: error: cannot serve on no-such-host.invalid:7860: unknown host 'no-such-host.invalid'"
    )


def test_f13_a_busy_port_names_the_next_one(fake_app_url):
    port = urlsplit(fake_app_url).port
    done = subprocess.run(
        [sys.executable, "-m", "reviewqa", "serve", "--port", str(port)],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.decode().strip() == (
        f"reviewqa serve: error: cannot serve on 127.0.0.1:{port}: port {port} is in use; try --port {port + 1}"
    )
    with socket.socket() as probe:  # the app that holds the port is still there
        assert probe.connect_ex(("127.0.0.1", port)) == 0
