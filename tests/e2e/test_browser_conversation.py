"""A three-turn chat in the app, desktop and phone: each follow-up is read against what the previous answer showed
("the fourth one" is its fourth item), and the reply says how it was read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import ask_in_page

pytestmark = [pytest.mark.browser, pytest.mark.model]

ARTIFACTS = Path(__file__).parent / "artifacts"
SCREENS = [("desktop", 1366, 900, "light"), ("phone", 390, 844, "dark")]


@pytest.mark.parametrize(("name", "width", "height", "scheme"), SCREENS, ids=[s[0] for s in SCREENS])
def test_a_three_turn_chat_reads_each_follow_up_against_the_previous_answer(
    chromium, real_app_url, name, width, height, scheme
):
    context = chromium.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(real_app_url)
        ask_in_page(page, "What drives EGFR-TKI resistance?")
        ask_in_page(page, "what did the fourth one find?")
        ask_in_page(page, "any numbers on that?")
        replies = page.locator("#rq-chat .rq-reply")
        assert replies.count() == 3
        readings = [q.inner_text() for q in page.locator("#rq-chat .rq-reading q").all()]
        # the first answer's fourth item: Table I's row of Lu, 2023 (TAMs evading phagocytosis by CD47 and STAT3 in
        # EGFR-TKI-resistant PDX models), read by its study
        where = "Lu, 2023"
        assert readings[0] == f"what did the fourth one ({where}) find?"
        second = replies.nth(1).locator(".rq-card").first.get_attribute("class") or ""
        assert re.search(r"rq-chunk-(\S+)", second).group(1) == "t1-r14"
        # 'that': the study the second answer opened on, whose row gives no figure: the third reply says so, before
        # what is nearest
        assert readings[1] == f"any numbers on EGFR-TKI ({where})?"
        assert f"The review gives no figures on this ({where}); the nearest it says is below." in (
            replies.nth(2).inner_text()
        )
        ARTIFACTS.mkdir(exist_ok=True)
        replies.nth(1).evaluate("e => e.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(ARTIFACTS / f"browser-three-turn-chat-{name}-{scheme}.png"))
    finally:
        context.close()
