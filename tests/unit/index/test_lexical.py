"""Tokenizer, glossary expansion and query intent: the lexical side, no model."""

from __future__ import annotations

import pytest

from reviewqa.errors import InvalidQuery
from reviewqa.index.terms import tokenize
from reviewqa.search.expansion import expand_query
from reviewqa.search.query import clean_query, reference_intent


@pytest.mark.parametrize(
    ("text", "must_include"),
    [
        ("EGFR-TKI", {"egfrtki", "egfr", "tki"}),
        ("EGFR-TKIs", {"egfrtki", "egfr", "tki"}),
        ("T790M", {"t790m"}),
        ("PD-L1", {"pdl1", "pd", "l1"}),
        ("IL-10", {"il10"}),
        ("miR-200c", {"mir200c", "mir"}),
        ("CD8+ T cells", {"cd8"}),
        ("TGF-β", {"tgfbeta", "tgf", "beta"}),
        ("TGF-beta", {"tgfbeta"}),
        ("γδ T cells", {"gamma", "delta", "gammadelta"}),
        ("MDSCs", {"mdsc"}),
        ("tumours", {"tumor"}),
        ("metastases", {"metastasi"}),
    ],
)
def test_biomedical_tokens_stay_matchable(text, must_include):
    assert must_include <= set(tokenize(text))


def test_same_name_written_differently_tokenizes_alike():
    assert set(tokenize("TGF-β")) == set(tokenize("TGF-beta"))
    assert set(tokenize("PD-L1")) <= set(tokenize("anti-PD-L1 therapy"))
    assert tokenize("personalised tumour") == tokenize("personalized tumor")


def test_stopwords_and_question_words_dropped():
    assert tokenize("What is the role of the TME?") == ["tme"]


def test_abbreviation_expands_to_long_form(review):
    expanded = expand_query("what do CAFs secrete?", review.glossary)
    assert expanded.terms == ("caf", "secret")
    assert {"fibroblast", "cancerassoci"} <= set(expanded.expansion_terms)
    assert expanded.expansions == (("CAFs", "cancer-associated fibroblasts"),)
    assert "cancer-associated fibroblasts" in expanded.dense_text


def test_long_form_expands_to_abbreviation(review):
    expanded = expand_query("How do cancer-associated fibroblasts block drug delivery?", review.glossary)
    assert expanded.expansion_terms == ("caf",)
    assert expanded.dense_text == "How do cancer-associated fibroblasts block drug delivery?"


def test_short_lower_case_words_are_not_taken_for_abbreviations(review):
    assert expand_query("is it as good as os", review.glossary).expansions == ()
    assert expand_query("median OS", review.glossary).expansions == (("OS", "overall survival"),)


def test_clean_query():
    assert clean_query("  what\x00 do\tCAFs\n secrete?\x07 ") == "what do CAFs secrete?"
    assert len(clean_query("x" * 100_000)) == 2000
    for bad in ("", "   ", "\x00\x01\n"):
        with pytest.raises(InvalidQuery):
            clean_query(bad)


def test_reference_intent(review, fake_assistant):
    common = fake_assistant._common_words
    assert reference_intent("what did reference 133 report?", review.references, common).numbers == (133,)
    assert reference_intent("show [66] and ref 12", review.references, common).numbers == (12, 66)
    assert reference_intent("ref 151", review.references, common).numbers == ()
    kong = reference_intent("what did Kong et al find?", review.references, common)
    assert 124 in kong.authors and kong.active
    assert reference_intent("which Bergers and Hanahan paper is cited?", review.references, common).authors == (147,)
    plain = reference_intent("What do Cell types in the Lung do?", review.references, common)
    assert not plain.active


def test_specific_head_noun_of_a_long_form_expands(review):
    assert expand_query("can macrophages be both helpful and harmful?", review.glossary).expansions == (
        ("macrophages", "TAMs"),
    )
    assert expand_query("myeloid suppressor cells", review.glossary).expansion_terms == ("mdsc",)
    assert expand_query("what do the cells do?", review.glossary).expansions == ()


def test_numbered_family_name_expands_to_its_short_form(review):
    expanded = expand_query("how does interleukin 6 act?", review.glossary)
    assert "il6" in expanded.expansion_terms
    assert ("interleukin 6", "IL-6") in expanded.expansions


def test_bm25_numbers_the_review_terms_in_order_of_first_use(review):
    """The vocabulary does not follow set order (which moves with Python's hash seed), so builds are repeatable."""
    from reviewqa.index.lexical import LexicalIndex, lexical_text

    documents = [tokenize(lexical_text(c)) for c in review.chunks]
    lexical = LexicalIndex.build(documents)
    first_use = list(dict.fromkeys(term for document in documents for term in document))
    assert lexical.terms_by_id[: len(first_use)] == tuple(first_use)
    assert lexical.terms_by_id[len(first_use) :] == ("",)  # bm25s's empty term, scoring nothing
    assert lexical.size == len(review.chunks) == 269
