"""The Gradio app: `build_demo(assistant)` lays out the tabs (`ui.tabs`) and the `/ask` API; `launch` serves it
locally; `main` is what `reviewqa serve` and `python app/app.py` run. Nothing here decides an answer."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: no telemetry, no version check
# Gradio's queue keeps a record of the last N events and, after every event, summarises them all with pandas for a
# monitoring page this app does not offer: fewer records, summarised once in a long while (memory and CPU under load).
os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "500")
os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "1000000")

import gradio as gr  # noqa: E402

from reviewqa.chat.api import ask_endpoint  # noqa: E402
from reviewqa.errors import ReviewqaError, StoreUnavailable  # noqa: E402
from reviewqa.memory.access import MemoryAccess, memory_access  # noqa: E402
from reviewqa.memory.database import Store  # noqa: E402
from reviewqa.search.assistant import WARM_UP_QUESTION, Assistant  # noqa: E402
from reviewqa.ui.cleanup import private_temporary_folder, stop_on_signals  # noqa: E402
from reviewqa.ui.logins import LoginLimiter, threaded_check  # noqa: E402
from reviewqa.ui.origins import OriginPolicy  # noqa: E402
from reviewqa.ui.server import MAX_BODY_BYTES, api_defaults, guarded_app  # noqa: E402
from reviewqa.ui.sessions import MAX_SESSIONS, SessionKeeper  # noqa: E402
from reviewqa.ui.tabs import new_shared  # noqa: E402
from reviewqa.ui.tabs.ask import ask_tab  # noqa: E402
from reviewqa.ui.tabs.glossary import glossary_tab  # noqa: E402
from reviewqa.ui.tabs.notebooks import notebooks_tab  # noqa: E402
from reviewqa.ui.tabs.quiz import quiz_tab  # noqa: E402
from reviewqa.ui.tabs.reader import reader_tab  # noqa: E402
from reviewqa.ui.tabs.write import write_tab  # noqa: E402
from reviewqa.ui.theme import app_theme  # noqa: E402

STATIC = Path(__file__).resolve().parent / "static"
# A class of 30 at once (docs/RELIABILITY.md): a search is ~15 ms of CPU and the shared Assistant is
# thread-safe, so one search per core (2 to 4) runs side by side; more only contend for the cores. Up to
# QUEUE_SIZE requests wait their turn; beyond that Gradio refuses with "queue is full" instead of piling up.
CONCURRENCY_LIMIT = min(4, max(2, os.cpu_count() or 2))
QUEUE_SIZE = 256
CACHE_SECONDS = 3600
# Gradio's form says "Incorrect Credentials" for every refusal, a login that must wait (`ui.logins`) included.
LOGIN_MESSAGE = "Log in to keep your notebooks and quiz history.<br>After several wrong passwords, wait a minute."
# Each tab is one function taking the assistant and the per-session state the tabs share.
TABS = (
    ("Ask", ask_tab),
    ("Reader", reader_tab),
    ("Quiz", quiz_tab),
    ("Notebooks", notebooks_tab),
    ("Glossary", glossary_tab),
    ("Write", write_tab),
)


def local_memory() -> MemoryAccess:
    """The study memory of an app on this machine: the store in the data folder, or off when it cannot be used."""
    try:
        return memory_access(Store.open(), None, served_to_others=False)
    except StoreUnavailable as exc:
        return memory_access(None, None, served_to_others=False, problem=f"{exc}.")


def build_demo(assistant: Assistant, memory: MemoryAccess | None = None) -> gr.Blocks:
    """The whole app for one loaded assistant; `memory` keeps notebooks and quiz history (default: this machine's
    store, one local profile)."""
    memory = memory if memory is not None else local_memory()
    # Gradio's own temporary files (the app writes none) are deleted an hour after they were made.
    with gr.Blocks(
        title="reviewqa · lung cancer TME review", analytics_enabled=False, delete_cache=(CACHE_SECONDS, CACHE_SECONDS)
    ) as demo:
        gr.Markdown(
            "## Ask the review\n*The tumor microenvironment in lung cancer* (Liu et al., Int J Oncol 2025): "
            "answers in the review's own sentences, then its passages, ranked, with the references they cite."
        )
        shared = new_shared(memory)
        with gr.Tabs(overflow_behavior="wrap", elem_id="rq-tabs") as tabs:  # every tab in sight, none in a '⋯' menu
            for label, make_tab in TABS:
                with gr.Tab(label, id=label.lower(), elem_id=f"rq-tab-{label.lower()}"):
                    make_tab(assistant, shared)
        for wire in shared.with_tabs:
            wire(tabs)
        for function, inputs, outputs in shared.loads:
            demo.load(function, inputs, outputs, api_visibility="private")
        gr.api(ask_endpoint(assistant), api_name="ask")  # the same JSON as `reviewqa ask --json`
    demo.queue(default_concurrency_limit=CONCURRENCY_LIMIT, max_size=QUEUE_SIZE)
    return demo


def launch(
    demo: gr.Blocks,
    host: str = "127.0.0.1",
    port: int = 7860,
    block: bool = True,
    quiet: bool = False,
    memory: MemoryAccess | None = None,
    allowed_origins: Sequence[str] = (),
):
    """Serve `demo` locally: no share link, no telemetry, no server-side rendering, our CSS and click script;
    request bodies bounded, no uploads, /ask's defaults applied to raw calls, only the app's own pages and
    `allowed_origins` from a browser, idle sessions dropped (`ui.server`); logins, rate-limited, when `memory` has
    an auth file."""
    auth = memory.auth if memory is not None else None
    private_temporary_folder()
    guarded = guarded_app(
        defaults={"ask": api_defaults(ask_endpoint(None))},  # only its signature
        origins=OriginPolicy.of(allowed_origins),
        logins=LoginLimiter() if auth is not None else None,
        sessions=SessionKeeper(),
    )
    return demo.launch(
        _app=guarded,
        state_session_capacity=MAX_SESSIONS,
        max_file_size=MAX_BODY_BYTES,
        server_name=host,
        server_port=port,
        share=False,
        ssr_mode=False,
        mcp_server=False,
        footer_links=["api"],
        enable_monitoring=False,
        prevent_thread_lock=not block,
        quiet=quiet,
        # Gradio awaits a coroutine function (its annotation names only plain ones): the check runs off the loop
        auth=threaded_check(auth.check) if auth is not None else None,  # type: ignore[arg-type]
        auth_message=LOGIN_MESSAGE if auth is not None else None,
        theme=app_theme(),
        css_paths=[STATIC / "app.css"],
        js=(STATIC / "app.js").read_text(encoding="utf-8"),
    )


def warm_up(assistant: Assistant) -> None:
    """One question answered before anyone asks: what a first answer opens (the query encoder, the sentence vectors,
    the words' tables) is opened while the server starts, not on its first user's question (`first_answer.py`)."""
    with contextlib.suppress(ReviewqaError):  # an index fault is reported to the user who asks, as ever
        ask_endpoint(assistant)(WARM_UP_QUESTION)


def main(
    host: str = "127.0.0.1",
    port: int = 7860,
    index_dir: str | None = None,
    memory: MemoryAccess | None = None,
    ready: Callable[[str], None] | None = None,
    allowed_origins: Sequence[str] = (),
) -> int:
    """Load (or build) the index, then serve until interrupted (Ctrl+C, SIGTERM). Gradio says nothing (no share
    hint); once the server listens, `ready(url)` is called: the CLI prints its own one-line banner there."""
    assistant = Assistant.load(index_dir)
    threading.Thread(target=warm_up, args=(assistant,), name="reviewqa-warm-up", daemon=True).start()
    demo = build_demo(assistant, memory)
    stop_on_signals()
    launch(demo, host, port, block=False, quiet=True, memory=memory, allowed_origins=allowed_origins)
    try:
        if ready is not None:
            ready(str(demo.local_url or f"http://{host}:{port}/").rstrip("/"))
        while demo.is_running:
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        demo.close(verbose=False)
    return 0
