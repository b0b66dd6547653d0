"""A newcomer's first hour in the app (issue 23), in headless Chromium at 1366×900 and 390×844, light and dark: the
question box stays on screen after an answer and after a follow-up; every tab is in sight (no '⋯' menu); nothing
overflows and no text lies under a floating control; the Reader opens with the tab bar (and, on a desktop, its
contents) in view; "Collected ✓" survives a reload; the quiz keeps option D in view beside its feedback, rates in
plain words and counts only what is due now. Screenshots: artifacts/first-hour-*.png."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import BROWSER_WAIT, ask_in_page, serving_with_store, start_quiz
from page_checks import OVERFLOW, UNDER_FLOATING
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = [pytest.mark.browser, pytest.mark.model]

WAIT = BROWSER_WAIT  # ms (tests/helpers.py)
ARTIFACTS = Path(__file__).parent / "artifacts"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
SCREENS = [(size, scheme) for size in SIZES for scheme in ("light", "dark")]
QUESTION = "What drives EGFR-TKI resistance?"
FOLLOW_UP = "and for immunotherapy?"
# the whole box of `selector` is inside the window
ON_SCREEN = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
}"""
TAB_BAR = "[role=tablist]:not(.visually-hidden [role=tablist])"  # the app's tab bar, not Gradio's measuring copy


@pytest.fixture(scope="module")
def app_url(app_module, assistant, tmp_path_factory):
    """The app with a study store of this module's own (notebooks and quiz history here meet no other test's)."""
    with serving_with_store(app_module, assistant, tmp_path_factory.mktemp("first-hour") / "data") as url:
        yield url


def _page(chromium, url: str, size: str, scheme: str):
    width, height = SIZES[size]
    page = chromium.new_context(viewport={"width": width, "height": height}, color_scheme=scheme).new_page()
    page.goto(url)
    page.locator("#rq-question textarea").wait_for(timeout=WAIT)
    page.wait_for_function("document.body.dataset.rqConversation === 'ready'", timeout=WAIT)  # the replay is in
    return page


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"first-hour-{name}.png"))


def _no_overflow(page) -> None:
    overflow = page.evaluate(OVERFLOW)
    assert overflow["scrollWidth"] <= overflow["width"] and overflow["elements"] == [], overflow


def _nothing_under_a_floating_control(page) -> None:
    """No control floats over text where the page stands (a bar such as the question box aside: the page scrolls
    under it), and at the end of the page nothing does, bars included (the last line scrolls clear of them)."""
    assert page.evaluate(UNDER_FLOATING, False) == []
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert page.evaluate(UNDER_FLOATING, True) == []


@pytest.mark.parametrize(("size", "scheme"), SCREENS)
def test_the_question_box_stays_on_screen_and_every_tab_is_in_sight(chromium, app_module, app_url, size, scheme):
    page = _page(chromium, app_url, size, scheme)
    visible_tabs = page.locator(f"{TAB_BAR} [role=tab]:visible").all_inner_texts()
    assert visible_tabs == [label for label, _ in app_module.TABS]  # every tab of the app, a new one too
    assert page.get_by_label("More tabs").count() == 0  # none hidden behind '⋯'
    ask_in_page(page, QUESTION)
    page.wait_for_function(ON_SCREEN, arg="#rq-chat .rq-answer .rq-label", timeout=WAIT)  # its answer in view
    assert page.evaluate(ON_SCREEN, "#rq-composer")
    # each sentence ends in its reference numbers, in its line: no row of chips of its own
    item = page.locator(".rq-answer-item").first
    assert item.locator(".rq-chips").count() == 0 and item.locator(".rq-chip.rq-inline summary").count() >= 1
    number = item.locator(".rq-chip.rq-inline summary").first
    sentence_box, number_box = item.locator(".rq-sentence").bounding_box(), number.bounding_box()
    assert number_box["y"] < sentence_box["y"] + sentence_box["height"]  # on the sentence's last line, not below
    _shot(page, f"answer-{size}-{scheme}")
    ask_in_page(page, FOLLOW_UP)
    assert page.evaluate(ON_SCREEN, "#rq-composer")
    _shot(page, f"followup-{size}-{scheme}")
    number = page.locator(".rq-answer-item .rq-chip.rq-inline summary").first
    number.click()  # a tap opens the citation under the sentence
    assert page.locator(".rq-answer-item .rq-chip.rq-inline[open] .rq-cite").first.is_visible()
    _no_overflow(page)
    _nothing_under_a_floating_control(page)
    page.context.close()


@pytest.mark.parametrize(("size", "scheme"), SCREENS)
def test_the_reader_opens_with_the_tab_bar_in_view_and_nothing_over_its_text(chromium, app_url, review, size, scheme):
    page = _page(chromium, app_url, size, scheme)
    ask_in_page(page, QUESTION)
    cards = page.locator("#rq-chat .rq-reply").last.locator(".rq-card").filter(has_not=page.locator(".rq-fields"))
    card = cards.nth(1)  # a passage of text some way into its section
    chunk_id = re.search(r"rq-chunk-(\S+)", card.get_attribute("class")).group(1)
    target = f"#rq-reader .rq-target.rq-at-{chunk_id}"
    for attempt in range(2):  # on a very busy machine a phone has once shown the Reader with its bar scrolled away:
        card.locator(".rq-read").click()  # a second click places it, as it would for a user (docs/RELIABILITY.md)
        page.locator(target).wait_for(timeout=WAIT)
        try:
            page.wait_for_function(ON_SCREEN, arg=TAB_BAR, timeout=WAIT // 2)
            break
        except PlaywrightTimeout:
            if attempt:
                _shot(page, f"reader-bar-away-{size}-{scheme}")  # what the window showed, for the log
                bars = page.evaluate(
                    "[...document.querySelectorAll('[role=tablist]')].map(e => [e.className,"
                    " e.closest('#rq-tabs') !== null, JSON.stringify(e.getBoundingClientRect()),"
                    " window.scrollY, window.innerHeight])"
                )
                raise AssertionError(f"the tab bar stayed out of view: {bars}") from None
            page.get_by_role("tab", name="Ask").first.click()
    assert page.evaluate(ON_SCREEN, ".rq-reader-bar .rq-back")  # the way back, in the bar
    page.wait_for_function(
        f"(() => {{ const r = document.querySelector('{target}').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight - 100; })()",
        timeout=WAIT,
    )
    selected = page.locator(f"{TAB_BAR} [role=tab][aria-selected=true]").inner_text()
    assert selected == "Reader"
    if size == "desktop":  # the contents beside the text, from the top
        assert page.evaluate("document.querySelector('#rq-reader .rq-toc').getBoundingClientRect().top") < 300
    section = [c.id for c in review.chunks if c.top_section == review.chunk(chunk_id).top_section]
    folded = section.index(chunk_id)  # the passages before it, folded above it
    if folded:
        summary = page.locator("#rq-reader .rq-earlier > summary")
        assert summary.inner_text() == f"Earlier in this section ({folded} passage{'s' if folded != 1 else ''})"
    _shot(page, f"reader-{size}-{scheme}")
    _no_overflow(page)
    _nothing_under_a_floating_control(page)
    page.context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_a_late_table_row_opens_with_the_tab_bar_and_the_row_in_view(chromium, app_url, size):
    """Row 10 of Table I's 14: the rows before it fold above it; the Reader opens at the tab bar, the row in view."""
    page = _page(chromium, app_url, size, "light")
    ask_in_page(page, "lung-on-a-chip fibroblast HGF/c-MET Tan 2024")
    page.locator("#rq-chat .rq-reply").last.locator(".rq-card.rq-chunk-t1-r10 .rq-read").first.click()
    target = "#rq-reader .rq-target.rq-at-t1-r10"
    page.locator(target).wait_for(timeout=WAIT)
    page.wait_for_function(ON_SCREEN, arg=TAB_BAR, timeout=WAIT)
    page.wait_for_function(
        f"(() => {{ const r = document.querySelector('{target}').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight - 60; })()",
        timeout=WAIT,
    )
    caption = page.locator("#rq-reader table.rq-review-table:has(tr.rq-target) caption").inner_text()
    assert caption.endswith("(rows 10-14 of 14)")
    _shot(page, f"reader-table-row-{size}-light")
    _no_overflow(page)
    page.context.close()


def test_collected_is_shown_again_after_a_reload(chromium, app_url):
    page = _page(chromium, app_url, "desktop", "light")
    ask_in_page(page, "How do CAFs block drug delivery?")
    card = page.locator("#rq-chat .rq-reply").last.locator(".rq-card").first
    chunk_id = re.search(r"rq-chunk-(\S+)", card.get_attribute("class")).group(1)
    card.locator(".rq-collect").click()
    page.wait_for_function(
        f"document.querySelector('#rq-collect-status .rq-collected-ids').textContent.split(' ').includes('{chunk_id}')",
        timeout=WAIT,
    )
    page.reload()
    page.wait_for_function("document.body.dataset.rqConversation === 'ready'", timeout=WAIT)
    again = page.locator(f"#rq-chat .rq-card.rq-chunk-{chunk_id} .rq-collect").first
    again.wait_for(timeout=WAIT)
    page.wait_for_function(
        f"document.querySelector('#rq-chat .rq-card.rq-chunk-{chunk_id} .rq-collect').textContent === 'Collected ✓'",
        timeout=WAIT,
    )
    others = page.locator("#rq-chat .rq-card .rq-collect").all_inner_texts()
    assert others.count("Collected ✓") == len(page.locator(f"#rq-chat .rq-card.rq-chunk-{chunk_id}").all())
    assert "Collect" in others  # the passages not in the notebook say so
    page.context.close()


@pytest.fixture
def fresh_app_url(app_module, assistant, tmp_path, free_port):
    """The app with an empty study store of this test's own: what is due depends on this test's answers only."""
    with serving_with_store(app_module, assistant, tmp_path / "data", free_port) as url:
        yield url


# the last of the visible options (D) is wholly inside the window
LAST_OPTION_ON_SCREEN = """() => {
  const options = [...document.querySelectorAll('#rq-quiz-options .rq-option')].filter((b) => b.checkVisibility());
  const r = options[options.length - 1].getBoundingClientRect();
  return options.length === 4 && r.top >= 0 && r.bottom <= window.innerHeight;
}"""


@pytest.mark.parametrize(("size", "scheme"), [("desktop", "light"), ("desktop", "dark"), ("phone", "light")])
def test_quiz_option_d_in_view_plain_ratings_and_due_now(chromium, fresh_app_url, review, size, scheme):
    from reviewqa.quiz.session import QuizSession

    first, second, _ = QuizSession.start(n=3, seed=1, review=review).items
    assert first.type == "cloze" and len(second.options) == 4
    page = _page(chromium, fresh_app_url, size, scheme)
    page.evaluate("window.scrollTo(0, 0)")
    start_quiz(page, 3, 1)
    page.locator("#rq-quiz-answer input, #rq-quiz-answer textarea").first.fill(first.answer)
    page.locator("#rq-quiz-submit").click()
    page.wait_for_selector("#rq-quiz-feedback .rq-right", timeout=WAIT)
    page.locator("#rq-quiz-schedule .rq-schedule").wait_for(timeout=WAIT)
    schedule = page.locator("#rq-quiz-schedule").inner_text()
    assert schedule.startswith("Recorded as Knew it: next review in 10 minutes.")
    assert "learning steps" in schedule and not re.search(r"\b(again|good)\b", schedule)
    assert page.locator("#rq-quiz-rating button").all_inner_texts() == ["Forgot", "Hard", "Knew it", "Easy"]
    options = page.locator("#rq-quiz-options .rq-option:visible")
    assert options.all_inner_texts() == [f"{letter}. {option}" for letter, option in zip("ABCD", second.options)]
    if size == "desktop":  # the feedback beside the question: all four options on screen, without scrolling
        assert page.evaluate("window.scrollY") == 0
        assert page.evaluate(LAST_OPTION_ON_SCREEN)
        assert page.evaluate(ON_SCREEN, "#rq-quiz-feedback .rq-verdict")
    _shot(page, f"quiz-{size}-{scheme}")
    # answered right a moment ago: its 10-minute learning step is not over, so it is due today but not now (or, in
    # the ten minutes before the study day ends at 4 a.m., tomorrow: the suite once ran there)
    from datetime import timedelta

    from reviewqa.memory.clock import utc_now
    from reviewqa.memory.scheduling import due_cutoff

    now = utc_now()
    today = int(now + timedelta(minutes=11) < due_cutoff(now))
    page.locator("#rq-progress").get_by_text("Your progress").click()
    page.wait_for_function(
        "(document.querySelector('#rq-progress-line') || {}).textContent"
        f"?.trim().startsWith('1 item seen · 0 due now, {today} today')",
        timeout=WAIT,
    )
    assert page.locator("#rq-quiz-due").inner_text() == "Review due (0)"
    page.locator("#rq-quiz-due").click()
    page.wait_for_function(
        "(document.querySelector('#rq-quiz-question') || {}).textContent?.includes("
        "'Nothing is due now: the next review is in ')",
        timeout=WAIT,
    )
    assert "learning steps" in page.locator("#rq-quiz-question").inner_text()
    start_quiz(page, 3, 1)
    page.locator("#rq-quiz-answer input, #rq-quiz-answer textarea").first.fill(first.answer)
    page.locator("#rq-quiz-submit").click()
    page.locator("#rq-quiz-options .rq-option:visible").first.wait_for(timeout=WAIT)
    wrong = next(option for option in second.options if option != second.answer)
    page.locator("#rq-quiz-options .rq-option:visible", has_text=wrong).first.click()
    page.wait_for_selector("#rq-quiz-feedback .rq-wrong", timeout=WAIT)
    page.wait_for_function(
        "document.querySelector('#rq-quiz-schedule').textContent"
        ".includes('Recorded as Forgot: next review in 1 minute.')",
        timeout=WAIT,
    )
    page.locator("#rq-rate-hard").click()
    page.wait_for_function(
        "document.querySelector('#rq-quiz-schedule').textContent.trim().startsWith('Rated Hard: next review in ')",
        timeout=WAIT,
    )
    if size == "phone":
        _no_overflow(page)
    page.context.close()
