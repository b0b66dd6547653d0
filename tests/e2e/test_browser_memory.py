"""Study memory in the browser: a passage collected and a quiz answer survive a restart of `reviewqa serve` and a
reload (the conversation too); an unwritable data folder is one line and the app still answers. Screenshots of
the Notebooks and Quiz tabs at desktop and phone sizes, light and dark."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import BROWSER_WAIT, open_tab, reload_after_restart

from reviewqa.chat.turn import answered_json

pytestmark = [pytest.mark.browser, pytest.mark.model]

WAIT = BROWSER_WAIT  # ms (tests/helpers.py)
ARTIFACTS = Path(__file__).parent / "artifacts"
QUESTION = "How do CAFs block drug delivery?"
# The progress chart has drawn: its plot (a canvas or an SVG) is laid out with a size.
CHART_DRAWN = (
    "[...document.querySelectorAll('#rq-progress-chart canvas, #rq-progress-chart svg')]"
    ".some(e => e.getBoundingClientRect().height > 50)"
)


def _serve(index_dir, data_dir, port=None):
    """`reviewqa serve` in a process of its own, its study store in `data_dir`."""
    from helpers import load_driver

    env = {**os.environ, "HF_HUB_OFFLINE": "1", "REVIEWQA_DATA_DIR": str(data_dir)}
    driver = load_driver()
    return driver, *driver.serve(str(index_dir), env=env, port=port)


def _text(selector: str) -> str:
    """A script expression: the trimmed text of the first element matching `selector` ('' when there is none)."""
    return f"((document.querySelector('{selector}') || {{}}).textContent || '').trim()"


def _first_card_id(page) -> str:
    import re

    classes = page.locator(".rq-reply").last.locator(".rq-card").first.get_attribute("class")
    return re.search(r"rq-chunk-(\S+)", classes).group(1)


def _collect_and_answer(page, url, review) -> tuple[str, str]:
    from reviewqa.quiz.session import QuizSession

    page.goto(url)
    page.locator("#rq-question textarea").fill(QUESTION)
    page.locator("#rq-send").click()
    page.wait_for_selector(".rq-reply .rq-card", timeout=WAIT)
    chunk_id = _first_card_id(page)
    page.locator(".rq-reply").last.locator(".rq-card").first.locator(".rq-collect").click()
    status = "document.querySelector('#rq-collect-status .rq-status').textContent"
    page.wait_for_function(f"{status}.startsWith('1 passage in notebook ‘default’')", timeout=WAIT)
    (item,) = QuizSession.start(n=1, seed=1, review=review).items
    open_tab(page, "Quiz")
    page.locator("#rq-quiz-n input[type=number]").fill("1")
    page.locator("#rq-quiz-n input[type=number]").press("Enter")
    page.locator("#rq-quiz-seed input").fill("1")
    page.locator("#rq-quiz-start").click()
    page.wait_for_function(
        "(document.querySelector('#rq-quiz-question .rq-label') || {}).textContent?.startsWith('Question 1 of 1')",
        timeout=WAIT,
    )
    page.locator("#rq-quiz-answer input, #rq-quiz-answer textarea").first.fill(item.answer)
    page.locator("#rq-quiz-submit").click()
    page.wait_for_selector("#rq-quiz-schedule .rq-schedule", timeout=WAIT)
    assert "Recorded as Knew it: next review in 10 minutes." in page.locator("#rq-quiz-schedule").inner_text()
    return chunk_id, item.key


def test_a_collected_passage_and_an_answer_survive_a_restart_and_a_reload(
    chromium, real_index_dir, tmp_path, review, free_port
):
    data_dir = tmp_path / "data"
    driver, server, url = _serve(real_index_dir, data_dir, free_port)
    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        chunk_id, key = _collect_and_answer(page, url, review)
    finally:
        driver.stop(server)
    driver, server, url = _serve(real_index_dir, data_dir, free_port)  # the same address: a restart
    try:
        reload_after_restart(page)
        page.wait_for_selector("#rq-chat .rq-card", timeout=WAIT)  # the conversation, answered again
        assert QUESTION in page.locator("#rq-chat").inner_text()
        status = "document.querySelector('#rq-collect-status .rq-status').textContent"
        page.wait_for_function(f"{status}.startsWith('1 passage in notebook ‘default’')", timeout=WAIT)
        collect = f"#rq-chat .rq-card.rq-chunk-{chunk_id} .rq-collect"  # the card, drawn again, says it is kept
        page.wait_for_function(f"{_text(collect)} === 'Collected ✓'", timeout=WAIT)
        open_tab(page, "Notebooks")
        page.locator(f"#rq-collection .rq-card.rq-chunk-{chunk_id}").wait_for(timeout=WAIT)
        open_tab(page, "Quiz")
        page.locator("#rq-progress").get_by_text("Your progress").click()
        # answered right minutes ago: due later today (its 10-minute learning step), not now
        seen = "1 item seen · 0 due now, 1 today"
        page.wait_for_function(f"{_text('#rq-progress-line')}.startsWith('{seen}')", timeout=WAIT)
        assert page.locator("#rq-quiz-due").inner_text() == "Review due (0)"
        page.locator("#rq-quiz-due").click()
        nothing = "Nothing is due now: the next review is in "
        page.wait_for_function(f"{_text('#rq-quiz-question')}.startsWith('{nothing}')", timeout=WAIT)
        _screenshots(chromium, url, context.cookies())
    finally:
        context.close()
        driver.stop(server)
    from reviewqa.memory.database import Store
    from reviewqa.memory.history import History

    assert [k for k, *_ in History(Store.open(data_dir), "local").answers()] == [key]


def _screenshots(chromium, url: str, cookies) -> None:
    """The Notebooks and Quiz tabs at desktop (1366×900) and phone (390×844) sizes, light and dark."""
    ARTIFACTS.mkdir(exist_ok=True)
    for size, (width, height) in (("desktop", (1366, 900)), ("phone", (390, 844))):
        for scheme in ("light", "dark"):
            context = chromium.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
            page = context.new_page()
            page.goto(url + ("?__theme=dark" if scheme == "dark" else ""))
            open_tab(page, "Notebooks")
            page.locator("#rq-collection .rq-card").first.wait_for(timeout=WAIT)
            page.screenshot(path=str(ARTIFACTS / f"memory-notebooks-{size}-{scheme}.png"), full_page=True)
            open_tab(page, "Quiz")
            page.locator("#rq-progress").get_by_text("Your progress").click()
            page.wait_for_function(
                "(document.querySelector('#rq-progress-line') || {}).textContent?.includes('seen')", timeout=WAIT
            )
            page.wait_for_function(CHART_DRAWN, timeout=WAIT)  # the chart draws after its data arrives
            page.screenshot(path=str(ARTIFACTS / f"memory-quiz-{size}-{scheme}.png"), full_page=True)
            context.close()


def test_an_unwritable_data_folder_is_one_line_and_the_app_still_answers(real_index_dir, tmp_path, assistant):
    from gradio_client import Client

    (tmp_path / "file").write_text("not a folder")
    driver, server, url = _serve(real_index_dir, tmp_path / "file" / "data")
    said = [line for line in server.startup_lines if line.startswith("reviewqa serve:")]
    assert said == [
        f"reviewqa serve: notebooks and quiz history are off: cannot create the data folder {tmp_path}/file/data: "
        "Not a directory\n"
    ]
    try:
        answer = Client(url, verbose=False).predict("What drives EGFR-TKI resistance?", api_name="/ask")
    finally:
        driver.stop(server)
    expected = answered_json(assistant, assistant.search("What drives EGFR-TKI resistance?"))
    assert answer == json.loads(json.dumps(expected))
