"""'The second ones', 'the second factor' and 'the second one' read against the names the previous answer's
sentences showed, on the real model: a history item carrying the sentences it showed is resolved against exactly
those. The old code took the previous answer's second passage (s1-p3 for 'the second ones': MDSCs' passage 6th)."""

from __future__ import annotations

CELLS_ASKED = "Which immune cell populations make the lung cancer microenvironment immunosuppressive?"
CELLS = (
    "The TME in lung cancer is characterized by a complex array of immune cells, including TAMs, MDSCs and Tregs, "
    "which collectively contribute to an immunosuppressive environment (5) (Fig. 1)."
)
CHRONIC = (
    "Chronic inflammation within the TME, for example, has been linked to the development of an immunosuppressive "
    "environment, which facilitates tumor progression and resistance to immunotherapy (11)."
)
TRM = (
    "It has been shown that the expression of checkpoint molecules, such as PD-1 and LAG-3, on Trm cells can limit "
    "their antitumor activity, contributing to therapeutic resistance (75)."
)


def test_the_second_ones_are_the_second_cells_the_answer_listed(assistant):
    history = [
        {"question": CELLS_ASKED, "answer_chunk_ids": ["s2-p2.1", "s1-p3"], "answer_sentences": [CELLS, CHRONIC]}
    ]
    result = assistant.search("how do the second ones shut down T cells?", history=history)
    assert "the second ones (MDSCs)" in result.read_as
    assert result.hits[0].chunk.id == "s2-p2.2"  # 'MDSCs impair cytotoxic T-cell function via reactive oxygen …'


def test_the_sentences_given_are_what_is_resolved(assistant):
    """The same question and passages, another sentence shown: the second one is what that sentence lists."""
    asked = "which checkpoint molecules limit tissue-resident memory T cells?"
    history = [{"question": asked, "answer_chunk_ids": ["s4-p3.2"], "answer_sentences": [TRM]}]
    result = assistant.search("what does the second one bind to?", history=history)
    assert "the second one (LAG-3)" in result.read_as
    assert (
        result.hits[0].chunk.id == "s3-p2.2"
    )  # 'LAG-3, expressed on exhausted T cells, interacts with FGL1' (old: 3rd)
