"""The first `serve`, `ask` or `chat` on a machine builds the index in a child process: the model and the build's
memory (1.2-1.5 GB) are the child's and go when it ends; the process that answers stays small (issue 23)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from helpers import REPO

from reviewqa.cli.index_build import ensure_index
from reviewqa.errors import CorpusMissing
from reviewqa.index.spawned_build import build_in_child

# ask in-process as `reviewqa ask` does, then say (on stderr, last) what this process imported and its peak memory
_ASK_AND_REPORT = r"""
import json, re, sys
from reviewqa.cli.main import main
code = main(["ask", "--json", "-k", "1", "T790M", "--index", sys.argv[1]])
# this process's own peak since its exec: VmHWM (ru_maxrss would carry over the forking parent's, e.g. pytest's)
with open("/proc/self/status", encoding="ascii") as status:
    peak_mb = int(re.search(r"VmHWM:\s+(\d+) kB", status.read())[1]) / 1024
print(json.dumps({"code": code, "torch": "torch" in sys.modules, "peak_mb": peak_mb}), file=sys.stderr)
"""
SERVING_BUDGET_MB = 450


@pytest.mark.model
def test_the_first_ask_builds_the_index_in_a_child_and_stays_small(tmp_path):
    index = tmp_path / "index"
    done = subprocess.run(
        [sys.executable, "-c", _ASK_AND_REPORT, str(index)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        timeout=600,
    )
    *said, report = done.stderr.splitlines()
    assert said[:6] == [
        f"No index at {index} yet; building it (about a minute, once).",
        "[1/5] writing 269 chunks",
        "[2/5] BM25 index",
        "[3/5] embedding chunks with all-MiniLM-L6-v2 (offline)",
        "[4/5] embedding 293 sentences",
        "[5/5] exporting the query encoder to ONNX",
    ], done.stderr
    assert said[6].startswith("Index built in ") and said[6].endswith(f" s: {index}") and len(said) == 7
    assert json.loads(done.stdout)["hits"][0]["chunk_id"] == "s3-p9"
    facts = json.loads(report)
    assert facts["code"] == 0 and facts["torch"] is False, facts  # the model was loaded in the child only
    assert facts["peak_mb"] < SERVING_BUDGET_MB, facts


def test_an_error_in_the_child_reaches_the_parent_as_itself(tmp_path, monkeypatch):
    """The child's own one-line error (here: no review text), raised in the parent; no step was started."""
    missing = tmp_path / "gone.txt"
    monkeypatch.setenv("REVIEWQA_CORPUS", str(missing))  # the spawned child reads the same environment
    steps: list = []
    with pytest.raises(CorpusMissing, match=f"The review text is missing: {missing}"):
        build_in_child(tmp_path / "index", lambda *step: steps.append(step))
    assert steps == [] and not (tmp_path / "index").exists()


def test_a_ready_index_is_opened_as_it_is(fake_index_dir, monkeypatch, capsys):
    def no_build(*args):
        raise AssertionError("a ready index was rebuilt")

    monkeypatch.setattr("reviewqa.index.spawned_build.build_in_child", no_build)
    ensure_index(str(fake_index_dir))
    assert capsys.readouterr() == ("", "")
