"""Cards as HTML: escaping, highlighting, reference chips, the copy quotation (no model)."""

from __future__ import annotations

import html
import re

from reviewqa.records import Chunk, Kind
from reviewqa.search.results import Hit
from reviewqa.ui.cards import REMOVE, card, copy_button, highlight, mark_citations, reference_chip
from reviewqa.ui.replies import user_message
from reviewqa.writing.quote import quote_markdown

ATTACK = "<img src=x onerror=alert(1)>"


def _marked(fragment: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", fragment)


def test_highlight_escapes_and_marks_query_words():
    out = highlight(f"{ATTACK} CAFs & TAMs", ["caf"])
    assert "<img" not in out
    assert out == "&lt;img src=x onerror=alert(1)&gt; <mark>CAFs</mark> &amp; TAMs"


def test_highlight_matches_by_index_term_not_by_spelling(chunk_by_id):
    text = chunk_by_id["s3-p8"].text
    marked = _marked(highlight(text, ["resist", "egfrtki"]))
    # 'Resistance', 'resistance' and 'EGFR-TKIs' share the stemmed / compound terms; 'EGFR' alone does not.
    assert marked.count("Resistance") == 2 and "EGFR-TKIs" in marked and "EGFR" not in marked
    assert set(marked) == {"Resistance", "resistance", "EGFR-TKIs"}


def test_glossary_phrase_is_marked_whole_but_its_words_are_not(chunk_by_id):
    text = chunk_by_id["s2-p3"].text
    marked = _marked(highlight(text, ["caf"], phrases=["cancer-associated fibroblasts"]))
    assert marked[0] == "Cancer-associated fibroblasts"
    assert "cancer" not in [m.casefold() for m in marked]
    assert marked.count("CAFs") == 2


def test_table_row_lines_become_breaks(chunk_by_id):
    out = highlight(chunk_by_id["t2-r8"].text, [])
    assert "\n" not in out
    assert "<br>First author, year: Awad, 2022<br>" in out


def test_mark_citations_marks_only_groups_with_the_number(chunk_by_id):
    out = mark_citations(chunk_by_id["s4-p2"].text, 66)
    assert _marked(out) == ["(66)"]
    assert mark_citations(chunk_by_id["s3-p8"].text, 58).count("<mark>(58,59)</mark>") == 1


def test_reference_chip_holds_the_full_citation(review):
    chip = reference_chip(review.reference(57))
    assert chip.startswith('<details class="rq-chip"><summary>[57]</summary>')
    text = html.unescape(re.sub(r"<[^>]+>", "", chip))
    assert "Tian Z, Cen L, Wei F, Dong J, Huang Y, Han Y, Wang Z, Deng J, Jiang Y" in text
    assert "EGFR mutations in non-small cell lung cancer: Classification" in text
    assert "Oncol Lett 30: 375, 2025" in text
    assert "rq-ref-57" in chip  # the 'passages citing [57]' button


def test_reference_chip_links_the_doi_when_the_review_prints_one(review):
    assert 'href="https://doi.org/10.1101/2024.06.18.599431"' in reference_chip(review.reference(81))
    assert "doi.org" not in reference_chip(review.reference(57))


def test_copy_button_carries_the_quotation_on_one_html_line(review, chunk_by_id):
    quotation = quote_markdown(chunk_by_id["s3-p9"], review)
    button = copy_button(quotation)
    assert "\n" not in button
    hidden = re.search(r'<span class="rq-quote">(.*)</span>', button).group(1)
    assert html.unescape(hidden) == quotation


def test_card_escapes_passage_text_and_shows_rank_kind_path(review):
    chunk = Chunk("x-1", Kind.TEXT, ("1. <b>Intro</b>",), f"Before {ATTACK} after (57).", (57,))
    out = card(Hit(2, 0.5, chunk, (review.reference(57),)), highlight(chunk.text, []), "q", top_score=1.0)
    assert "<img" not in out and "<b>" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out and "1. &lt;b&gt;Intro&lt;/b&gt;" in out
    assert '<span class="rq-rank">#2</span>' in out and ">partial match<" in out and "width:50%" in out
    assert "0.5" not in re.sub(r"<[^>]+>", "", out)  # plain words, not a score
    assert '<span class="rq-kind rq-kind-text">passage</span>' in out
    # the id is a small anchor on the card, never in the text a student copies
    assert '<a class="rq-id" id="rq-passage-x-1" href="#rq-passage-x-1"' in out and ">x-1</a>" in out
    assert "<summary>[57]</summary>" in out
    assert "\n" not in out
    assert '<button type="button" class="rq-collect"' in out and ">Collect</button>" in out
    removable = card(Hit(2, 0.5, chunk, ()), "", "q", scored=False, actions=(REMOVE,))
    assert 'class="rq-uncollect"' in removable and 'class="rq-collect"' not in removable


def test_match_strength_is_on_a_0_to_1_scale_and_never_shown_when_not_answered(review):
    chunk = Chunk("x-1", Kind.TEXT, ("1. Intro",), "Text.", ())
    boosted = card(Hit(1, 1.688, chunk, ()), "", "q", top_score=1.688)  # a boost takes the best above 1
    assert ">strong match<" in boosted and "width:100%" in boosted and "1.688" not in boosted
    assert ">weak match<" in card(Hit(3, 0.2, chunk, ()), "", "q", top_score=0.9)
    closest = card(Hit(1, 0.799, chunk, ()), "", "q", top_score=0.799, answered=False)
    assert "match" not in closest and "rq-bar" not in closest and '<span class="rq-rank">#1</span>' in closest


def test_user_message_shows_as_typed():
    out = user_message(f"{ATTACK} *bold* [1](javascript:x)")
    assert "<" not in out.replace("<br>", "")
    assert "\\*bold\\*" in out and "\\[1\\]\\(javascript:x\\)" in out
    assert user_message("Why don't \"cold\" tumours respond?") == "Why don't \"cold\" tumours respond?"
