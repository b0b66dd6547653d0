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


@pytest.fixture(autouse=True)
def _no_index_build(monkeypatch):
    """The app is stubbed in these tests: nothing to build an index for (tests/e2e/test_first_build.py builds)."""
    monkeypatch.setattr("reviewqa.cli.index_build.ensure_index", lambda index: None)


def test_defaults_bind_localhost_7860():
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.index) == ("127.0.0.1", 7860, None)


def test_exposure_warning_only_off_localhost():
    assert serve.exposure_warning("127.0.0.1") is None and serve.exposure_warning("localhost") is None
    assert "anyone who can reach this machine" in serve.exposure_warning("0.0.0.0")


def _stub_app(monkeypatch, behaviour):
    calls = []

    def fake_main(host, port, index, memory, ready=None, allowed_origins=()):
        calls.append((host, port, index))
        memories.append(memory)
        return behaviour()

    memories: list = []

    monkeypatch.setattr(serve, "load_app", lambda: types.SimpleNamespace(main=fake_main))
    # No port is opened, nor probed: the suite passes beside an app already running on 7860 (test_port_7860.py).
    monkeypatch.setattr(serve, "bind_problem", lambda host, port: None)
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
            if line.startswith("reviewqa on "):
                break
        # its own one line, not Gradio's 'Running on local URL' and 'set share=True' hint
        assert lines[-1] == f"reviewqa on http://127.0.0.1:{port} — Ctrl+C to stop\n", "".join(lines)
        assert "share=True" not in "".join(lines) and "Running on" not in "".join(lines)
        result = Client(f"http://127.0.0.1:{port}/", verbose=False).predict("T790M", 1, api_name="/ask")
        assert result["hits"][0]["chunk_id"] == "s3-p9"
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_without_the_app_extra_names_it(tmp_path, free_port):
    """Without Gradio installed, `reviewqa serve` says which extra to install, in one line."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "gradio.py").write_text("raise ImportError('simulated: not installed', name='gradio')\n")
    done = subprocess.run(
        [sys.executable, "-m", "reviewqa", "serve", "--port", str(free_port)],
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


def _served_memory(monkeypatch, *argv):
    """The study memory `reviewqa serve ARGV` hands the app (the app itself stubbed)."""
    handed = []

    def fake_main(host, port, index, memory, ready=None, allowed_origins=()):
        handed.append(memory)
        return 0

    monkeypatch.setattr(serve, "load_app", lambda: types.SimpleNamespace(main=fake_main))
    monkeypatch.setattr(serve, "bind_problem", lambda host, port: None)
    assert main(["serve", *argv]) == 0
    return handed[0]


def test_serve_keeps_notebooks_locally_and_per_user_with_logins_only(monkeypatch, capsys, tmp_path):
    from reviewqa.memory.users import hash_password

    local = _served_memory(monkeypatch, "--data-dir", str(tmp_path / "data"))
    assert local.on and local.auth is None and local.user(None) == "local"
    public = _served_memory(monkeypatch, "--host", "0.0.0.0", "--data-dir", str(tmp_path / "data"))
    assert not public.on and public.off_reason.startswith("Notebooks are off: this app is served to others")
    assert "notebooks and quiz history are off without --auth-file" in capsys.readouterr().err
    auth = tmp_path / "users"
    auth.write_text(f"# the class\nana:{hash_password('correct horse')}\nben:{hash_password('battery staple')}\n")
    logins = _served_memory(
        monkeypatch, "--host", "0.0.0.0", "--auth-file", str(auth), "--data-dir", str(tmp_path / "data")
    )
    assert logins.on and logins.auth.users == ("ana", "ben")
    assert logins.auth.check("ana", "correct horse") and not logins.auth.check("ana", "battery staple")
    assert not logins.auth.check("nobody", "correct horse")
    assert logins.user("ana") == "ana" and logins.user("mallory") is None
    assert "can try to log in" in capsys.readouterr().err


def test_serve_with_an_unwritable_data_folder_says_so_and_serves(monkeypatch, capsys, tmp_path):
    (tmp_path / "file").write_text("x")
    memory = _served_memory(monkeypatch, "--data-dir", str(tmp_path / "file" / "data"))
    err = capsys.readouterr().err
    assert err == (
        f"reviewqa serve: notebooks and quiz history are off: cannot create the data folder {tmp_path}/file/data: "
        "Not a directory\n"
    )
    assert not memory.on and "cannot create the data folder" in memory.off_reason


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("ana:secret\n", "line 1: the password must be a hash; make the line with `reviewqa password ana`"),
        ("../x:scrypt$16384$8$1$AA==$AA==\n", "line 1: expected 'user:password-hash'"),
        ("# nobody\n", "lists no users"),
    ],
)
def test_a_bad_auth_file_is_one_line_exit_2(capsys, tmp_path, content, message):
    auth = tmp_path / "users"
    auth.write_text(content)
    assert main(["serve", "--auth-file", str(auth)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_password_prints_a_line_for_the_auth_file(monkeypatch, capsys):
    import io

    from reviewqa.memory.users import AuthFile

    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse\n"))
    assert main(["password", "ana"]) == 0
    line = capsys.readouterr().out.strip()
    user, _, encoded = line.partition(":")
    assert user == "ana" and encoded.startswith("scrypt$16384$8$1$")
    assert AuthFile(((user, encoded),)).check("ana", "correct horse")
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["password", "ana"]) == 2 and "at least 8 characters" in capsys.readouterr().err


def test_serve_prints_its_own_one_line_banner(monkeypatch, capsys):
    def fake_main(host, port, index, memory, ready=None, allowed_origins=()):
        ready(f"http://{host}:{port}")
        return 0

    monkeypatch.setattr(serve, "load_app", lambda: types.SimpleNamespace(main=fake_main))
    monkeypatch.setattr(serve, "bind_problem", lambda host, port: None)
    assert main(["serve", "--port", "8123"]) == 0
    assert capsys.readouterr().out == "reviewqa on http://127.0.0.1:8123 — Ctrl+C to stop\n"
