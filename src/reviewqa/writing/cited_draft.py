"""A checked draft given back with citations: a mark after each supported sentence — the review's reference
numbers renumbered in the draft's order ([1], [2, 3]) in Vancouver, author–year in APA — and the bibliography of the
works cited. Sentences marked partly or unsupported get nothing; they are listed for the writer to check. The rest
of the draft (its Markdown, its own citations) comes back unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewqa.choices import ExportFormat, Style
from reviewqa.corpus.review import Review
from reviewqa.writing.exports import export
from reviewqa.writing.styles import format_work, in_text
from reviewqa.writing.support import DraftSupport, SentenceSupport
from reviewqa.writing.works import Work, reference_works

BIBLIOGRAPHY_HEADING = "References"
_CLOSING = ".!?;:"


@dataclass(frozen=True)
class CitedDraft:
    """The draft with its citation marks, the works cited (in the bibliography's order) and what to check."""

    style: Style
    draft: str
    works: tuple[Work, ...]
    numbers: dict[int, int]  # the review's reference number -> its number in this draft (Vancouver)
    to_check: tuple[SentenceSupport, ...]

    @property
    def bibliography(self) -> tuple[str, ...]:
        """One entry per work cited: '1. Author: Title…' in Vancouver, APA entries in alphabetical order."""
        if self.style is Style.VANCOUVER:
            return tuple(f"{self.numbers[w.n]}. {format_work(w, self.style)}" for w in self.works if w.n)
        return tuple(sorted((format_work(w, self.style) for w in self.works), key=str.casefold))

    @property
    def text(self) -> str:
        """The cited draft followed by its bibliography, ready to paste."""
        if not self.works:
            return self.draft
        return self.draft.rstrip("\n") + f"\n\n{BIBLIOGRAPHY_HEADING}\n\n" + "\n".join(self.bibliography) + "\n"

    def export(self, fmt: ExportFormat | str) -> str:
        """The works cited as BibTeX, RIS or CSL-JSON."""
        return export(self.works, fmt)


def cite_draft(support: DraftSupport, review: Review, style: Style | str = Style.VANCOUVER) -> CitedDraft:
    """`support`'s draft with a citation mark after each supported sentence, and the works those marks cite."""
    style = Style.parse(style)
    order = list(dict.fromkeys(n for s in support.sentences for n in s.cited_refs))
    numbers = {n: i for i, n in enumerate(order, start=1)}
    works = {n: w for n, w in zip(order, reference_works(review.references, order), strict=True)}
    text, shift = support.draft.text, 0
    for checked in support.sentences:
        if not checked.cited_refs:
            continue
        mark = _mark(checked.cited_refs, style, numbers, works)
        end = _mark_position(checked.sentence.text) + checked.sentence.start + shift
        text = text[:end] + mark + text[end:]
        shift += len(mark)
    to_check = tuple(s for s in support.sentences if not s.supported)
    return CitedDraft(style, text, tuple(works[n] for n in order), numbers, to_check)


def _mark(refs: tuple[int, ...], style: Style, numbers: dict[int, int], works: dict[int, Work]) -> str:
    if style is Style.VANCOUVER:
        return " [" + ",".join(str(numbers[n]) for n in sorted(refs, key=numbers.__getitem__)) + "]"
    return " (" + "; ".join(in_text(works[n])[1:-1] for n in refs) + ")"


def _mark_position(sentence: str) -> int:
    """Where a mark goes in a sentence: before its closing punctuation (and a quote or bracket closing with it)."""
    end = len(sentence)
    while end and sentence[end - 1] in "\"'’”*_":
        end -= 1
    return end - 1 if end and sentence[end - 1] in _CLOSING else len(sentence)
