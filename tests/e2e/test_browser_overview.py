"""A broad question's overview in the app (issue 25), in headless Chromium at 1366×900 and 390×844, light and dark:
its points under the headings of their sections, each with its references; a term the review never uses said
plainly above the answer; nothing overflows a phone. Screenshots: tests/e2e/artifacts/overview-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import BROWSER_WAIT, ask_in_page
from page_checks import OVERFLOW

from reviewqa.chat.turn import respond

pytestmark = [pytest.mark.browser, pytest.mark.model]

ARTIFACTS = Path(__file__).parent / "artifacts"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
BROAD = "Why don't some lung tumours respond to immune checkpoint inhibitors?"
COLD = "what are cold tumours?"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_broad_answer_shows_its_points_under_their_headings(chromium, real_app_url, assistant, size, scheme):
    width, height = SIZES[size]
    context = chromium.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    page.goto(real_app_url)
    page.locator("#rq-question textarea").wait_for(timeout=BROWSER_WAIT)
    page.wait_for_function("document.body.dataset.rqConversation === 'ready'", timeout=BROWSER_WAIT)
    ask_in_page(page, COLD)
    note = page.locator("#rq-chat .rq-term-note").first
    assert note.inner_text().startswith("The review does not use the term 'cold tumours'")
    ask_in_page(page, BROAD)
    assert page.locator("#rq-chat .user-row").last.inner_text().strip() == BROAD  # "don't" as typed
    answer = respond(assistant, BROAD, history=[COLD]).reply.answer  # asked after COLD, as in the page
    last = page.locator("#rq-chat .rq-reply").last
    headings = last.locator(".rq-answer-heading").all_inner_texts()
    assert answer.grouped and headings == [heading for heading, _ in answer.groups()]
    assert last.locator(".rq-answer-item").count() == len(answer.sentences)
    assert last.locator(".rq-answer-item .rq-chip").count() == sum(len(s.refs) for s in answer.sentences)
    overflow = page.evaluate(OVERFLOW)
    assert overflow["scrollWidth"] <= overflow["width"] and overflow["elements"] == [], overflow
    last.locator(".rq-answer").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"overview-{size}-{scheme}.png"))
    deeper = last.locator(".rq-deeper")
    if size == "desktop" and scheme == "light" and deeper.count():  # a deeper passage opens in the reader
        chunk_id = deeper.first.inner_text().strip()
        deeper.first.click()
        page.locator(f"#rq-reader .rq-target.rq-at-{chunk_id}").wait_for(timeout=BROWSER_WAIT)
    context.close()
