from __future__ import annotations

from reviewqa.article import REVIEW
from reviewqa.quote import quote_markdown


def test_article_metadata_agrees_with_front_matter(chunk_by_id):
    assert chunk_by_id["front-title"].text == REVIEW.title
    assert REVIEW.doi in chunk_by_id["front-history"].text
    authors = chunk_by_id["front-authors"].text
    for name in ("LI LIU", "LI YANG", "HONGMIN LI", "TIANLU SHANG", "LIHAN LIU"):
        assert name in authors
    assert REVIEW.vancouver == (
        "Liu L, Yang L, Li H, Shang T and Liu L: The tumor microenvironment in lung cancer: Heterogeneity, "
        "therapeutic resistance and emerging treatment strategies (Review). Int J Oncol 2025. "
        "doi: 10.3892/ijo.2025.5824."
    )


def test_quote_markdown(review, chunk_by_id):
    text = quote_markdown(chunk_by_id["s3-p9"], review)
    assert text.startswith("> Genetic alterations, including secondary EGFR mutations (such as T790M)")
    assert "> — (Liu et al., 2025), 3. Dynamic crosstalk in the TME: Mechanisms of progression > " in text
    assert "[passage s3-p9]" in text
    assert "[^60]: Coelho MA, Strauss ME" in text and "[^61]: Wen Y, Zhu Y" in text
    assert text.count("[^") == 2


def test_quote_of_table_row_keeps_lines_quoted(review, chunk_by_id):
    text = quote_markdown(chunk_by_id["t2-r8"], review)
    assert "> Clinical value/Treatment outcome: Feasibility confirmed; 2-year OS rate 75% in responders" in text
    assert "[^111]: Awad MM" in text
