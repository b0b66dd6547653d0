"""Whether the review reports a detail *of a named thing*: in a sentence that names it (or a table row naming it), or
in the sentence right after one — not merely somewhere in a passage that also names it.

A passage often reports several studies: 'Another ADC, sacituzumab govitecan, … (6).' shares its paragraph with
another drug's 'an ORR of 41%'. Reading the passage whole would answer a question about sacituzumab govitecan's
response rate with the other drug's figure; read sentence by sentence, the review does not report it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reviewqa.corpus.sentences import split_sentences
from reviewqa.index.terms import tokenize
from reviewqa.records import Chunk, Kind
from reviewqa.search.details import Detail
from reviewqa.search.lay_thesaurus import thesaurus_matches
from reviewqa.search.vocabulary import english_zipf

NAMED_ZIPF = 3.0  # a word rarer than this in English is a name ('sacituzumab', 'apatinib')
READ_KINDS = (Kind.TEXT, Kind.TABLE_ROW, Kind.FIGURE)  # the review's prose, its tables and its figure legends


@dataclass(frozen=True)
class Window:
    """One sentence of the review with the sentence after it (in the same passage), and the first one's terms."""

    row: int
    named: frozenset[str]  # the terms of the sentence itself: a thing is named here or not at all
    text: str  # the sentence and the next: 'Zhang et al performed a Phase I trial… The ORR was…'


def windows(chunks: Sequence[Chunk]) -> tuple[Window, ...]:
    """Every sentence of the review's prose, tables and legends as a window (a table row is one sentence); a
    paragraph cut in two passages ('s6-p2.1', 's6-p2.2') is read as one."""
    found = []
    units = [_sentences(c) if c.kind in READ_KINDS else [] for c in chunks]
    for row, sentences in enumerate(units):
        after = units[row + 1][:1] if row + 1 < len(chunks) and _halves(chunks[row], chunks[row + 1]) else []
        for i, sentence in enumerate(sentences):
            following = [*sentences[i + 1 :], *after][:1]
            found.append(Window(row, frozenset(tokenize(sentence)), " ".join([sentence, *following])))
    return tuple(found)


def _sentences(chunk: Chunk) -> list[str]:
    return [chunk.text] if chunk.kind is Kind.TABLE_ROW else split_sentences(chunk.text)


def _halves(first: Chunk, second: Chunk) -> bool:
    """Two passages of one paragraph, as the chunker cuts a long one: the same id but its last '.N'."""
    base = re.compile(r"\.\d+$")
    return bool(base.search(first.id)) and base.sub("", first.id) == base.sub("", second.id)


def is_named(word: str) -> bool:
    """A name rather than an ordinary word: capitals or digits after its first letter, or rare in English."""
    return any(c.isupper() or c.isdigit() for c in word[1:]) or english_zipf(word.lower()) < NAMED_ZIPF


def naming_terms(subject: str) -> list[str]:
    """The terms a sentence must hold to name `subject`: all of its own when it is a name throughout
    ('CHECKMATE-227'), else those of its named parts ('EGFR-mutant' is named by 'patients with EGFR mutations')."""
    whole = tokenize(subject)
    parts = [p for p in re.split(r"[-/]", subject) if p]
    named = [p for p in parts if is_named(p)]
    if not named or len(named) == len(parts):
        return whole
    return [t for p in named for t in tokenize(p) if t in whole]


@dataclass(frozen=True)
class Event:
    """What a rate is asked of, as terms: its own, and the review's words for any lay phrase in it."""

    terms: frozenset[str]
    review_words: tuple[frozenset[str], ...]  # 'side effects' -> {'advers', 'event'}

    @classmethod
    def of(cls, phrase: str, subject: str) -> Event | None:
        """The event of `phrase` apart from the subject's own terms, or None when nothing is left."""
        terms = frozenset(tokenize(phrase)) - set(tokenize(subject))
        words = tuple(frozenset(tokenize(review)) for _, review in thesaurus_matches(phrase))
        return cls(terms, words) if terms else None

    def named_in(self, text: str) -> bool:
        """At least half of its terms in `text`, or all of the review's words for one of its lay phrases."""
        held = set(tokenize(text))
        return 2 * len(self.terms & held) >= len(self.terms) or any(w and w <= held for w in self.review_words)


class DetailSentences:
    """The review's sentence windows, searched for a detail of a named thing."""

    def __init__(self, chunks: Sequence[Chunk]):
        self._windows = windows(chunks)

    def naming(self, subject: str) -> list[Window]:
        """The windows whose first sentence names `subject`: all the terms of its named parts ('EGFR-mutant' is
        named by 'patients with EGFR mutations' too)."""
        terms = set(naming_terms(subject))
        return [w for w in self._windows if terms <= w.named] if terms else []

    def reports(self, detail: Detail, subject: str, event: Event | None = None) -> bool:
        """Whether a sentence naming `subject`, or the one after it, reports `detail` (and names `event`, the
        thing whose rate is asked: 'cytokine release syndrome' in a CAR-T trial is not its disease control rate)."""
        reporting = [w for w in self.naming(subject) if detail.reported.search(w.text)]
        return any(event is None or event.named_in(w.text) for w in reporting)
