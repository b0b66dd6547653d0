"""Performance of reviewqa on this machine: index build, cold `reviewqa ask`, warm latency, peak memory.

Run from the repository root: `python benchmarks/bench.py`. Every command runs as `sys.executable -m reviewqa`
with this process's environment, so it measures the reviewqa that this Python imports. Prints Markdown tables
(docs/PERFORMANCE.md); asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HELDOUT = REPO / "eval" / "heldout_questions.jsonl"
QUESTION = "What drives EGFR-TKI resistance?"
APP_QUESTIONS = ("What drives EGFR-TKI resistance?", "what do CAFs secrete?", "T790M", "ref 66")
ENCODER_VARIABLE = "REVIEWQA_QUERY_ENCODER"  # reviewqa.index.encoder: a benchmark-only switch


def machine() -> str:
    """CPU model, cores, RAM, OS and Python, in one line."""
    cpu, ram = platform.processor() or platform.machine(), "?"
    cpuinfo, meminfo = Path("/proc/cpuinfo"), Path("/proc/meminfo")
    if cpuinfo.is_file():
        models = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line]
        cpu = models[0] if models else cpu
    if meminfo.is_file():
        total_kb = next(int(line.split()[1]) for line in meminfo.read_text().splitlines() if "MemTotal" in line)
        ram = f"{total_kb / 1024**2:.1f} GB"
    return (
        f"{cpu}, {os.cpu_count()} cores, {ram} RAM, {platform.system()} {platform.release()} "
        f"({platform.machine()}), Python {platform.python_version()}"
    )


def child_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", **extra}
    if ENCODER_VARIABLE not in extra:
        env.pop(ENCODER_VARIABLE, None)
    return env


def run_cli(*args: str, **env: str) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one `python -m reviewqa ARGS` process; fails loudly."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "reviewqa", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=child_env(**env),
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"`reviewqa {' '.join(args)}` failed:\n{stderr}")
    # ru_maxrss also counts the pages the child shared with this process before exec: true here, since this
    # process has imported nothing heavy yet when it runs the CLI (build and cold runs come first).
    return wall, usage.ru_maxrss / 1024  # Linux reports KB


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def heldout_questions() -> list[str]:
    with open(HELDOUT, encoding="utf-8") as lines:
        return [json.loads(line)["question"] for line in lines if line.strip()]


def bench_cold(index_dir: Path, runs: int, heavy_runs: int) -> dict:
    """Median wall time and peak RSS of fresh `reviewqa ask` processes, light and sentence-transformers paths."""
    ask = ("ask", QUESTION, "--index", str(index_dir))
    run_cli(*ask)  # not counted: brings the index files into the OS page cache, as after any earlier use
    light = [run_cli(*ask) for _ in range(runs)]
    heavy = [run_cli(*ask, **{ENCODER_VARIABLE: "sentence-transformers"}) for _ in range(heavy_runs)] or [(0.0, 0.0)]
    return {
        "light_s": statistics.median(w for w, _ in light),
        "light_runs": [round(w, 2) for w, _ in light],
        "light_rss_mb": max(r for _, r in light),
        "heavy_s": statistics.median(w for w, _ in heavy),
        "heavy_runs": [round(w, 2) for w, _ in heavy],
        "heavy_rss_mb": max(r for _, r in heavy),
    }


def timed(function, items) -> list[float]:
    """Milliseconds per call of `function(item)`."""
    times = []
    for item in items:
        started = time.perf_counter()
        function(item)
        times.append((time.perf_counter() - started) * 1000)
    return times


WARM_PASSES = 3  # timed passes over the questions for bm25, dense and hybrid


def bench_warm(index_dir: Path, quick: bool = False) -> dict:
    """Per-query latency in one long-lived process over the held-out questions, after one warm-up pass (`quick`:
    hybrid and whole replies only)."""
    from reviewqa.index.encoder import SentenceTransformerQueryEncoder
    from reviewqa.search.assistant import Assistant
    from reviewqa.search.expansion import expand_query

    questions = heldout_questions()
    assistant = Assistant.load(index_dir, rebuild=False, quiet=True)
    latency = {}
    for mode in ("hybrid",) if quick else ("bm25", "dense", "hybrid"):
        timed(lambda q, mode=mode: assistant.search(q, mode=mode), questions)
        # Three passes: this shared machine drifts by a millisecond or two within a minute.
        latency[mode] = [
            ms
            for _ in range(WARM_PASSES)
            for ms in timed(lambda q, mode=mode: assistant.search(q, mode=mode), questions)
        ]
    latency.update(reply_costs(assistant, questions))
    if quick:
        return {name: (statistics.median(ms), percentile(ms, 95)) for name, ms in latency.items()}
    latency.update(technique_costs(assistant, questions))
    texts = [expand_query(q, assistant.review.glossary).dense_text for q in questions]
    timed(lambda t: assistant.encoder.encode([t]), texts)
    latency["embed (ONNX)"] = timed(lambda t: assistant.encoder.encode([t]), texts)
    # The heavy path last: importing torch must not disturb the light measurements above.
    heavy = Assistant(assistant.review, assistant.index, encoder=SentenceTransformerQueryEncoder())
    timed(lambda t: heavy.encoder.encode([t]), texts)
    latency["embed (sentence-transformers)"] = timed(lambda t: heavy.encoder.encode([t]), texts)
    latency["hybrid (sentence-transformers)"] = timed(lambda q: heavy.search(q), questions)
    return {name: (statistics.median(ms), percentile(ms, 95)) for name, ms in latency.items()}


def technique_costs(assistant, questions: list[str]) -> dict[str, list[float]]:
    """Hybrid latency with each retrieval technique switched off in turn (what each one costs)."""
    import dataclasses

    from reviewqa.search.techniques import Techniques

    latency = {}
    for field in dataclasses.fields(Techniques):
        without = Techniques.without([field.name])
        lighter = type(assistant)(assistant.review, assistant.index, assistant.encoder, techniques=without)
        timed(lambda q, lighter=lighter: lighter.search(q), questions)
        latency[f"hybrid without {field.name}"] = timed(lambda q, lighter=lighter: lighter.search(q), questions)
    return latency


READER_TECHNIQUES = ("reader_rerank", "reader_sentences", "reader_flag")


def reply_costs(assistant, questions: list[str]) -> dict[str, list[float]]:
    """A whole chat reply (search, the reader, compose), with and without the reader; the reader's score cache is
    emptied after the warm-up pass, so no timed reply reuses a score."""
    from reviewqa.chat.turn import respond
    from reviewqa.search.techniques import Techniques

    latency = {}
    plain = type(assistant)(
        assistant.review, assistant.index, assistant.encoder, techniques=Techniques.without(READER_TECHNIQUES)
    )
    for name, which in (("whole reply", assistant), ("whole reply without the reader", plain)):
        timed(lambda q, which=which: respond(which, q), questions)
        if which.reader is not None:
            which.reader.forget()
        latency[name] = timed(lambda q, which=which: respond(which, q), questions)
    return latency


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_available() -> bool:
    done = subprocess.run([sys.executable, "-m", "reviewqa", "serve", "--help"], capture_output=True, env=child_env())
    return done.returncode == 0


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 180) -> float:
    """Seconds until `url` answers; RuntimeError if the app exits or never answers."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return time.perf_counter() - started
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the app did not answer at {url} within {timeout:.0f} s")


def vm_hwm_mb(pid: int) -> float:
    """Peak resident set size of a running process (VmHWM in /proc/PID/status), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc")


def bench_app(index_dir: Path) -> str:
    """Peak RSS of `reviewqa serve` after answering a few questions through gradio_client."""
    if not serve_available():
        return "app: not available (this checkout has no `reviewqa serve`)"
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "reviewqa", "serve", "--port", str(port), "--index", str(index_dir)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=child_env(GRADIO_ANALYTICS_ENABLED="False"),
        )
        try:
            ready = wait_until_up(url, process)
            answered = _ask_app(url)
            peak = vm_hwm_mb(process.pid)
        except RuntimeError as exc:
            log.seek(0)
            return f"app: failed ({exc}); its output ends: {log.read().decode(errors='replace')[-500:]}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    return f"app: peak RSS {peak:.0f} MB (VmHWM) after start-up in {ready:.1f} s and {answered}"


def _ask_app(url: str) -> str:
    """Send APP_QUESTIONS to the app's `/ask` endpoint; says how many were answered."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    answered = 0
    for question in APP_QUESTIONS:
        try:
            result = client.predict(question, api_name="/ask")
        except Exception as exc:  # the endpoint is the app's; report rather than crash
            return f"{answered}/{len(APP_QUESTIONS)} questions answered through /ask ({type(exc).__name__}: {exc})"
        answered += bool(result)
    return f"{answered}/{len(APP_QUESTIONS)} questions answered through /ask"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold `ask` runs on the light path (median)")
    parser.add_argument("--heavy-runs", type=int, default=3, help="cold `ask` runs with sentence-transformers")
    parser.add_argument(
        "--quick", action="store_true", help="cold `ask` (light path), hybrid and whole-reply latency, app RSS only"
    )
    options = parser.parse_args()
    print(f"Machine: {machine()}")
    print("Load average (1, 5, 15 min) at the start: {:.1f}, {:.1f}, {:.1f}".format(*os.getloadavg()))
    with tempfile.TemporaryDirectory(prefix="reviewqa-bench-") as scratch:
        index_dir = Path(scratch) / "index"
        build_s, build_rss = run_cli("build", "--index", str(index_dir))
        cold = bench_cold(index_dir, options.runs, 0 if options.quick else options.heavy_runs)
        warm = bench_warm(index_dir, options.quick)
        app = bench_app(index_dir)
    if options.quick:
        print(f"\ncold `reviewqa ask` (light path), median of {options.runs}: {cold['light_s']:.2f} s "
              f"{cold['light_runs']}, peak RSS {cold['light_rss_mb']:.0f} MB\n{app}")
        for name, (p50, p95) in warm.items():
            print(f"{name}: p50 {p50:.2f} ms, p95 {p95:.2f} ms")
        print("Load average (1, 5, 15 min) at the end: {:.1f}, {:.1f}, {:.1f}".format(*os.getloadavg()))
        return
    light, heavy = warm["embed (ONNX)"], warm["embed (sentence-transformers)"]
    rows = [
        ("index build, fresh folder (`reviewqa build`, one process)", f"{build_s:.1f} s, peak RSS {build_rss:.0f} MB"),
        (
            f"cold `reviewqa ask`, light path (ONNX), median of {options.runs}",
            f"{cold['light_s']:.2f} s {cold['light_runs']}",
        ),
        (
            f"cold `reviewqa ask`, sentence-transformers path, median of {options.heavy_runs}",
            f"{cold['heavy_s']:.2f} s {cold['heavy_runs']}",
        ),
        ("cold `ask`: sentence-transformers / light", f"{cold['heavy_s'] / cold['light_s']:.1f}×"),
        (
            "peak RSS, `reviewqa ask`: light / sentence-transformers",
            f"{cold['light_rss_mb']:.0f} MB / {cold['heavy_rss_mb']:.0f} MB",
        ),
        tuple(app.split(": ", 1)),
        (
            "query embedding p50: sentence-transformers / ONNX",
            f"{heavy[0] / light[0]:.1f}× (p95: {heavy[1] / light[1]:.1f}×)",
        ),
    ]
    print()
    print("| measure | value |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    print()
    print(
        f"Warm per-query latency over {len(heldout_questions())} held-out questions (k=5, one process, warmed up; "
        f"bm25, dense and hybrid over {WARM_PASSES} passes):"
    )
    print()
    print("| path | p50 ms | p95 ms |")
    print("|---|---|---|")
    for name, (p50, p95) in warm.items():
        print(f"| {name} | {p50:.2f} | {p95:.2f} |")
    print("\nLoad average (1, 5, 15 min) at the end: {:.1f}, {:.1f}, {:.1f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
