"""The app's start-up budget (issue 23): its first answer within 1 s of `import gradio` finishing.

    PYTHONPATH=src python benchmarks/first_answer.py [--index DIR] [--repeat 3]

Each run starts the real `reviewqa serve` (a ready index, a free loopback port, a data folder of its own) in a
fresh interpreter that notes the moment Gradio's import completes; as soon as the server prints its URL, one /ask
is sent over HTTP (the composed answer and its passages, as a browser's or gradio_client's call gets it). Printed:
seconds from the interpreter's start to Gradio imported, to listening, and to the first answer; the budget's
figure, from Gradio imported to the first answer; and the server's CPU seconds (all its threads) in that window,
a figure that depends less on how busy the machine is than the wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import httpx
from app_load import _free_port, process_cpu, stop

BUDGET_SECONDS = 1.0
QUESTION = "What drives EGFR-TKI resistance?"
# The served interpreter: a thread notes (on stderr) when `gradio` is in sys.modules and no longer initialising.
_SERVE_WATCHING_GRADIO = """
import sys, threading, time
started = time.time()

def watch():
    while True:
        module = sys.modules.get("gradio")
        if module is not None and not getattr(module.__spec__, "_initializing", False):
            now, cpu = time.time(), time.process_time()
            print(f"started {started} gradio-imported {now} cpu {cpu}", file=sys.stderr, flush=True)
            return
        time.sleep(0.001)

threading.Thread(target=watch, daemon=True).start()
from reviewqa.cli.main import main
sys.exit(main(["serve", *sys.argv[1:]]))
"""


def one_run(index: str | None) -> dict[str, float]:
    port = _free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "REVIEWQA_DATA_DIR": tempfile.mkdtemp(prefix="first-answer-")}
    command = [sys.executable, "-c", _SERVE_WATCHING_GRADIO, "--port", str(port)]
    command += ["--index", index] if index else []
    server = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    try:
        times = {}
        for line in server.stderr:  # the watcher's line comes before the server listens
            if line.startswith("started "):
                _, started, _, imported, _, cpu = line.split()
                times = {"started": float(started), "gradio imported": float(imported), "cpu": float(cpu)}
                break
        for line in server.stdout:
            if line.startswith("reviewqa on http"):
                times["listening"] = time.time()
                break
        url = f"http://127.0.0.1:{port}/"
        posted = httpx.post(f"{url}gradio_api/call/ask", json={"data": [QUESTION, 5]}, timeout=120)
        streamed = httpx.get(f"{url}gradio_api/call/ask/{posted.json()['event_id']}", timeout=120)
        times["first answer"] = time.time()
        times["cpu after"] = process_cpu(server.pid)
        answer = json.loads([line for line in streamed.text.splitlines() if line.startswith("data: ")][-1][6:])[0]
        assert answer["hits"][0]["chunk_id"] == "s4-p6", answer["hits"][0]
    finally:
        stop(server)
    start, imported = times["started"], times["gradio imported"]
    return {
        "gradio imported": imported - start,
        "listening": times["listening"] - start,
        "first answer": times["first answer"] - start,
        "budget: gradio imported to first answer": times["first answer"] - imported,
        "CPU s used from gradio imported to answer": times["cpu after"] - times["cpu"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", help="a ready index folder (default: the usual one)")
    parser.add_argument("--repeat", type=int, default=3, help="fresh servers to start (default 3)")
    options = parser.parse_args()
    runs = [one_run(options.index) for _ in range(options.repeat)]
    for name in runs[0]:
        values = [run[name] for run in runs]
        shown = ", ".join(f"{v:.2f}" for v in values)
        print(f"{name:>41}: median {statistics.median(values):5.2f} s  (runs: {shown})")
    budget = statistics.median(run["budget: gradio imported to first answer"] for run in runs)
    verdict = "within" if budget <= BUDGET_SECONDS else "OVER"
    print(f"first answer {budget:.2f} s after import gradio: {verdict} the {BUDGET_SECONDS:.0f} s budget")
    return 0 if budget <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
