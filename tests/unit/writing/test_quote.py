from __future__ import annotations

import pytest

from reviewqa.writing.quote import footnote_marks, quote, quote_markdown
from reviewqa.writing.styles import vancouver
from reviewqa.writing.works import REVIEW, work_from_article


def test_article_metadata_agrees_with_front_matter(chunk_by_id):
    assert chunk_by_id["front-title"].text == REVIEW.title
    assert REVIEW.doi in chunk_by_id["front-history"].text
    authors = chunk_by_id["front-authors"].text
    for name in ("LI LIU", "LI YANG", "HONGMIN LI", "TIANLU SHANG", "LIHAN LIU"):
        assert name in authors
    assert vancouver(work_from_article()) == (
        "Liu L, Yang L, Li H, Shang T and Liu L: The tumor microenvironment in lung cancer: Heterogeneity, "
        "therapeutic resistance and emerging treatment strategies (Review). Int J Oncol 2025. "
        "doi: 10.3892/ijo.2025.5824."
    )


def test_quote_markdown_exact(review, chunk_by_id):
    assert quote_markdown(chunk_by_id["s3-p9"], review) == (
        "> Genetic alterations, including secondary EGFR mutations (such as T790M) and MET amplification, remain key "
        "drivers of acquired resistance[^60]. These changes are often facilitated by a pro-inflammatory TME, which "
        "promotes genomic instability and enriches for resistant clones[^61].\n"
        ">\n"
        "> — (Liu et al., 2025), 3. Dynamic crosstalk in the TME: Mechanisms of progression > Resistance to targeted "
        "therapy\n"
        "\n"
        "Source: Liu L, Yang L, Li H, Shang T and Liu L: The tumor microenvironment in lung cancer: Heterogeneity, "
        "therapeutic resistance and emerging treatment strategies (Review). *Int J Oncol* 2025. "
        "doi: 10.3892/ijo.2025.5824.\n"
        "\n"
        "[^60]: Coelho MA, Strauss ME, Watterson A, Cooper S, Bhosle S, Illuzzi G, Karakoc E, Dinçer C, Vieira SF, "
        "Sharma M, *et al.*: Base editing screens define the genetic landscape of cancer drug resistance mechanisms. "
        "*Nature Genetics* 56: 2479-2492, 2024.\n"
        "\n"
        "[^61]: Wen Y, Zhu Y, Zhang C, Yang X, Gao Y, Li M, Yang H, Liu T and Tang H: Chronic inflammation, cancer "
        "development and immunotherapy. *Front Pharmacol* 13: 1040163, 2022.\n"
    )


def test_ranges_become_one_footnote_per_reference(review, chunk_by_id):
    text = quote_markdown(chunk_by_id["s1-p3"], review, style="apa")
    assert "clinical trial data[^9][^10][^11][^12][^13][^14]. Comprising" in text
    assert "immune responses[^12][^13]. Additionally" in text
    assert [line.split(" ")[0] for line in text.splitlines() if line.startswith("[^")] == [
        f"[^{n}]:" for n in range(9, 15)
    ]
    assert "[^10]: Tian, Y., Yang, Y., He, L., Yu, X., Zhou, H., & Wang, J. (2025). Exploring" in text


def test_footnote_marks_leave_other_parentheses():
    assert footnote_marks("via T790M (Fig. 1) and MET (n = 12) (57)") == "via T790M (Fig. 1) and MET (n = 12)[^57]"


def test_quote_of_table_row_keeps_lines_quoted(review, chunk_by_id):
    text = quote_markdown(chunk_by_id["t2-r8"], review)
    assert "> Clinical value/Treatment outcome: Feasibility confirmed; 2-year OS rate 75% in responders" in text
    assert "> Refs.: [^111]\n" in text
    assert "[^111]: Awad MM" in text


def test_quote_text_keeps_the_passage_verbatim(review, chunk_by_id):
    text = quote(chunk_by_id["s3-p9"], review, "apa", "text")
    assert text.startswith(f"“{chunk_by_id['s3-p9'].text}”\n— (Liu et al., 2025), 3. Dynamic crosstalk")
    assert "*" not in text
    assert text.endswith(
        "References cited:\n"
        "[60] Coelho, M. A., Strauss, M. E., Watterson, A., Cooper, S., Bhosle, S., Illuzzi, G., Karakoc, E., "
        "Dinçer, C., Vieira, S. F., Sharma, M., et al. (2024). Base editing screens define the genetic landscape of "
        "cancer drug resistance mechanisms. Nature Genetics, 56, 2479–2492.\n"
        "[61] Wen, Y., Zhu, Y., Zhang, C., Yang, X., Gao, Y., Li, M., Yang, H., Liu, T., & Tang, H. (2022). Chronic "
        "inflammation, cancer development and immunotherapy. Front Pharmacol, 13, Article 1040163.\n"
    )


def test_quote_refuses_unknown_format(review, chunk_by_id):
    with pytest.raises(ValueError, match="unknown format"):
        quote(chunk_by_id["s3-p9"], review, "apa", "html")
