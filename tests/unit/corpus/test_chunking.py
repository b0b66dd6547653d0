from __future__ import annotations

from reviewqa.corpus.chunking import fit_pieces
from reviewqa.corpus.sentences import split_sentences
from reviewqa.model import count_word_pieces


def test_no_chunk_exceeds_256_word_pieces(review):
    sizes = {c.id: count_word_pieces(c.text) for c in review.chunks}
    assert max(sizes.values()) <= 256
    # The longest paragraph (ADCs and bispecific antibodies) needed two pieces, no more.
    assert [cid for cid in sizes if cid.startswith("s6-p22")] == ["s6-p22.1", "s6-p22.2"]


def test_split_pieces_keep_path_and_own_refs(chunk_by_id):
    first, second = chunk_by_id["s6-p9.1"], chunk_by_id["s6-p9.2"]
    assert first.section_path == second.section_path
    assert first.refs == (119, 120)
    assert second.refs == (121, 122, 123)
    assert second.text.startswith("Furthermore, CAR-T cells have shown promise")


def test_exactly_the_long_paragraphs_are_split(review):
    split = sorted({c.id.split(".")[0] for c in review.chunks if "." in c.id})
    assert split == ["s2-p2", "s3-p2", "s4-p3", "s6-p2", "s6-p22", "s6-p7", "s6-p9"]


def test_sentences_do_not_break_at_abbreviations():
    text = "As shown (Fig. 1), Wang et al. found 7.1 vs. 4.2 months. γδ T cells differ. Next one."
    assert split_sentences(text) == [
        "As shown (Fig. 1), Wang et al. found 7.1 vs. 4.2 months.",
        "γδ T cells differ.",
        "Next one.",
    ]


def test_fit_pieces_leaves_short_text_whole_and_balances_long():
    assert fit_pieces("Short text.", limit=256) == ["Short text."]
    text = " ".join(f"Sentence number {i} talks about tumor cells." for i in range(12))
    pieces = fit_pieces(text, limit=60)
    assert " ".join(pieces) == text
    assert all(count_word_pieces(p) <= 60 for p in pieces)
    sizes = [count_word_pieces(p) for p in pieces]
    assert max(sizes) - min(sizes) <= 12
