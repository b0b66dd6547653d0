"""The app in headless Chromium (Debian's /usr/bin/chromium driven by Playwright): ask, read, expand, copy, look up,
collect into a notebook and download, take a quiz."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import BROWSER_WAIT, ask_in_page

pytestmark = [pytest.mark.browser, pytest.mark.model]

ATTACK = "<img src=x onerror=alert(1)> CAFs <script>alert(2)</script>"
WAIT = BROWSER_WAIT  # ms (tests/helpers.py)
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def page(chromium, real_app_url):
    # one browser per run (conftest), one page per module
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.requests, page.dialogs = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    # Any script that ran from the page's content would call these; record instead of blocking on a dialog.
    page.add_init_script(
        "window.__calls = []; for (const f of ['alert', 'confirm', 'prompt']) "
        "window[f] = (m) => { window.__calls.push(f + ':' + m); };"
    )
    page.goto(real_app_url)
    yield page
    context.close()


def _scroll_chat_to(page, selector: str) -> None:
    """Scroll the chat so the last element matching `selector` starts near the top (its question just above)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(selector).last.evaluate(
        """e => { const box = e.closest('.bubble-wrap') || document.scrollingElement;
        box.scrollTop += e.getBoundingClientRect().top - box.getBoundingClientRect().top - 70; }"""
    )


def test_question_gives_cards_with_answer_and_expanding_chips(page, review, assistant):
    question = "What drives EGFR-TKI resistance?"
    ask_in_page(page, question)
    expected = [h.chunk.id for h in assistant.search(question).hits]
    classes = page.locator(".rq-card").evaluate_all("cards => cards.map(c => c.className)")
    assert [re.search(r"rq-chunk-(\S+)", c).group(1) for c in classes] == expected
    first = page.locator(".rq-card").first
    assert first.locator(".rq-rank").inner_text() == "#1"
    assert first.locator(".rq-kind").inner_text() in {"passage", "table row", "figure"}
    assert first.locator(".rq-score").inner_text() in {"strong match", "partial match", "weak match"}
    assert first.locator("mark").count() > 0
    assert page.locator(".rq-answer .rq-label").inner_text() == "Answer, in the review's own sentences"

    chip = page.locator(".rq-answer .rq-chip").first
    number = int(chip.locator("summary").inner_text().strip("[]"))
    reference = review.reference(number)
    assert not chip.locator(".rq-cite").is_visible()
    chip.locator("summary").click()
    assert chip.locator(".rq-cite").is_visible()
    citation = chip.locator(".rq-cite").inner_text()
    assert reference.title in citation and reference.authors[0] in citation and str(reference.year) in citation

    _scroll_chat_to(page, ".rq-answer")
    page.screenshot(path=str(ARTIFACTS / "browser-answer.png"))


def test_copy_gives_the_quotation_with_citations(page, review):
    card = page.locator(".rq-card").first
    chunk_id = re.search(r"rq-chunk-(\S+)", card.get_attribute("class")).group(1)
    card.locator(".rq-copy").click()
    page.wait_for_function("document.querySelector('.rq-copied') !== null", timeout=WAIT)
    from reviewqa.writing.quote import quote_markdown

    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == quote_markdown(review.chunk(chunk_id), review)
    assert chunk_id not in copied and "[passage" not in copied  # the review and section cited, no internal id
    assert " ".join(review.chunk(chunk_id).section_path[:1]) in copied


def test_chip_leads_to_every_passage_citing_the_reference(page, review):
    chip = page.locator(".rq-answer .rq-chip").first
    number = int(chip.locator("summary").inner_text().strip("[]"))
    chip.locator(".rq-lookup").click()
    page.wait_for_function(
        f"[...document.querySelectorAll('.rq-refhead')].some(h => h.textContent === 'Reference [{number}]')",
        timeout=WAIT,
    )
    reply = page.locator(".rq-reply").last
    citing = reply.locator(".rq-card").evaluate_all("cards => cards.map(c => c.className)")
    assert [re.search(r"rq-chunk-(\S+)", c).group(1) for c in citing] == [c.id for c in review.citing(number)]
    assert reply.locator(".rq-card mark").first.inner_text().strip("()").split(",").count(str(number)) == 1


def test_html_injection_shows_as_text_and_runs_nothing(page):
    ask_in_page(page, ATTACK)
    assert ATTACK in page.locator("#rq-chat").inner_text()
    assert page.locator("#rq-chat img").count() == 0 and page.locator("#rq-chat script").count() == 0
    assert page.dialogs == [] and page.evaluate("window.__calls") == []
    _scroll_chat_to(page, ".rq-reply:last-of-type")
    page.screenshot(path=str(ARTIFACTS / "browser-injection.png"))


def _chunk_ids(locator) -> list[str]:
    return [re.search(r"rq-chunk-(\S+)", c).group(1) for c in locator.evaluate_all("es => es.map(e => e.className)")]


def _download(page, selector: str) -> tuple[str, str]:
    with page.expect_download(timeout=WAIT) as download:
        page.locator(selector).click()
    return download.value.suggested_filename, Path(download.value.path()).read_text(encoding="utf-8")


def test_collect_two_cards_then_download_notes_and_references(page, review):
    import bibtexparser

    from reviewqa.writing.collection import Collection

    ask_in_page(page, "How do CAFs block drug delivery?")
    cards = page.locator(".rq-reply").last.locator(".rq-card")
    first, second = _chunk_ids(cards)[:2]
    for n in (0, 1):
        cards.nth(n).locator(".rq-collect").click()
        status = "document.querySelector('#rq-collect-status .rq-status').textContent"
        page.wait_for_function(f"{status}.startsWith('{n + 1} passage')", timeout=WAIT)
    assert cards.nth(0).locator(".rq-collect").inner_text() == "Collected ✓"

    page.get_by_role("tab", name="Notebooks").click()
    listed = page.locator("#rq-collection .rq-card")
    listed.nth(1).wait_for(timeout=WAIT)
    assert _chunk_ids(listed) == [first, second]
    notes = Collection((first, second))
    assert _download(page, "#rq-download-md") == ("notes.md", notes.to_markdown(review))
    assert _download(page, "#rq-download-bib") == ("refs.bib", notes.to_bibtex(review))
    assert _download(page, "#rq-download-ris") == ("refs.ris", notes.to_ris(review))
    cited = {n for chunk_id in (first, second) for n in review.chunk(chunk_id).refs}
    keys = [e.key for e in bibtexparser.parse_string(notes.to_bibtex(review)).entries]
    assert len(keys) == len(set(keys)) == len(cited) + 1  # the review and each cited reference, once
    page.screenshot(path=str(ARTIFACTS / "browser-collection.png"))

    listed.nth(0).locator(".rq-uncollect").click()
    page.wait_for_function("document.querySelectorAll('#rq-collection .rq-card').length === 1", timeout=WAIT)
    assert _chunk_ids(page.locator("#rq-collection .rq-card")) == [second]
    assert _download(page, "#rq-download-md") == ("notes.md", Collection((second,)).to_markdown(review))
    page.get_by_role("tab", name="Ask").click()
    # the Ask tab's count is a separate listener of the same state change: wait for it, not for the list
    page.wait_for_function(f"{status}.startsWith('1 passage in notebook')", timeout=WAIT)


def _fill_until_it_stays(page, field, text: str) -> None:
    """Type into a field of a tab just shown; its component may still be writing its initial value."""
    field.wait_for(state="visible", timeout=WAIT)
    for _ in range(50):
        field.fill(text)
        field.press("Enter")
        page.wait_for_function("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        if field.input_value() == text:
            return
    assert field.input_value() == text


def test_quiz_of_two_questions_one_right_one_wrong(page, review):
    from reviewqa.quiz.session import QuizSession

    first, second = QuizSession.start(n=2, seed=1, review=review).items
    assert (first.type, second.type) == ("cloze", "mc")
    page.get_by_role("tab", name="Quiz").click()
    _fill_until_it_stays(page, page.locator("#rq-quiz-n input[type=number]"), "2")
    _fill_until_it_stays(page, page.locator("#rq-quiz-seed input"), "1")
    page.locator("#rq-quiz-start").click()
    page.wait_for_function(
        "(document.querySelector('#rq-quiz-question .rq-label') || {}).textContent?.startsWith('Question 1 of 2')",
        timeout=WAIT,
    )
    assert page.locator("#rq-quiz-question .rq-question").inner_text() == first.question
    assert page.locator(".rq-option:visible").count() == 0
    page.locator("#rq-quiz-answer input, #rq-quiz-answer textarea").first.fill(first.answer.lower())
    page.locator("#rq-quiz-submit").click()

    page.wait_for_selector("#rq-quiz-feedback .rq-right", timeout=WAIT)
    feedback = page.locator("#rq-quiz-feedback").inner_text()
    assert "Q1: Right ✓" in feedback and f"Answer: {first.answer}" in feedback and "Score: 1 / 1" in feedback
    assert first.sentence in feedback and f"Source: passage {first.chunk_id}" not in feedback  # folded
    page.locator("#rq-quiz-feedback .rq-more > summary").click()
    assert f"Source: passage {first.chunk_id}" in page.locator("#rq-quiz-feedback").inner_text()
    labels = [f"{letter}. {option}" for letter, option in zip("ABCD", second.options)]
    assert page.locator(".rq-option:visible").all_inner_texts() == labels
    wrong = next(o for o in second.options if o != second.answer)
    page.screenshot(path=str(ARTIFACTS / "browser-quiz.png"))
    page.get_by_role("button", name=labels[second.options.index(wrong)], exact=True).click()

    page.wait_for_selector("#rq-quiz-question .rq-final", timeout=WAIT)
    assert page.locator("#rq-quiz-question .rq-final").inner_text() == "Final score: 1 / 2"
    assert "Q2: Wrong ✗" in page.locator("#rq-quiz-feedback").inner_text()
    missed = page.locator("#rq-quiz-question .rq-missed")
    assert missed.count() == 1 and missed.locator(".rq-question").inner_text() == second.question
    text = missed.text_content()  # the passage is folded under 'show passage and references'
    assert f"Answer: {second.answer}" in text and f"you answered: {wrong}" in text
    assert f"Source: passage {second.chunk_id}" in text
    assert missed.locator(".rq-citations li").count() == len(review.chunk(second.chunk_id).refs)
    assert page.locator(".rq-option:visible").count() == 0 and page.locator("#rq-quiz-answer:visible").count() == 0
    page.get_by_role("tab", name="Ask").click()


def test_page_fetches_nothing_from_the_network(page, real_app_url):
    assert page.requests and all(url.startswith(real_app_url.rstrip("/")) for url in page.requests), [
        u for u in page.requests if not u.startswith(real_app_url.rstrip("/"))
    ]
