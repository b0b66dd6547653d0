"""The quiz generator over every item it can make from the real review."""

from __future__ import annotations

import re

import pytest

from reviewqa.corpus.sentences import split_sentences
from reviewqa.errors import QuizError
from reviewqa.index.terms import STOPWORDS
from reviewqa.quiz.checking import contains_term, equivalent_forms, normalise, same_term
from reviewqa.quiz.items import (
    BLANK,
    all_items,
    cloze_items,
    distractor_pool,
    mc_items,
    study_items,
    table_fields,
)
from reviewqa.quiz.mix import make_quiz
from reviewqa.records import Kind

SECTION_4 = "4. TME-driven therapeutic resistance in lung cancer"


@pytest.fixture(scope="module")
def items(review):
    return all_items(review)


def _prefix(item, chunk_by_id):
    """'' for a prose sentence; 'Table I (Utsumi, 2025) — ' for a table cell line."""
    chunk = chunk_by_id[item.chunk_id]
    if chunk.kind is not Kind.TABLE_ROW:
        return ""
    label, fields = table_fields(chunk)
    return f"{label} ({fields['First author, year']}) — "


def test_counts_per_type(items):
    counts = {t: sum(i.type == t for i in items) for t in ("cloze", "mc", "study")}
    assert counts == {"cloze": 376, "mc": 365, "study": 35}
    assert len({(i.question, i.answer) for i in items if i.type == "cloze"}) == 376


def test_cloze_is_the_sentence_with_only_the_answer_removed(review, items, chunk_by_id):
    for item in (i for i in items if i.type in ("cloze", "mc")):
        chunk = chunk_by_id[item.chunk_id]
        prefix = _prefix(item, chunk_by_id)
        assert item.question.count(BLANK) == 1, item
        assert item.question.startswith(prefix)
        assert item.question[len(prefix) :].replace(BLANK, item.answer) == item.sentence
        if prefix:
            assert item.sentence in chunk.text.split("\n")
        else:
            assert item.sentence in split_sentences(chunk.text)
        assert item.answer in chunk.text
        assert (item.section_path, item.refs) == (chunk.section_path, chunk.refs)


def test_cloze_never_blanks_a_stopword_nor_a_term_left_in_the_sentence(review, items):
    for item in (i for i in items if i.type == "cloze"):
        assert item.answer.casefold() not in STOPWORDS and len(normalise(item.answer)) >= 2
        rest = item.question.replace(BLANK, " ")
        for form in equivalent_forms(item.answer, review.glossary):
            assert not contains_term(rest, form), (item.question, form)
        assert normalise(item.answer) not in {"tme", "nsclc"}


def test_cloze_sentences_read_alone(items):
    for item in (i for i in items if i.type == "cloze" and not i.question.startswith("Table ")):
        assert len(item.sentence.split()) >= 8
        assert not re.match(r"(This|These|They|It|Such)\b", item.sentence), item.sentence
        assert "Figdraw" not in item.sentence


def test_cloze_finds_the_key_terms_of_known_sentences(items):
    by_chunk = {}
    for item in (i for i in items if i.type == "cloze"):
        by_chunk.setdefault(item.chunk_id, set()).add((item.answer, item.category))
    assert ("c-MET", "gene/protein/pathway") in by_chunk["s3-p8"]
    assert ("EGFR-TKIs", "drug class") not in by_chunk["s3-p8"]  # 'targeted therapies such as _____': one example
    assert ("hepatocyte growth factor", "gene/protein/pathway") in by_chunk["s3-p8"]
    assert ("Cancer-associated fibroblasts (CAFs)", "cell type") in by_chunk["s2-p3"]
    assert ("osimertinib", "drug") not in by_chunk["s4-p7"]  # printed twice in its sentence: never blanked
    assert {("45%", "figure (%)"), ("18%", "figure (%)"), ("apatinib", "drug")} <= by_chunk["s6-p3"]
    assert ("14.7 months", "figure (time)") in by_chunk["t3-r10"]
    assert ("AXL", "gene/protein/pathway") in by_chunk["s4-p2"]
    # Figure 1's legend lists the TME's parts: only what is not an item of a list is asked
    assert {a for a, _ in by_chunk["fig1"]} == {"CAFs", "ECM"}


def test_multiple_choice_distractors(review, items):
    pool = distractor_pool(review)
    for item in (i for i in items if i.type == "mc"):
        assert len(item.options) == 4 and item.options.count(item.answer) == 1
        assert len({normalise(o) for o in item.options}) == 4
        keys = {normalise(o).removesuffix("s") for o in pool[item.category]}
        for option in item.options:
            if option == item.answer:
                continue
            assert not same_term(option, item.answer, review.glossary), item
            assert normalise(option).removesuffix("s") in keys, (option, item.category)
            assert not contains_term(item.sentence, option), (option, item.sentence)
        others = [o for o in item.options if o != item.answer]
        assert not any(same_term(a, b, review.glossary) for a in others for b in others if a != b)


def test_every_cloze_item_with_enough_distractors_is_multiple_choice(review):
    cloze = {(i.question, i.answer) for i in cloze_items(review)}
    mc = {(i.question, i.answer) for i in mc_items(review)}
    assert mc <= cloze
    missing = cloze - mc
    # (EGFR-)TKIs: the other drug classes contain the answer or are contained in it ('TKIs' in 'EGFR-TKIs').
    assert len(missing) == 11 and {answer for _, answer in missing} == {"EGFR-TKI", "EGFR-TKIs", "TKI"}


def test_which_study_items_are_answerable_from_their_row(review, chunk_by_id):
    studies = study_items(review)
    assert [i.chunk_id for i in studies] == [c.id for c in review.chunks if c.kind is Kind.TABLE_ROW]
    for item in studies:
        chunk = chunk_by_id[item.chunk_id]
        label, fields = table_fields(chunk)
        author, year = fields["First author, year"].split(", ")
        assert item.answer == f"{author}, {year} ({chunk.refs[0]})" and fields["Refs."] == f"({chunk.refs[0]})"
        finding = item.sentence.split(": ", 1)[1]
        assert item.sentence in chunk.text and finding[1:] in item.question and f"in {label}" in item.question
        assert len(item.options) == 4 and item.answer in item.options
        surnames = [o.split(",")[0] for o in item.options]
        assert len(set(surnames)) == 4
        rows = {table_fields(c)[1]["First author, year"] for c in review.chunks if c.id.startswith(item.chunk_id[:3])}
        assert all(o.rsplit(" (", 1)[0] in rows for o in item.options)
    first = studies[0]
    assert first.question == (
        "Which study in Table I found this resistance mechanism: macrophage-derived GAS6 and fibroblast MMP11 "
        "activated AXL to bypass ALK inhibition?"
    )
    assert first.answer == "Utsumi, 2025 (66)"


@pytest.mark.parametrize("seed", range(12))
def test_no_item_repeats_within_a_quiz(review, seed):
    quiz = make_quiz(review, n=60, seed=seed)
    assert len(quiz) == 60
    assert len({i.question for i in quiz}) == 60
    assert len({(i.chunk_id, i.sentence) for i in quiz}) == 60
    assert len({normalise(i.answer) for i in quiz}) == 60
    rows = [i.chunk_id for i in quiz if i.chunk_id.startswith("t")]
    assert len(rows) == len(set(rows))
    assert [i.type for i in quiz[:5]] == ["cloze", "mc", "cloze", "mc", "study"]  # a table item fifth at the soonest


@pytest.mark.parametrize("seed", range(12))
def test_a_mixed_quiz_asks_at_most_one_table_item_in_five_unless_asked(review, seed):
    for n in (3, 5, 10, 30):
        quiz = make_quiz(review, n=n, seed=seed)
        positions = [p for p, i in enumerate(quiz, start=1) if review.chunk(i.chunk_id).kind is Kind.TABLE_ROW]
        assert len(quiz) == n and len(positions) <= n // 5, (n, positions)
        assert all(p >= 5 * k for k, p in enumerate(positions, start=1)), positions  # spread: 5th, 10th, ...
    asked = make_quiz(review, n=30, seed=seed, tables=True)  # asked for: types in turn, table cells too
    assert [i.type for i in asked[:6]] == ["cloze", "mc", "study"] * 2
    assert sum(review.chunk(i.chunk_id).kind is Kind.TABLE_ROW for i in asked) >= 10


def test_same_seed_same_quiz_other_seed_other_quiz(review):
    assert make_quiz(review, n=15, seed=42) == make_quiz(review, n=15, seed=42)
    assert make_quiz(review, n=15, seed=42) != make_quiz(review, n=15, seed=43)
    fresh = mc_items(review, 42)
    assert fresh == mc_items(review, 42)
    assert [i.options for i in fresh] != [i.options for i in mc_items(review, 0)]


def test_section_and_type_filters(review):
    quiz = make_quiz(review, n=20, seed=5, section=SECTION_4, types=("study",))
    assert len(quiz) == 14 and {i.type for i in quiz} == {"study"}
    assert {i.section_path[0] for i in quiz} == {SECTION_4}
    cloze = make_quiz(review, n=10, seed=5, section="2. Heterogeneity of the lung cancer microenvironment")
    assert {i.type for i in cloze} == {"cloze", "mc"}  # section 2 has no tables


def test_invalid_quizzes_are_refused(review):
    with pytest.raises(QuizError, match="at least 1"):
        make_quiz(review, n=0)
    with pytest.raises(QuizError, match="unknown quiz type 'essay'"):
        make_quiz(review, types=("essay",))
    with pytest.raises(QuizError, match="no quiz items"):
        make_quiz(review, section="References")
