"""The composed answer, the Reader, the review's tables and the section strip in headless Chromium, at a desktop
size in light and a phone size (390x844) in dark."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import BROWSER_WAIT, ask_in_page

from reviewqa.chat.turn import Settings, respond
from reviewqa.records import Kind
from reviewqa.ui.strip import section_shares

pytestmark = [pytest.mark.browser, pytest.mark.model]

WAIT = BROWSER_WAIT  # ms (tests/helpers.py)
ARTIFACTS = Path(__file__).parent / "artifacts"
DOCS = Path(__file__).resolve().parents[2] / "docs"
QUESTION = "What drives EGFR-TKI resistance?"
SCREENS = {
    "desktop-light": ({"width": 1400, "height": 1000}, "light"),
    "phone-dark": ({"width": 390, "height": 844}, "dark"),
}
TABLE_COLUMNS = ["First author, year", "Treatment measures", "Study type", "Model", "Resistance mechanisms", "Refs."]


@pytest.fixture(scope="module", params=list(SCREENS))
def screen(request, chromium, real_app_url):
    viewport, scheme = SCREENS[request.param]
    context = chromium.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    page.name = request.param
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(real_app_url)
    page.locator("#rq-question textarea").wait_for(timeout=WAIT)
    yield page
    context.close()


def _chunk_id(element, prefix: str = "rq-chunk-") -> str:
    return re.search(rf"{prefix}(\S+)", element.get_attribute("class")).group(1)


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] < size["height"] and box["x"] < size["width"]


def _shot(page, name: str, docs_name: str | None = None) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"reader-{name}-{page.name}.png"))
    if docs_name and page.name == "desktop-light":
        page.screenshot(path=str(DOCS / docs_name))


def test_egfr_answer_is_the_composed_sentences_with_their_chips(screen, assistant, review):
    ask_in_page(screen, QUESTION)
    reply = respond(assistant, QUESTION, [], Settings()).reply
    expected, shown = reply.answer, {hit.chunk.id for hit in reply.result.hits}
    items = screen.locator(".rq-reply").last.locator(".rq-answer-item")
    assert items.count() == len(expected.sentences) >= 3
    assert sum(bool(s.refs) for s in expected.sentences) >= 3
    for n, sentence in enumerate(expected.sentences):
        item = items.nth(n)
        chips = [int(s.strip("[]")) for s in item.locator(".rq-chip summary").all_inner_texts()]
        assert chips == list(sentence.refs), sentence.text
        if sentence.chunk_id in shown:  # its card is below; a deeper passage opens in the reader
            assert _chunk_id(item.locator(".rq-goto"), "rq-goto-") == sentence.chunk_id
        else:
            assert _chunk_id(item.locator(".rq-read"), "rq-read-") == sentence.chunk_id
        assert item.locator(".rq-sentence").inner_text().replace(" · ", "\n") == sentence.text
    # the link under a sentence brings its card into view
    linked = [n for n, s in enumerate(expected.sentences) if s.chunk_id in shown]
    last = items.nth(linked[-1])
    last.locator(".rq-goto").click()
    card = screen.locator(".rq-reply").last.locator(f".rq-card.rq-chunk-{expected.sentences[linked[-1]].chunk_id}")
    screen.wait_for_function("document.querySelector('.rq-flash') !== null", timeout=WAIT)
    assert _in_viewport(screen, card)
    screen.locator(".rq-reply").last.locator(".rq-answer").scroll_into_view_if_needed()
    _shot(screen, "answer", "answer.png")


def test_a_table_row_card_shows_its_fields_as_a_two_column_table(screen, review):
    row_card = screen.locator(".rq-reply").last.locator(".rq-card").filter(has=screen.locator(".rq-fields")).first
    chunk = review.chunk(_chunk_id(row_card))
    assert chunk.kind is Kind.TABLE_ROW
    headers = row_card.locator(".rq-fields th").all_inner_texts()
    assert headers == [c for c in TABLE_COLUMNS if c != "Refs."]
    values = row_card.locator(".rq-fields td").all_inner_texts()
    assert values == [line.split(": ", 1)[1] for line in chunk.table_cells[:-1]]


def test_read_in_context_opens_the_passage_highlighted_in_its_section(screen, review):
    card = screen.locator(".rq-reply").last.locator(".rq-card").nth(1)
    chunk = review.chunk(_chunk_id(card))
    card.locator(".rq-read").click()
    target = screen.locator(f"#rq-reader .rq-target.rq-at-{chunk.id}")
    target.wait_for(timeout=WAIT)
    screen.wait_for_function(
        "(() => { const t = document.querySelector('#rq-reader .rq-target'); if (!t) return false;"
        " const b = t.getBoundingClientRect(); return b.top >= 0 && b.top < window.innerHeight; })()",
        timeout=WAIT,
    )
    assert screen.locator("#rq-reader .rq-target").count() == 1 and _in_viewport(screen, target)
    assert screen.locator("#rq-reader .rq-section h3").inner_text() == chunk.top_section
    shown = screen.locator("#rq-reader .rq-section [class*='rq-at-']").evaluate_all(
        "es => es.map(e => /rq-at-(\\S+)/.exec(e.className)[1])"
    )
    assert shown == [c.id for c in review.chunks if c.top_section == chunk.top_section]
    before, after = review.neighbours(chunk.id, 1)
    assert shown.index(chunk.id) == shown.index(before[0].id) + 1 == shown.index(after[0].id) - 1
    contents = screen.locator("#rq-reader .rq-toc > ul > li > .rq-read").all_inner_texts()
    assert contents == list(review.top_sections)
    chip = target.locator(".rq-chip").first
    number = int(chip.locator("summary").inner_text().strip("[]"))
    chip.locator("summary").click()
    assert review.reference(number).title in chip.locator(".rq-cite").inner_text()
    _shot(screen, "passage", "reader.png")

    screen.locator(".rq-back").click()
    screen.locator("#rq-question textarea").wait_for(state="visible", timeout=WAIT)
    screen.wait_for_function(
        f"(() => {{ const c = [...document.querySelectorAll('.rq-card.rq-chunk-{chunk.id}')].pop();"
        " const b = c.getBoundingClientRect(); return b.height > 0 && b.top < window.innerHeight && b.bottom > 0; })()",
        timeout=WAIT,
    )


def test_table_one_is_a_table_of_fourteen_rows_with_the_row_highlighted(screen, review):
    rows = [c for c in review.chunks if c.id.startswith("t1-")]
    assert len(rows) == 14
    screen.locator(".rq-reply").last.locator(".rq-card").filter(has=screen.locator(".rq-fields")).first.locator(
        ".rq-read"
    ).click()
    table = screen.locator("#rq-reader table.rq-review-table:has(tr.rq-target)")
    table.wait_for(timeout=WAIT)
    assert table.locator("caption").inner_text().startswith("Table I. Studies on the TME driving drug resistance")
    assert table.locator("thead th").all_inner_texts() == TABLE_COLUMNS
    marked = table.locator("tbody tr.rq-target")
    assert marked.count() == 1
    chunk = review.chunk(_chunk_id(marked, "rq-at-"))
    place = [row.id for row in rows].index(chunk.id)  # the rows before it are folded above, with what precedes it
    assert table.locator("tbody tr").count() == 14 - place
    assert screen.locator("#rq-reader table.rq-review-table tbody tr").count() == 14
    if place:
        assert table.locator("caption").inner_text().endswith(f"(rows {place + 1}-14 of 14)")
    assert marked.locator("td").first.inner_text() == chunk.table_cells[0].split(": ", 1)[1]
    assert [int(s.strip("[]")) for s in marked.locator(".rq-chip summary").all_inner_texts()] == list(chunk.refs)
    _shot(screen, "table")
    screen.get_by_role("tab", name="Ask").click()


def test_the_section_strip_searches_the_question_again_in_one_section(screen, assistant):
    reply = screen.locator(".rq-reply").last
    hits = assistant.search(QUESTION).hits
    shares = section_shares(hits, assistant.review.top_sections)
    titles = reply.locator(".rq-strip-seg title").all_text_contents()
    assert [t.split(" · ")[0] for t in titles] == [s.label for s in shares]
    assert sum(s.share for s in shares) == pytest.approx(1.0)
    wanted = next(s for s in shares if s.share == 0 and s.number != "7")  # a section with none of the answer
    section = next(s for s in assistant.sections if s.startswith(f"{wanted.number}. "))
    reply.locator(f".rq-strip-{wanted.number}").click()
    screen.wait_for_function("document.querySelectorAll('.rq-reply').length >= 2", timeout=WAIT)
    latest = screen.locator(".rq-reply").last
    latest.locator(".rq-card").first.wait_for(timeout=WAIT)
    paths = latest.locator(".rq-card .rq-path").all_inner_texts()
    assert paths and all(p.startswith(section) for p in paths)
    expected = assistant.search(QUESTION, sections=[section]).hits
    assert [_chunk_id(c) for c in latest.locator(".rq-card").all()] == [h.chunk.id for h in expected]
    assert screen.locator("#rq-chat").inner_text().count(QUESTION) == 2  # asked again, as typed the first time
    width = screen.evaluate("document.scrollingElement.scrollWidth")
    assert width <= screen.viewport_size["width"]  # nothing pushes the page sideways, phone included
    _shot(screen, "strip")
