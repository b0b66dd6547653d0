"""Split review prose into sentences without breaking at 'et al.', 'Fig. 1', 'vs.' or '7.1'."""

from __future__ import annotations

import re

_NO_BREAK_AFTER = ("et al.", "Fig.", "Figs.", "vs.", "e.g.", "i.e.", "Refs.", "Ref.", "approx.", "Dr.", "No.")
_CANDIDATE = re.compile(r"(?<=[.!?])[)\"'’”]*\s+(?=[A-Z0-9(\[<≤≥α-ωΑ-Ω])")


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph, each stripped; joining them with spaces gives the paragraph back."""
    sentences: list[str] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        head = text[start : match.start()]
        if head.endswith(_NO_BREAK_AFTER) or re.search(r"\b[A-Z]\.$", head):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences
