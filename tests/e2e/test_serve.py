"""`reviewqa serve` and `python app/app.py`: localhost by default, a warning otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

import pytest
from helpers import REPO

from reviewqa.cli import serve
from reviewqa.cli.main import build_parser, main

APP_SCRIPT = REPO / "app" / "app.py"


def test_defaults_bind_localhost_7860():
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.index) == ("127.0.0.1", 7860, None)


def test_exposure_warning_only_off_localhost():
    assert serve.exposure_warning("127.0.0.1") is None and serve.exposure_warning("localhost") is None
    assert "anyone who can reach this machine" in serve.exposure_warning("0.0.0.0")


def _stub_app(monkeypatch, behaviour):
    calls = []

    def fake_main(host, port, index):
        calls.append((host, port, index))
        return behaviour()

    monkeypatch.setattr(serve, "load_app", lambda: types.SimpleNamespace(main=fake_main))
    return calls


def test_serve_passes_host_and_port_and_warns_when_public(monkeypatch, capsys):
    calls = _stub_app(monkeypatch, lambda: 0)
    assert main(["serve", "--host", "0.0.0.0", "--port", "8123", "--index", "somewhere"]) == 0
    assert calls == [("0.0.0.0", 8123, "somewhere")]
    assert "warning: serving on 0.0.0.0" in capsys.readouterr().err
    assert main(["serve"]) == 0 and calls[-1] == ("127.0.0.1", 7860, None)
    assert capsys.readouterr().err == ""


def test_bad_port_and_busy_port_are_usage_errors(monkeypatch, capsys):
    assert main(["serve", "--port", "70000"]) == 2
    assert "port must be 1..65535" in capsys.readouterr().err

    def busy():
        raise OSError("Cannot find empty port in range: 7860-7860")

    _stub_app(monkeypatch, busy)
    assert main(["serve"]) == 2
    assert "cannot serve on 127.0.0.1:7860: Cannot find empty port" in capsys.readouterr().err


@pytest.mark.model
def test_python_app_app_py_serves_the_api(real_index_dir, free_port):
    """`python app/app.py --port P` starts the same app; asked through gradio_client, then stopped."""
    from gradio_client import Client

    port = free_port
    process = subprocess.Popen(
        [sys.executable, str(APP_SCRIPT), "--port", str(port), "--index", str(real_index_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    try:
        lines = []
        for line in process.stdout:  # blocks until the server says where it runs (or the process ends)
            lines.append(line)
            if "Running on local URL" in line:
                break
        assert f"http://127.0.0.1:{port}" in "".join(lines), "".join(lines)
        result = Client(f"http://127.0.0.1:{port}/", verbose=False).predict("T790M", 1, api_name="/ask")
        assert result["hits"][0]["chunk_id"] == "s3-p9"
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_without_the_app_extra_names_it(tmp_path):
    """Without Gradio installed, `reviewqa serve` says which extra to install, in one line."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "gradio.py").write_text("raise ImportError('simulated: not installed', name='gradio')\n")
    done = subprocess.run(
        [sys.executable, "-m", "reviewqa", "serve"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join((str(shadow), str(REPO / "src")))},
        timeout=120,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr == (
        "reviewqa serve: The chat app needs the optional 'app' part of reviewqa (gradio); install it with: "
        "pip install 'reviewqa[app]' (or pip install -e '.[app]' in a checkout)\n"
    )


def test_the_installed_reviewqa_command_runs():
    """The console script pyproject declares (reviewqa.cli.main:main), as installed beside this interpreter."""
    script = Path(sys.executable).parent / "reviewqa"
    if not script.is_file():
        pytest.skip(f"no reviewqa script beside {sys.executable}: pip install -e . into this environment")
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, "reviewqa 0.1.0\n")
