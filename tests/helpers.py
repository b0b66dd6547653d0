"""What the tests share: the checkout's paths, odd input, the fake embedder, the load driver."""

from __future__ import annotations

import contextlib
import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

ODD_BUT_VALID = [
    "x" * 100_000,
    "what\x00 do\x07 CAFs\x1b[31m secrete?",
    "???!!! ... ;;;",
    "🫁🧬💊🙂",
    "Welche Rolle spielen tumorassoziierte Makrophagen bei Lungenkrebs?",
    "肺癌的肿瘤微环境是什么？",
    "'; DROP TABLE chunks; --",
    "$(rm -rf /) `reboot` && cat /etc/passwd | nc evil 1",
    "<img src=x onerror=alert(1)><script>alert('x')</script>",
    "**bold** [link](http://evil.example) ![img](x) | table |",
    "../../../../etc/passwd",
    "ref 0 ref 151 ref -1 [abc] reference 999999999999",
    "{{7*7}} ${7*7} %s %n",
    "broken \udcff\ud800 utf-8 \ufffd from a bad decode",
]


class FakeEmbedder:
    """Deterministic stand-in for MiniLM: a hashed bag of words, L2-normalised (no torch, no model)."""

    dimension = 384

    def _vector(self, text):
        import hashlib

        import numpy as np

        from reviewqa.index.terms import tokenize

        vector = np.zeros(self.dimension, dtype=np.float32)
        for term in tokenize(text):
            slot = int.from_bytes(hashlib.blake2b(term.encode(), digest_size=4).digest(), "little")
            vector[slot % self.dimension] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def embed(self, texts, progress=False):
        import numpy as np

        return np.vstack([self._vector(t) for t in texts]).astype(np.float32)

    def encode(self, texts):
        return self.embed(texts)

    def export_query_encoder(self, path):
        path.write_bytes(b"not a real ONNX graph: tests use FakeEmbedder.encode")


# The keys of one `reviewqa ask --json` / `/ask` reply, in order: the stable interface (README, JSON).
ASK_JSON_KEYS = ["query", "read_as", "answerable", "missing", "hits", "answer", "answer_chunk_ids", "answer_sentences"]
BROWSER_WAIT = 60_000  # ms; a ceiling for conditions to become true in a browser test, never a measured delay


def load_driver():
    """benchmarks/app_load.py: the same driver the load benchmark uses."""
    if "app_load" in sys.modules:
        return sys.modules["app_load"]
    spec = importlib.util.spec_from_file_location("app_load", REPO / "benchmarks" / "app_load.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["app_load"] = module
    spec.loader.exec_module(module)
    return module


def open_tab(page, name: str) -> None:
    """Click the app's tab `name`; on a narrow screen Gradio moves the last tabs into its "More tabs" menu."""
    tab = page.get_by_role("tab", name=name, exact=True)
    more = page.get_by_label("More tabs")
    tab.or_(more).first.wait_for(state="visible", timeout=BROWSER_WAIT)  # laid out once the page has measured
    if tab.is_visible():
        tab.click()
        return
    more.click()
    page.locator(".overflow-dropdown button", has_text=name).click()


def ask_in_page(page, text: str) -> None:
    """Type `text` into the Ask tab's box, send it, and wait until its reply is in the chat."""
    replies = page.locator("#rq-chat .rq-reply").count()
    page.locator("#rq-question textarea").fill(text)
    page.locator("#rq-send").click()
    page.wait_for_function(f"document.querySelectorAll('#rq-chat .rq-reply').length > {replies}", timeout=BROWSER_WAIT)


def reload_after_restart(page, attempts: int = 3) -> None:
    """Reload `page` once its server is back. Gradio's page polls a lost server and reloads itself when it
    returns, so our own reload can be cut short (net::ERR_ABORTED) by that one; then wait for it and reload
    again, so the page the test reads was loaded from the restarted server either way."""
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(attempts):
        try:
            page.reload()
            return
        except PlaywrightError as exc:
            if "ERR_ABORTED" not in str(exc) or attempt == attempts - 1:
                raise
            page.wait_for_load_state()



def free_port_number() -> int:
    """A TCP port nothing listens on right now (the tests never use a fixed one: 7860 may be the user's app)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

@contextlib.contextmanager
def serving_with_store(app_module, assistant, data_dir, port: int | None = None):
    """The app with a study store of its own in `data_dir` (one local profile), served on `port` (default: a free
    one) while the block runs: its address."""
    from reviewqa.memory.access import memory_access
    from reviewqa.memory.database import Store

    port = free_port_number() if port is None else port
    store = Store.open(data_dir)
    demo = app_module.build_demo(assistant, memory_access(store, None, served_to_others=False))
    app_module.launch(demo, port=port, block=False, quiet=True)
    try:
        yield demo.local_url
    finally:
        demo.close(verbose=False)
        store.close()


def start_quiz(page, n: int, seed: int) -> None:
    """Open the Quiz tab, set how many questions and the seed, press Start and wait for question 1."""
    page.get_by_role("tab", name="Quiz").click()
    for selector, value in (("#rq-quiz-n input[type=number]", str(n)), ("#rq-quiz-seed input", str(seed))):
        field = page.locator(selector)
        field.wait_for(state="visible", timeout=BROWSER_WAIT)
        for _ in range(50):  # a tab just shown may still be writing its initial values
            field.fill(value)
            field.press("Enter")
            page.wait_for_function("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
            if field.input_value() == value:
                break
    page.locator("#rq-quiz-start").click()
    page.wait_for_function(
        f"(document.querySelector('#rq-quiz-question .rq-label') || {{}}).textContent?.startsWith('Question 1 of {n}')",
        timeout=BROWSER_WAIT,
    )
