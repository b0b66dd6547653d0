"""The suite passes beside a running app: with 127.0.0.1:7860 (`reviewqa serve`'s default) taken, the serve tests
still pass, because they pick free ports or stub the server and never open nor probe 7860."""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys

from helpers import REPO

DEFAULT_PORT = 7860
# Every test that starts `reviewqa serve` or checks its ports, without the real model (its index takes a minute).
SERVE_TESTS = ("tests/e2e/test_serve.py", "tests/e2e/test_audit_server.py::test_f13_a_bad_host_says_so")


def _hold(port: int) -> socket.socket | None:
    """A socket listening on 127.0.0.1:port, or None when something listens there already (a running app)."""
    holder = socket.socket()
    try:
        holder.bind(("127.0.0.1", port))
    except OSError as exc:
        holder.close()
        if exc.errno != errno.EADDRINUSE:
            raise
        return None
    holder.listen()
    return holder


def test_the_serve_tests_pass_with_port_7860_taken():
    holder = _hold(DEFAULT_PORT)
    try:
        with socket.create_connection(("127.0.0.1", DEFAULT_PORT), timeout=5):
            pass  # taken: by this test, or by an app already running
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not model", *SERVE_TESTS],
            capture_output=True,
            text=True,
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO / "src")},
            timeout=300,
        )
    finally:
        if holder is not None:
            holder.close()
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in summary and "failed" not in summary and "error" not in summary, summary
