"""Commands import only what they use: no numpy for `--help`, no torch for `ask`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY = ("numpy", "scipy", "faiss", "onnxruntime", "bm25s", "gradio", "torch", "transformers", "sentence_transformers")
TORCH_STACK = ("torch", "transformers", "sentence_transformers")


def imported_modules(*args: str) -> set[str]:
    """Top-level packages `python -X importtime -m reviewqa ARGS` imports (the command must succeed)."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env.pop("REVIEWQA_QUERY_ENCODER", None)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "reviewqa", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:") and "|" in line]
    modules = {line.rsplit("|", 1)[1].strip() for line in lines}
    assert "reviewqa.cli.main" in modules  # the trace is really there
    return {name.split(".")[0] for name in modules}


@pytest.mark.parametrize("args", [["--help"], ["refs", "1"], ["glossary", "CAFs"]], ids=" ".join)
def test_light_commands_import_nothing_heavy(args):
    assert imported_modules(*args) & set(HEAVY) == set()


@pytest.mark.model
def test_ask_never_imports_torch(real_index_dir):
    modules = imported_modules("ask", "What drives EGFR-TKI resistance?", "--index", str(real_index_dir))
    assert {"onnxruntime", "faiss", "bm25s"} <= modules  # it did search
    assert modules & set(TORCH_STACK) == set()
