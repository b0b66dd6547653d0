"""A class at once: concurrent gradio_client clients asking the app's `/ask`; errors, wrong answers, p50/p95.

    PYTHONPATH=src python benchmarks/app_load.py [--clients 30] [--per-client 20] [--index DIR] [--url URL]

Starts `reviewqa serve` on a free loopback port (unless --url names a running app), asks every request of
REQUESTS once with a single client (the single-user answers), then lets N clients, started together, ask
M requests each, cycling through REQUESTS from different offsets. Every answer must equal the single-user
answer for the same request. tests/test_load.py drives the app the same way through `drive`.
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

# (question, k, mode, kinds, sections): plain questions, filters, an unanswerable one and one the app refuses.
REQUESTS: tuple[tuple, ...] = (
    ("What drives EGFR-TKI resistance?", 5, "hybrid", [], []),
    ("How do CAFs block drug delivery?", 5, "hybrid", [], []),
    ("Which trials combined ICIs with anti-angiogenic therapy?", 4, "hybrid", [], []),
    ("T790M", 3, "dense", [], []),
    ("ORR", 2, "bm25", ["table_row"], ["6"]),
    ("How do tumor-associated macrophages suppress T cells?", 8, "hybrid", [], []),
    ("what is the recommended dose of adagrasib?", 5, "hybrid", [], []),
    ("Kong et al", 5, "hybrid", [], []),
    ("hypoxia and angiogenesis in the tumor microenvironment", 10, "hybrid", ["text"], []),
    ("   ", 5, "hybrid", [], []),  # refused: {"query", "error"}
)


@dataclass
class LoadReport:
    """What N clients saw: every latency, every exception, every answer that differed from the single-user one."""

    clients: int
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")

    def summary(self) -> str:
        return (
            f"clients={self.clients} requests={self.requests} errors={len(self.errors)} "
            f"mismatches={len(self.mismatches)} p50={1000 * self.percentile(0.5):.0f} ms "
            f"p95={1000 * self.percentile(0.95):.0f} ms max={1000 * max(self.latencies, default=0):.0f} ms "
            f"wall={self.seconds:.1f} s throughput={self.requests / self.seconds if self.seconds else 0:.1f} req/s"
        )


def _ask(client, request: tuple) -> dict:
    question, k, mode, kinds, sections = request
    return client.predict(question, k, mode, kinds, sections, api_name="/ask")


def single_user_answers(url: str, requests: tuple[tuple, ...] = REQUESTS) -> list[dict]:
    """Each request asked once, one after another, by one client."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    try:
        return [_ask(client, request) for request in requests]
    finally:
        client.close()


def drive(
    url: str, clients: int = 30, per_client: int = 20, requests: tuple[tuple, ...] = REQUESTS, expected=None
) -> LoadReport:
    """`clients` threads, each with its own gradio_client, start together and ask `per_client` requests each."""
    from gradio_client import Client

    expected = expected if expected is not None else single_user_answers(url, requests)
    report = LoadReport(clients)
    lock = threading.Lock()
    ready = threading.Barrier(clients + 1)

    def user(number: int) -> None:
        try:
            client = Client(url, verbose=False)
        except Exception as exc:  # noqa: BLE001 - counted as an error
            with lock:
                report.errors.append(f"client {number} could not connect: {exc!r}")
            ready.wait()
            return
        ready.wait()
        try:
            for turn in range(per_client):
                which = (number + turn) % len(requests)
                started = time.perf_counter()
                try:
                    answer = _ask(client, requests[which])
                except Exception as exc:  # noqa: BLE001 - counted as an error
                    with lock:
                        report.requests += 1
                        report.errors.append(f"client {number} request {which}: {exc!r}")
                    continue
                elapsed = time.perf_counter() - started
                with lock:
                    report.requests += 1
                    report.latencies.append(elapsed)
                    if answer != expected[which]:
                        report.mismatches.append(f"client {number} request {which}: {answer!r}")
        finally:
            client.close()

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    report.seconds = time.perf_counter() - started
    return report


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(
    index: str | None = None, env: dict | None = None, port: int | None = None, options: tuple[str, ...] = ()
) -> tuple[subprocess.Popen, str]:
    """`reviewqa serve [options]` on a free loopback port, once it prints its URL (its further output is drained)."""
    port = port or _free_port()
    command = [sys.executable, "-m", "reviewqa", "serve", "--port", str(port), *options]
    command += ["--index", index] if index else []
    env = env or {**os.environ, "HF_HUB_OFFLINE": "1"}
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines = []
    for line in server.stdout:
        lines.append(line)
        if line.startswith("reviewqa on http"):
            server.startup_lines = lines  # type: ignore[attr-defined]  # what it said first (warnings), for tests
            threading.Thread(target=server.stdout.read, daemon=True).start()  # a full pipe would stall it
            return server, f"http://127.0.0.1:{port}/"
    server.wait()
    raise RuntimeError(f"the server ended before serving (exit code {server.returncode}): {''.join(lines)[-2000:]}")


def stop(server: subprocess.Popen) -> None:
    """End the server started above (by its own handle, nothing else)."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)


def process_cpu(pid: int | None = None) -> float:
    """CPU seconds (user + system) used so far by process `pid` (Linux /proc), or by this process."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--per-client", type=int, default=20)
    parser.add_argument("--index", help="index folder (default: the checkout's index/)")
    parser.add_argument("--url", help="a running app instead of starting one")
    args = parser.parse_args()
    server, url = (None, args.url) if args.url else serve(args.index)
    try:
        expected = single_user_answers(url)
        server_cpu, clients_cpu = process_cpu(server.pid) if server else 0.0, process_cpu()
        report = drive(url, args.clients, args.per_client, expected=expected)
        server_cpu = process_cpu(server.pid) - server_cpu if server else float("nan")
        clients_cpu = process_cpu() - clients_cpu
    finally:
        if server is not None:
            stop(server)
    print(f"{len(REQUESTS)} distinct requests, {args.per_client} per client, against {url} ({os.cpu_count()} cores)")
    print(report.summary())
    per_request = 1000 / max(report.requests, 1)
    print(
        f"CPU during the run: server {server_cpu:.1f} s ({server_cpu * per_request:.0f} ms a request), "
        f"the {args.clients} clients {clients_cpu:.1f} s ({clients_cpu * per_request:.0f} ms a request)"
    )
    for line in (report.errors + report.mismatches)[:5]:
        print(line)
    return 1 if report.errors or report.mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
