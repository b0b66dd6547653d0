"""Whether the review reports a detail *of a named thing*: in a sentence that names it (or a table row naming it), or
in the sentence right after one — not merely somewhere in a passage that also names it.

A passage often reports several studies: 'Another ADC, sacituzumab govitecan, … (6).' shares its paragraph with
another drug's 'an ORR of 41%'. Reading the passage whole would answer a question about sacituzumab govitecan's
response rate with the other drug's figure; read sentence by sentence, the review does not report it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reviewqa.corpus.sentences import split_sentences
from reviewqa.index.terms import tokenize
from reviewqa.records import Chunk, Kind
from reviewqa.search.details import Detail
from reviewqa.search.lay_thesaurus import thesaurus_matches
from reviewqa.search.vocabulary import english_zipf

NAMED_ZIPF = 3.0  # a word rarer than this in English is a name ('sacituzumab', 'apatinib')
QUOTED_WORDS = 6  # a shorter 'sentence' is a run-in head (as search.reading.MIN_WORDS)
READ_KINDS = (Kind.TEXT, Kind.TABLE_ROW, Kind.FIGURE)  # the review's prose, its tables and its figure legends


@dataclass(frozen=True)
class Window:
    """One sentence of the review with the sentence after it (in the same passage), and the first one's terms."""

    row: int
    named: frozenset[str]  # the terms of the sentence itself: a thing is named here or not at all
    text: str  # the sentence and the next: 'Zhang et al performed a Phase I trial… The ORR was…'
    sentence: str  # the first alone, verbatim ('' for a table row, whose cells are no sentence to quote)


def windows(chunks: Sequence[Chunk]) -> tuple[Window, ...]:
    """Every sentence of the review's prose, tables and legends as a window (a table row is one sentence); a
    paragraph cut in two passages ('s6-p2.1', 's6-p2.2') is read as one."""
    found = []
    units = [_sentences(c) if c.kind in READ_KINDS else [] for c in chunks]
    for row, sentences in enumerate(units):
        after = units[row + 1][:1] if row + 1 < len(chunks) and _halves(chunks[row], chunks[row + 1]) else []
        quoted = chunks[row].kind is not Kind.TABLE_ROW
        for i, sentence in enumerate(sentences):
            following = [*sentences[i + 1 :], *after][:1]
            text = " ".join([sentence, *following])
            found.append(Window(row, frozenset(tokenize(sentence)), text, sentence if quoted else ""))
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
        named = set(tokenize(subject))
        terms = frozenset(tokenize(phrase)) - named
        # Only the review's words that are other words ('side effects' -> 'adverse events'), not the same names.
        found = (frozenset(tokenize(review)) for _, review in thesaurus_matches(phrase))
        words = tuple(w for w in found if w - terms - named)
        return cls(terms, words) if terms else None

    def named_in(self, text: str) -> bool:
        """Most of its terms in `text` ('KRAS' alone is no 'KRAS mutation'), or all of the review's words for one
        of its lay phrases."""
        held = set(tokenize(text))
        return 2 * len(self.terms & held) > len(self.terms) or any(w and w <= held for w in self.review_words)


def full_name(question: str, word: str, known: Callable[[str], bool]) -> str:
    """`word` with the named words beside it in `question` that the review uses too: 'govitecan' is
    'sacituzumab govitecan'; 'EGFR-specific CAR-T'."""
    words = list(re.finditer(r"[A-Za-z][\w-]*[A-Za-z0-9]", question))
    at = next((i for i, m in enumerate(words) if m.group() == word), None)
    if at is None:
        return word

    def joins(i: int, j: int) -> bool:  # words i and j (adjacent) are one name
        between = question[words[min(i, j)].end() : words[max(i, j)].start()]
        return between == " " and is_named(words[j].group()) and known(words[j].group())

    first, last = at, at
    while first > 0 and joins(first, first - 1):
        first -= 1
    while last + 1 < len(words) and joins(last, last + 1):
        last += 1
    return question[words[first].start() : words[last].end()]


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

    def closest(self, subject: str, ranked: Sequence[int]) -> Window | None:
        """The sentence naming `subject` in the best-ranked passage of `ranked` (rows), else its first in the review."""
        naming = self.naming(subject)
        order = {row: rank for rank, row in enumerate(ranked)}
        # A run-in head ('ICIs.') is no sentence to quote: a whole sentence first, then the best-ranked passage.
        return min(
            naming, key=lambda w: (len(w.sentence.split()) < QUOTED_WORDS, order.get(w.row, len(order))), default=None
        )


@dataclass(frozen=True)
class MissingDetail:
    """A detail the review does not report of something it names, and the closest thing it does say."""

    detail: str  # 'response rate'
    subject: str  # 'sacituzumab govitecan'
    passage: str  # the id of the closest passage naming the subject
    sentence: str = ""  # its sentence naming the subject, verbatim ('' for a table row)
    event: str = ""  # what a rate is asked of: 'cytokine release syndrome'

    @property
    def message(self) -> str:
        """'The review discusses X but does not report its Y; the closest it comes (s6-p22.1): “…”'."""
        what = f"the {self.detail} with {self.event}" if self.event else f"its {self.detail}"
        said = (
            f"the closest it comes ({self.passage}): “{self.sentence}”"
            if self.sentence
            else (f"the closest passage is {self.passage}.")
        )
        return f"The review discusses {self.subject} but does not report {what}; {said}"
