"""The Write tab in headless Chromium at 1366x900 and 390x844, light and dark: a draft checked sentence by sentence
(verdict as a mark and a word), evidence on demand, Read in context, Collect into the notebook, the cited draft
copied and its bibliography downloaded; drafts that cannot be checked said in one line; nothing unescaped."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import pytest
from helpers import BROWSER_WAIT, open_tab, serving_with_store
from page_checks import CONTRAST, OVERFLOW

from reviewqa.ui.tabs.write import EXAMPLE

pytestmark = [pytest.mark.browser, pytest.mark.model]

WAIT = BROWSER_WAIT
ARTIFACTS = Path(__file__).parent / "artifacts"
SCREENS = {
    "desktop-light": ({"width": 1366, "height": 900}, "light"),
    "desktop-dark": ({"width": 1366, "height": 900}, "dark"),
    "phone-light": ({"width": 390, "height": 844}, "light"),
    "phone-dark": ({"width": 390, "height": 844}, "dark"),
}
VERDICTS = ["✓ Supported", "✓ Supported", "✓ Supported", "~ Partly", "✗ Not in the review"]


def _write_tab(chromium, url: str, screen: str):
    """A new browser context at `screen`, the app opened at its Write tab (dialogs recorded and dismissed)."""
    viewport, scheme = SCREENS[screen]
    context = chromium.new_context(viewport=viewport, color_scheme=scheme, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
    page = context.new_page()
    page.name = screen
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.locator("#rq-question textarea").wait_for(timeout=WAIT)
    open_tab(page, "Write")
    page.locator("#rq-draft textarea").wait_for(timeout=WAIT)
    return context, page


@pytest.fixture(scope="module")
def write_app_url(app_module, assistant, tmp_path_factory):
    """The app with a study store of this module's own: what other tests collect never meets these notebooks."""
    with serving_with_store(app_module, assistant, tmp_path_factory.mktemp("write") / "data") as url:
        yield url


@pytest.fixture(params=list(SCREENS))
def page(request, chromium, write_app_url):
    context, page = _write_tab(chromium, write_app_url, request.param)
    yield page
    context.close()


@pytest.fixture
def desktop(chromium, write_app_url):
    """The messages are the same on every screen: one is enough."""
    context, page = _write_tab(chromium, write_app_url, "desktop-light")
    yield page
    context.close()


def _check(page, text: str) -> None:
    page.locator("#rq-draft textarea").fill(text)
    page.locator("#rq-write-check").click()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"write-{name}-{page.name}.png"), full_page=True)


def test_a_draft_checked_with_evidence_citations_and_bibliography(page, tmp_path):
    page.locator("#rq-write-example").click()
    sentences = page.locator("#rq-write-result .rq-write-sentence")
    sentences.nth(4).wait_for(timeout=WAIT)
    assert page.locator("#rq-draft textarea").input_value() == EXAMPLE
    assert [v.strip() for v in sentences.locator(".rq-verdict").all_inner_texts()] == VERDICTS
    assert "What differs: number: 65 is not in the evidence" in sentences.nth(3).inner_text()
    assert page.locator("#rq-write-result").inner_text().count("5 sentences checked: 3 supported, 1 partly") == 1
    _shot(page, "checked")

    evidence = sentences.nth(0).locator("details.rq-write-evidence")
    assert not evidence.locator(".rq-card").first.is_visible()  # on demand
    evidence.locator(":scope > summary").click()
    first = evidence.locator(".rq-card").first
    assert "Lung cancer accounts for 18% of global cancer deaths" in first.inner_text()
    assert "rq-chunk-s1-p1" in first.get_attribute("class")
    first.scroll_into_view_if_needed()
    _shot(page, "evidence")

    contrast = page.evaluate(CONTRAST, "#rq-write-result, #rq-write-output")
    assert contrast and [c for c in contrast if c["ratio"] < c["needed"]] == []
    overflow = page.evaluate(OVERFLOW)
    assert overflow["scrollWidth"] <= overflow["width"] + 1, overflow["elements"][:5]

    first.locator(".rq-collect").click()
    page.wait_for_function(
        "document.querySelector('#rq-write-status').textContent.includes('1 passage in notebook')", timeout=WAIT
    )

    page.locator("#rq-copy-cited").click()
    page.wait_for_function("document.querySelector('#rq-copy-cited').textContent.includes('Copied')", timeout=WAIT)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "and NSCLC makes up 85% of cases [1]." in copied and "\nReferences\n\n1. Wéber A" in copied
    assert "65% of patients with resectable NSCLC.\n" in copied  # nothing added to a sentence marked partly

    with page.expect_download(timeout=WAIT) as download:
        page.locator("#rq-download-draft-bib").click()
    saved = tmp_path / "refs.bib"
    download.value.save_as(saved)
    library = bibtexparser.parse_string(saved.read_text(encoding="utf-8"))
    assert not library.failed_blocks and len(library.entries) == 4

    first.locator(".rq-read").click()
    page.locator("#rq-reader .rq-target.rq-at-s1-p1").wait_for(timeout=WAIT)
    assert page.dialogs == []


def test_bad_drafts_are_said_in_one_line_and_the_draft_is_escaped(desktop):
    page = desktop
    message = page.locator("#rq-write-result .rq-write-message")
    _check(page, "   ")
    message.wait_for(timeout=WAIT)
    assert message.inner_text() == "The draft is empty; give the sentences to check (plain text or Markdown)."
    _check(page, "Le cancer du poumon est la première cause de décès par cancer dans le monde entier aujourd'hui.")
    page.wait_for_function(
        "document.querySelector('#rq-write-result').textContent.includes('does not look like English')", timeout=WAIT
    )
    _shot(page, "refused")
    hostile = (
        "Lung cancer <img src=x onerror=alert(1)> accounts for 18% of global cancer deaths <script>alert(2)</script>."
    )
    _check(page, hostile)
    page.locator("#rq-write-result .rq-write-sentence").first.wait_for(timeout=WAIT)
    assert "<img src=x onerror=alert(1)>" in page.locator("#rq-write-result .rq-write-text").first.inner_text()
    assert page.locator("#rq-write-result img, #rq-write-result script").count() == 0
    assert page.dialogs == []
