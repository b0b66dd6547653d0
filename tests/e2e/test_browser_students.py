"""The app as a student meets it (issue 15), in headless Chromium at 1366×900 and 390×844, light and dark: the
question shows at once and the top of its reply comes into view; nothing overflows a phone, no box scrolls inside the
page, touch targets are 44 px; every text measured meets WCAG AA; every font weight is served whole; the quiz's
lettered options, keys and Retry missed; the glossary's search and its link to a passage; the notebook's files first
and Undo. The README's screenshots are taken here."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import BROWSER_WAIT, REPO, ask_in_page, open_tab, serving_with_store, start_quiz
from page_checks import CONTRAST, FONT_FALLBACK, NESTED_SCROLLERS, OVERFLOW, SMALL_TARGETS

pytestmark = [pytest.mark.browser, pytest.mark.model]

WAIT = BROWSER_WAIT  # ms (tests/helpers.py)
ARTIFACTS = Path(__file__).parent / "artifacts"
DOCS = REPO / "docs"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
QUESTION = "What drives EGFR-TKI resistance?"
FOLLOW_UP = "and for immunotherapy?"
# the top of the last reply (its question just above) is inside the window
REPLY_IN_VIEW = """(n) => {
  const rows = [...document.querySelectorAll('#rq-chat .bot-row')].filter((r) => r.querySelector('.rq-reply'));
  if (rows.length < n) return false;
  const top = rows[n - 1].getBoundingClientRect().top;
  return top >= 0 && top < window.innerHeight - 120;
}"""


@pytest.fixture(scope="module")
def app_url(app_module, assistant, tmp_path_factory):
    """The app with a study store of this module's own (notebooks here do not meet other tests')."""
    with serving_with_store(app_module, assistant, tmp_path_factory.mktemp("students") / "data") as url:
        yield url


def _page(chromium, url: str, size: str = "desktop", scheme: str = "light"):
    width, height = SIZES[size]
    context = chromium.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(url)
    page.locator("#rq-question textarea").wait_for(timeout=WAIT)
    page.wait_for_function("document.body.dataset.rqConversation === 'ready'", timeout=WAIT)  # the replay is in
    return page


# Gradio fades an output while its event runs ('.pending') and fades it back after: colours are measured once
# neither is under way (endless animations, such as the 'searching…' dots, aside).
SETTLED = """() => !document.querySelector('.pending') && document.getAnimations().every(
  (a) => a.playState !== 'running' || a.effect.getComputedTiming().iterations === Infinity)"""


def _contrast(page, scheme: str, state: str) -> float:
    """Every text of the page measured; fails below AA; the lowest ratio is kept in artifacts/contrast-SCHEME.json."""
    page.wait_for_function(SETTLED, timeout=WAIT)  # no output faded while it updates, no fade still running
    measured = page.evaluate(CONTRAST, "body")
    assert measured, state
    failing = [m for m in measured if m["ratio"] < m["needed"]]
    assert failing == [], f"{scheme} · {state}: {failing[:8]}"
    lowest = min(measured, key=lambda m: m["ratio"])
    ARTIFACTS.mkdir(exist_ok=True)
    record = ARTIFACTS / f"contrast-{scheme}.json"
    kept = json.loads(record.read_text()) if record.exists() else {}
    kept[state] = {"texts": len(measured), "lowest": lowest}
    record.write_text(json.dumps(kept, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    return lowest["ratio"]


def _phone_checks(page, scope: str) -> None:
    overflow = page.evaluate(OVERFLOW)
    assert overflow["scrollWidth"] <= overflow["width"] and overflow["elements"] == [], overflow
    assert page.evaluate(NESTED_SCROLLERS, scope) == []


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_question_shows_at_once_and_the_top_of_each_reply_comes_into_view(chromium, app_url, size, scheme):
    page = _page(chromium, app_url, size, scheme)
    held = []  # after the page's own load events (`_page` waits for them), the only queued event is the search:
    page.route("**/gradio_api/queue/join*", lambda route: held.append(route))  # it waits until 'searching' is seen
    page.locator("#rq-question textarea").fill(QUESTION)
    page.locator("#rq-send").click()
    page.locator("#rq-chat .rq-searching").wait_for(timeout=WAIT)
    assert page.locator("#rq-chat .user-row").first.inner_text().strip() == QUESTION
    assert page.locator("#rq-chat .rq-searching").inner_text().startswith("Searching the review")
    assert (
        page.evaluate("document.querySelector('#rq-chat .rq-searching').getBoundingClientRect().bottom")
        <= (SIZES[size][1])
    )
    for route in held:
        route.continue_()
    page.unroute("**/gradio_api/queue/join*")
    page.wait_for_function("document.querySelectorAll('#rq-chat .rq-reply').length === 1", timeout=WAIT)
    page.wait_for_function(REPLY_IN_VIEW, arg=1, timeout=WAIT)
    assert page.locator("#rq-chat .rq-searching").count() == 0
    assert page.evaluate("document.querySelector('.rq-answer').getBoundingClientRect().top") < SIZES[size][1]
    ask_in_page(page, FOLLOW_UP)  # a second reply: its top comes into view, not the bottom of the chat
    page.wait_for_function(REPLY_IN_VIEW, arg=2, timeout=WAIT)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"students-followup-{size}-{scheme}.png"))
    page.locator("#rq-new-conversation").click()  # New conversation still clears it
    page.wait_for_function("document.querySelectorAll('#rq-chat .rq-reply').length === 0", timeout=WAIT)
    ask_in_page(page, QUESTION)
    page.wait_for_function(REPLY_IN_VIEW, arg=1, timeout=WAIT)
    page.locator(".rq-answer .rq-chip summary").first.click()
    page.screenshot(path=str(ARTIFACTS / f"students-answer-{size}-{scheme}.png"))
    if scheme == "light" and size == "phone":  # the desktop answer of the README is test_browser_reader's
        page.screenshot(path=str(DOCS / "phone.png"))
    _contrast(page, scheme, f"answer, a chip open ({size})")
    if size == "phone":
        _phone_checks(page, "#rq-tab-ask")
        assert not page.locator("#rq-k").is_visible()  # the options start folded under 'Options'
        assert page.locator("#rq-options").get_by_text("Options").is_visible()
        assert page.evaluate(SMALL_TARGETS, "#rq-chat, #rq-composer, #rq-examples, #rq-side") == []
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_plain_words_and_no_strength_on_what_the_review_does_not_answer(chromium, app_url, scheme):
    page = _page(chromium, app_url, "desktop", scheme)
    _contrast(page, scheme, "Ask tab, options open (slider ends, placeholder, examples)")
    assert page.locator("#rq-k .min_value").inner_text() == "1"
    page.locator("#rq-advanced").get_by_text("Advanced").click()
    page.locator("#rq-mode").wait_for(timeout=WAIT)
    assert page.locator("#rq-mode label").all_inner_texts()[:3] == [
        "meaning + keywords (recommended)",
        "meaning only",
        "keywords only",
    ]
    kinds = page.locator("#rq-kinds label").all_inner_texts()
    assert kinds[:4] == ["passages", "table rows", "figures", "references"]
    assert "front matter" not in " ".join(kinds) and "hybrid" not in page.locator("#rq-side").inner_text()
    _contrast(page, scheme, "Advanced open")
    ask_in_page(page, "what is the recommended dose of adagrasib?")
    reply = page.locator("#rq-chat .rq-reply").last
    assert reply.locator(".rq-notice").is_visible() and reply.locator(".rq-card").count() > 0
    assert reply.locator(".rq-score").count() == 0 and "match" not in reply.inner_text()
    _contrast(page, scheme, "not-answered notice")
    page.context.close()


def test_every_font_weight_is_served_whole_and_nothing_comes_from_the_network(chromium, app_url):
    page = _page(chromium, app_url)
    ask_in_page(page, QUESTION)
    page.get_by_role("tab", name="Quiz").click()
    page.locator("#rq-quiz-start").wait_for(timeout=WAIT)
    fonts = page.evaluate(FONT_FALLBACK)
    drawn = {(f["family"], int(f["weight"])) for f in fonts if f["served"]}
    assert ("Source Sans Pro", 400) in drawn and any(w >= 600 for f, w in drawn if f == "Source Sans Pro")
    # Gradio's 600 file holds a few glyphs only: the theme serves 400 and 700, and 600 is drawn with the 700 face
    faces = page.evaluate("[...document.fonts].filter(f => f.family.includes('Source Sans Pro')).map(f => f.weight)")
    assert sorted(set(faces)) == ["400", "700"]
    assert [f for f in fonts if f["served"] and f["fallsBack"]] == []
    assert all(url.startswith(app_url.rstrip("/")) for url in page.requests)
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_quiz_letters_keys_feedback_and_retry_missed(chromium, app_url, review, scheme):
    from reviewqa.quiz.session import QuizSession

    first, second, third = QuizSession.start(n=3, seed=1, review=review).items
    assert (first.type, second.type) == ("cloze", "mc")
    page = _page(chromium, app_url, "desktop", scheme)
    start_quiz(page, 3, 1)
    page.locator("#rq-quiz-answer input, #rq-quiz-answer textarea").first.fill(first.answer)
    page.locator("#rq-quiz-submit").click()
    page.wait_for_selector("#rq-quiz-feedback .rq-right", timeout=WAIT)
    feedback = page.locator("#rq-quiz-feedback")
    assert first.sentence in feedback.inner_text() and "Source: passage" not in feedback.inner_text()
    assert feedback.locator(".rq-more > summary").inner_text() == "show passage and references"
    labels = page.locator("#rq-quiz-options .rq-option:visible").all_inner_texts()
    assert labels == [f"{letter}. {option}" for letter, option in zip("ABCD", second.options)]
    _contrast(page, scheme, "quiz: right answer, next question lettered")
    wrong = next(i for i, option in enumerate(second.options) if option != second.answer)
    page.locator("body").click(position={"x": 5, "y": 5})  # no text box has the focus: the keys choose
    page.keyboard.press(str(wrong + 1))
    page.wait_for_selector("#rq-quiz-feedback .rq-wrong", timeout=WAIT)
    text = page.locator("#rq-quiz-feedback").inner_text()
    assert f"you answered: {second.options[wrong]}" in text and f"Answer: {second.answer}" in text
    skip = page.locator("#rq-quiz-skip")
    assert skip.is_visible() and skip.bounding_box()["width"] < 200  # a small secondary button, not a bar
    page.screenshot(path=str(ARTIFACTS / f"students-quiz-{scheme}.png"))
    if scheme == "dark":
        page.screenshot(path=str(DOCS / "quiz-dark.png"))
    page.locator("#rq-quiz-feedback .rq-more > summary").click()
    assert f"Source: passage {second.chunk_id}" in page.locator("#rq-quiz-feedback").inner_text()
    _contrast(page, scheme, "quiz: wrong answer, passage and references open")
    skip.click()  # the third, skipped: two missed
    page.wait_for_selector("#rq-quiz-question .rq-final", timeout=WAIT)
    retry = page.locator("#rq-quiz-retry")
    assert retry.inner_text() == "Retry missed (2)"
    _contrast(page, scheme, "quiz: final score and the missed items")
    retry.click()
    page.wait_for_function(
        "(document.querySelector('#rq-quiz-question .rq-label') || {}).textContent?.startsWith('Question 1 of 2')",
        timeout=WAIT,
    )
    assert page.locator("#rq-quiz-question .rq-question").inner_text() == second.question
    page.context.close()


@pytest.mark.parametrize(("size", "scheme"), [("desktop", "dark"), ("phone", "light")])
def test_glossary_search_finds_mdscs_and_links_to_its_passage(chromium, app_url, assistant, size, scheme):
    page = _page(chromium, app_url, size, scheme)
    open_tab(page, "Glossary")
    search = page.locator("#rq-glossary-search input, #rq-glossary-search textarea").first
    search.wait_for(timeout=WAIT)
    search.fill("mdsc")
    page.wait_for_function(
        "[...document.querySelectorAll('.rq-gloss-row')].filter((r) => !r.hidden).length === 1", timeout=WAIT
    )
    row = page.locator(".rq-gloss-row:visible")
    assert row.locator(".rq-define").inner_text() == "MDSCs" and "myeloid-derived suppressor cells" in row.inner_text()
    search.fill("myeloid suppressor")  # words of the long form find it too
    page.wait_for_function(
        "[...document.querySelectorAll('.rq-gloss-row')].filter((r) => !r.hidden).length === 1", timeout=WAIT
    )
    search.fill("no such thing")
    page.locator(".rq-gloss-none").wait_for(timeout=WAIT)
    search.fill("MDSCs")
    _contrast(page, scheme, f"glossary, searched ({size})")
    if size == "phone":
        _phone_checks(page, "#rq-tab-glossary")
    page.locator(".rq-gloss-row:visible .rq-define").click()
    page.locator("#rq-chat .rq-gloss").wait_for(timeout=WAIT)
    reply = page.locator("#rq-chat .rq-reply").last
    explaining = assistant.search("what are MDSCs?", k=1).hits[0].chunk.id
    assert "myeloid-derived suppressor cells" in reply.locator(".rq-gloss").inner_text()
    assert re.search(r"rq-chunk-(\S+)", reply.locator(".rq-card").get_attribute("class")).group(1) == explaining
    _contrast(page, scheme, f"define MDSCs in the chat ({size})")
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_notebook_files_come_first_and_remove_can_be_undone(chromium, app_url, scheme):
    page = _page(chromium, app_url, "desktop", scheme)
    name = f"students {scheme}"
    page.get_by_role("tab", name="Notebooks").click()
    page.locator("#rq-notebook-name input").fill(name)
    page.locator("#rq-notebook-create").click()
    page.wait_for_function(
        f"(document.querySelector('#rq-notebook-pick input') || {{}}).value === {json.dumps(name)}", timeout=WAIT
    )
    page.get_by_role("tab", name="Ask").click()
    ask_in_page(page, "How do CAFs block drug delivery?")
    cards = page.locator("#rq-chat .rq-reply").last.locator(".rq-card")
    for n in (0, 1):
        cards.nth(n).locator(".rq-collect").click()
        page.wait_for_function(
            f"document.querySelector('#rq-collect-status .rq-status').textContent.startsWith('{n + 1} passage')",
            timeout=WAIT,
        )
    page.get_by_role("tab", name="Notebooks").click()
    listed = page.locator("#rq-collection .rq-card")
    listed.nth(1).wait_for(timeout=WAIT)
    for button in ("#rq-download-md", "#rq-download-bib", "#rq-download-ris", "#rq-download-csl"):
        assert page.locator(button).bounding_box()["y"] + 40 < SIZES["desktop"][1]  # above the fold
    assert page.locator("#rq-notebook-style label").all_inner_texts() == ["Vancouver (as the review)", "APA 7"]
    first = re.search(r"rq-chunk-(\S+)", listed.first.get_attribute("class")).group(1)
    listed.first.locator(".rq-uncollect").click()
    page.locator("#rq-undo-button").wait_for(timeout=WAIT)
    # The message itself: Gradio may still show its queue indicator ('queue: 1/1 | 0.2s') in the row around it.
    assert page.locator("#rq-undo .rq-removed").inner_text() == f"Removed passage {first} from ‘{name}’."
    page.wait_for_function("document.querySelectorAll('#rq-collection .rq-card').length === 1", timeout=WAIT)
    _contrast(page, scheme, "notebook, a passage removed (Undo offered)")
    page.locator("#rq-undo-button").click()
    page.wait_for_function("document.querySelectorAll('#rq-collection .rq-card').length === 2", timeout=WAIT)
    assert (
        re.search(r"rq-chunk-(\S+)", page.locator("#rq-collection .rq-card").first.get_attribute("class")).group(1)
        == first
    )  # back in its place
    page.context.close()
