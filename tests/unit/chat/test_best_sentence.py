"""The best answering sentence, picked from ranked passages (no model: hits built from the real chunks)."""

from __future__ import annotations

from reviewqa.chat.best_sentence import QueryTerms, best_sentence, candidate_sentences
from reviewqa.search.expansion import expand_query
from reviewqa.search.results import Hit


def _hits(review, *ids):
    return [Hit(rank, 1.0 / rank, review.chunk(i), ()) for rank, i in enumerate(ids, start=1)]


def _query(review, text):
    return QueryTerms.from_expanded(expand_query(text, review.glossary))


def test_sentence_covering_most_of_the_question_wins_over_a_better_ranked_row(review):
    hits = _hits(review, "t1-r8", "t1-r10", "s3-p8")
    answer = best_sentence(hits, _query(review, "What drives EGFR-TKI resistance?"))
    assert answer.chunk_id == "s3-p8" and answer.rank == 3
    assert answer.text.startswith("TAMs contribute to resistance against targeted therapies such as EGFR-TKIs")
    assert answer.refs == (57,)


def test_run_in_heads_are_not_answers(review):
    # s3-p8 opens with its run-in head 'Resistance to targeted therapy.' which matches but says nothing.
    answer = best_sentence(_hits(review, "s3-p8"), _query(review, "resistance to targeted therapy"))
    assert answer.text != "Resistance to targeted therapy."
    assert "Resistance to targeted therapy." in candidate_sentences(review.chunk("s3-p8"))


def test_abbreviation_counts_once_whether_spelled_out_or_not(review):
    # 'CAFs' alone is matched by both sentences; 'drug' decides, not the long form of the first.
    answer = best_sentence(_hits(review, "s2-p3"), _query(review, "How do CAFs block drug delivery?"))
    assert answer.text.startswith("Through ECM deposition and cross-linking, CAFs create a physical barrier")
    assert answer.refs == (25, 26)


def test_long_form_in_the_question_matches_the_abbreviation_in_the_text(review):
    query = _query(review, "what do cancer-associated fibroblasts secrete?")
    assert query.found_in({"caf", "secret"}) == {"cancer", "associ", "fibroblast", "cancerassoci", "secret"}


def test_table_row_is_one_candidate_without_title_and_refs(review):
    (row,) = candidate_sentences(review.chunk("t2-r8"))
    assert row.startswith("First author, year: Awad, 2022; Intervention/Target: NEO-PV-01 vaccine")
    assert "Table II" not in row and "Refs." not in row


def test_no_answer_without_a_matching_sentence(review):
    assert best_sentence(_hits(review, "s3-p8"), _query(review, "capital of France")) is None
    assert best_sentence(_hits(review, "ref57"), _query(review, "EGFR mutations")) is None  # reference entries
    assert best_sentence([], _query(review, "T790M")) is None
