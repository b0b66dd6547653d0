"""The Reader's HTML (a passage in its section, the review's tables, the contents), a table row's card and the
section strip under an answer, on the real review."""

from __future__ import annotations

import html
import re

import pytest

from reviewqa.search.results import hit_for
from reviewqa.ui.cards import table_fields, table_row_html
from reviewqa.ui.reader_view import reader_html
from reviewqa.ui.strip import section_shares, section_strip

TABLE_ROWS = {"Table I": 14, "Table II": 11, "Table III": 10}


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def _tables(page: str) -> list[str]:
    return re.findall(r'<table class="rq-review-table">.*?</table>', page)


def test_a_passage_opens_its_whole_section_in_reading_order_with_it_marked(review):
    page = reader_html(review, "s3-p8")
    shown = re.findall(r'class="rq-(?:read-passage|row) rq-at-([^ "]+)', page)
    assert shown == [c.id for c in review.chunks if c.top_section == review.chunk("s3-p8").top_section]
    assert shown[:4] == ["s3-p1", "s3-p2.1", "s3-p2.2", "fig2"] and len(shown) == 14
    assert re.findall(r"rq-at-(\S+) rq-target", page) == ["s3-p8"]
    assert "<h3>3. Dynamic crosstalk in the TME: Mechanisms of progression</h3>" in page
    assert page.count('class="rq-back"') == 1
    contents = re.findall(
        r'<li(?: class="rq-here" aria-current="true")?><button type="button" class="rq-read '
        r'rq-read-[^"]+" title="Open this section">([^<]+)</button>',
        page,
    )
    assert [html.unescape(c) for c in contents] == list(review.top_sections)
    assert page.count('aria-current="true"') == 1


def test_the_passages_before_the_target_are_folded_so_it_opens_at_the_top(review):
    page = reader_html(review, "s3-p8")
    article = page[page.index('<article class="rq-section"') :]
    summary = '<details class="rq-earlier"><summary>Earlier in this section (9 passages)</summary>'
    target = '<div class="rq-read-passage rq-at-s3-p8 rq-target">'
    assert summary in article and target in article
    folded = article[article.index(summary) : article.index(target)]
    assert re.findall(r"rq-at-([^ \"]+)", folded) == ["s3-p1", "s3-p2.1", "s3-p2.2", "fig2", "s3-p3", "s3-p4", "s3-p5",
                                                   "s3-p6", "s3-p7"]  # fmt: skip
    assert folded.endswith("</details>")  # the target right under the fold
    assert "rq-earlier" not in reader_html(review, "s3-p1")  # the first passage of a section: nothing to fold
    table = reader_html(review, "t1-r8")  # a table row: the passages before its table folded, the table whole
    assert table.index('class="rq-earlier"') < table.index('<table class="rq-review-table">')
    # the way back is in the bar at the top, once (not a button floating over the text)
    assert page.count('class="rq-back"') == 1 and page.index('class="rq-back"') < page.index("<article")


@pytest.mark.parametrize(
    ("row", "table", "section"),
    [("t1-r8", "Table I", "4."), ("t2-r1", "Table II", "6."), ("t3-r10", "Table III", "6.")],
)
def test_a_table_row_opens_its_table_as_a_table_with_the_row_marked(review, row, table, section):
    page = reader_html(review, row)
    assert f"<h3>{section}" in page
    names = [re.search(r"<caption>(Table [IV]+)\.", t).group(1) for t in _tables(page)]
    assert set(names) == ({"Table I"} if section == "4." else {"Table II", "Table III"})
    parts = [t for name, t in zip(names, _tables(page)) if name == table]
    assert sum(t.count('<tr class="rq-row') for t in parts) == TABLE_ROWS[table]  # every row, once
    (mine,) = [t for t in parts if "rq-target" in t]
    place = int(row.split("-r")[1]) - 1  # the rows before it are folded above it, in a part of their own
    assert mine.count('<tr class="rq-row') == TABLE_ROWS[table] - place
    last = TABLE_ROWS[table]
    which = f"(row {last} of {last})" if place == last - 1 else f"(rows {place + 1}-{last} of {last})"
    assert (which in mine) == (place > 0)
    assert len(parts) == (2 if place else 1)
    if place:  # the first rows in the fold ('Earlier in this section') above the target's part
        assert page.index('<details class="rq-earlier">') < page.index(parts[0]) < page.index(mine)
    heads = [html.unescape(h) for h in re.findall(r'<th scope="col">([^<]+)</th>', mine)]
    assert heads == [column for column, _ in table_fields(review.chunk(row))]
    marked = re.findall(r'<tr class="rq-row rq-at-(\S+) rq-target">(.*?)</tr>', mine)
    assert [m[0] for m in marked] == [row]
    first_cell = re.search(r"<td>([^<]*)</td>", marked[0][1]).group(1)
    assert html.unescape(first_cell) == table_fields(review.chunk(row))[0][1]
    summaries = re.findall(r"<summary>\[(\d+)\]</summary>", marked[0][1])
    assert [int(n) for n in summaries] == list(review.chunk(row).refs)


@pytest.mark.parametrize("bad", ["", None, "s99-p1", "<img src=x onerror=alert(1)>", "s3-p8|x"])
def test_an_unknown_id_shows_the_empty_reader_and_nothing_of_the_input(review, bad):
    page = reader_html(review, bad)
    assert "Read in context" in page and "rq-target" not in page and "onerror" not in page


def test_a_table_row_card_is_a_two_column_table_without_the_refs_line(review):
    chunk = review.chunk("t1-r8")
    fragment = table_row_html(chunk, ["tgf"])
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(.*?)</td></tr>', fragment)
    assert [column for column, _ in rows] == [
        "First author, year",
        "Treatment measures",
        "Study type",
        "Model",
        "Resistance mechanisms",
    ]
    assert re.sub(r"</?mark>", "", rows[1][1]) == "EGFR-TKI + TGF-β blockade"
    assert "<mark>TGF-β</mark>" in rows[1][1]
    assert "Table I. Studies on the TME driving drug resistance in lung cancer." in _text(fragment)


def test_the_strip_shares_the_hits_relevance_over_the_seven_numbered_sections(review):
    hits = [
        hit_for(review, review.chunk(i), n, s)
        for n, (i, s) in enumerate([("s3-p8", 0.6), ("t1-r8", 0.3), ("s4-p5", 0.1), ("s2-p1", 0.0)], start=1)
    ]
    shares = section_shares(hits, review.top_sections)
    assert [s.number for s in shares] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [round(s.share, 3) for s in shares] == [0, 0, 0.6, 0.4, 0, 0, 0]
    assert [s.passages for s in shares] == [0, 1, 1, 2, 0, 0, 0]
    svg = section_strip(hits, review.top_sections)
    titles = re.findall(r"<g class=\"rq-strip-seg rq-strip-(\d)\"[^>]*><title>([^<]+)</title>", svg)
    assert [n for n, _ in titles] == ["1", "2", "3", "4", "5", "6", "7"]
    assert html.unescape(titles[3][1]).startswith(
        "4. TME-driven therapeutic resistance in lung cancer: 40% of the shown passages' relevance (2 passages)"
    )
    assert "section 3 60%; section 4 40%" in svg
    assert section_strip([], review.top_sections) == ""
