"""Reading a writer's draft: its sentences with their places (Markdown kept), and the drafts refused in one line."""

from __future__ import annotations

import pytest

from reviewqa.errors import DraftRefused, UsageError
from reviewqa.writing.draft import MAX_DRAFT_CHARS, MAX_SENTENCES, decode_draft, read_draft

DRAFT = """# Resistance in the TME

Lung cancer accounts for 18% of cancer deaths (Smith et al., 2020). TAMs secrete IL-10
and TGF-β [3].

- MDSCs impair T-cell function.
1. Hypoxia promotes stemness.
> CAFs remodel the matrix.

```
Code is not a claim.
```
| Table | rows are not claims either. |
"""


def test_sentences_in_order_with_their_spans_and_markdown_left_out():
    draft = read_draft(DRAFT)
    texts = [s.text for s in draft.sentences]
    assert texts == [
        "Lung cancer accounts for 18% of cancer deaths (Smith et al., 2020).",
        "TAMs secrete IL-10\nand TGF-β [3].",
        "MDSCs impair T-cell function.",
        "Hypoxia promotes stemness.",
        "CAFs remodel the matrix.",
    ]
    assert all(DRAFT[s.start : s.end] == s.text for s in draft.sentences)
    assert [s.index for s in draft.sentences] == [0, 1, 2, 3, 4]


def test_claim_drops_existing_citations_and_line_breaks_but_the_text_keeps_them():
    first, second = read_draft(DRAFT).sentences[:2]
    assert first.claim == "Lung cancer accounts for 18% of cancer deaths."
    assert first.has_citation and second.has_citation
    assert second.claim == "TAMs secrete IL-10 and TGF-β."
    assert read_draft("Utsumi et al. (2025) found that GAS6 enhanced AXL signalling.").sentences[0].claim == (
        "Utsumi et al. found that GAS6 enhanced AXL signalling."
    )


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "the draft is empty"),
        ("  \n\t\n", "the draft is empty"),
        ("# Only a heading\n\n```\ncode only.\n```\n", "no sentences to check"),
        ("Lung cancer. " * (MAX_SENTENCES + 1), f"checks at most {MAX_SENTENCES}"),
        ("x" * (MAX_DRAFT_CHARS + 1), f"over {MAX_DRAFT_CHARS:,} characters"),
        ("\x01\x02\x03\x04 binary \x05\x06", "binary data"),
        (
            "Le cancer du poumon est la première cause de décès par cancer dans le monde. Les macrophages associés "
            "aux tumeurs favorisent la progression tumorale.",
            "does not look like English",
        ),
        (
            "Der Lungenkrebs ist weltweit die häufigste Ursache für Krebstodesfälle und die Makrophagen fördern "
            "das Tumorwachstum.",
            "does not look like English",
        ),
    ],
)
def test_refused_drafts_are_one_line_usage_errors(text, says):
    with pytest.raises(DraftRefused) as refused:
        read_draft(text)
    assert says in str(refused.value)
    assert "\n" not in str(refused.value)
    assert isinstance(refused.value, UsageError) and refused.value.exit_code == 2


def test_binary_bytes_are_refused_and_text_bytes_decoded():
    with pytest.raises(DraftRefused, match="binary"):
        decode_draft(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert decode_draft("TGF-β drives EMT.".encode()) == "TGF-β drives EMT."


def test_a_short_english_draft_is_read():
    assert len(read_draft("Hypoxia induces lncRNA-HAL.").sentences) == 1
