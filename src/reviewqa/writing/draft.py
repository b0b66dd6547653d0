"""A writer's draft (plain text or Markdown) read into the sentences to check, each with its place in the draft.

Markdown structure is kept: headings, code blocks, tables and HTML lines are not claims and are passed over; a list
item's or a block quote's marker is not part of its sentence; a paragraph wrapped over several lines is one text.
Every sentence keeps its span in the draft (`start`, `end`), so a citation mark can be inserted after it and the
rest of the draft comes back byte for byte. Existing citations stay in the sentence's text; `claim` is the text
without them, as it is searched.

Input that cannot be a draft is refused in one line (`DraftRefused`): empty, binary, too long to check at once, or
not in English (the review is in English).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewqa.corpus.sentences import split_sentences
from reviewqa.errors import DraftRefused
from reviewqa.index.terms import STOPWORDS
from reviewqa.search.vocabulary import english_zipf

MAX_SENTENCES = 100  # checked at once: a worst-case draft costs what 100 sentences cost (benchmarks/support_bench)
MAX_DRAFT_CHARS = 60_000  # about 100 long sentences; a larger draft is refused before it is read
MAX_SENTENCE_CHARS = 1_000  # a longer 'sentence' is checked on its first 1,000 characters
BINARY_SHARE = 0.02  # control or undecodable characters above this share: not text
ENGLISH_SHARE = 0.5  # of a draft's words, at least this share are English words (or the review's)
LANGUAGE_SAMPLE = 400  # words looked at to tell the draft's language
FUNCTION_WORDS_FROM = 12  # a draft of this many words has English function words…
FUNCTION_SHARE = 0.06  # … at least this share of them (one English sentence of the sets: 0.13 or more)

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_SKIPPED_LINE = re.compile(r"^\s{0,3}(?:#{1,6}(?:\s|$)|\||<|[-*_](?:\s*[-*_]){2,}\s*$|\[[^\]]+\]:)")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)]|>)\s+")
# Citations a writer already has: '(12)', '[3, 4]', '[^2]', '(Shi et al., 2021)', '(2025)', '(Smith and Lee 2019)'.
_CITATION = re.compile(
    r"\s*(?:\[\^?\d[\d,\s–-]*\]|\(\d[\d,\s–-]*\)|\((?:[A-Z][\w'’-]+(?:\s+(?:et al\.?|and|&)\s*[\w'’-]*)?,?\s+)?"
    r"(?:19|20)\d\d[a-z]?(?:;\s*[^()]*)?\))"
)
_EMPHASIS = re.compile(r"(?<!\w)[*_`]+|[*_`]+(?!\w)")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


@dataclass(frozen=True)
class DraftSentence:
    """One sentence of the draft: its text as written, where it stands, and the claim searched."""

    index: int
    text: str
    start: int
    end: int

    @property
    def claim(self) -> str:
        """The sentence without its existing citations and emphasis marks, whitespace collapsed."""
        bare = _EMPHASIS.sub("", _CITATION.sub("", self.text))
        return " ".join(bare.split())[:MAX_SENTENCE_CHARS]

    @property
    def has_citation(self) -> bool:
        return bool(_CITATION.search(self.text))


@dataclass(frozen=True)
class Draft:
    """The draft as written and its sentences in order."""

    text: str
    sentences: tuple[DraftSentence, ...]


def decode_draft(data: bytes) -> str:
    """Bytes read from a file or stdin as text; DraftRefused for binary data."""
    if b"\x00" in data[:65536]:
        raise DraftRefused("the draft is binary data, not text; give a plain-text or Markdown file")
    return data.decode("utf-8", errors="replace")


def read_draft(text: str) -> Draft:
    """The draft's sentences; DraftRefused (one line) for an empty, binary, too long or non-English draft."""
    if not isinstance(text, str) or not text.strip():
        raise DraftRefused("the draft is empty; give the sentences to check (plain text or Markdown)")
    _check_text(text)
    if len(text) > MAX_DRAFT_CHARS:
        raise DraftRefused(
            f"the draft is over {MAX_DRAFT_CHARS:,} characters long; support checks at most {MAX_DRAFT_CHARS:,} "
            f"(about {MAX_SENTENCES} sentences) at a time: give it in parts"
        )
    sentences = tuple(
        DraftSentence(i, text[start:end], start, end) for i, (start, end) in enumerate(sentence_spans(text))
    )
    if not sentences:
        raise DraftRefused("the draft has no sentences to check (only headings, code, tables or HTML)")
    if len(sentences) > MAX_SENTENCES:
        raise DraftRefused(
            f"the draft has {len(sentences)} sentences; support checks at most {MAX_SENTENCES} at a time: "
            "give it in parts"
        )
    _check_language(" ".join(s.claim for s in sentences))
    return Draft(text, sentences)


def _check_text(text: str) -> None:
    sample = text[:65536]
    if len(_CONTROL.findall(sample)) > BINARY_SHARE * len(sample):
        raise DraftRefused("the draft is binary data, not text; give a plain-text or Markdown file")


def _check_language(text: str) -> None:
    """English text has English words, and among them its small function words ('the', 'of', 'by')."""
    words = _LETTERS.findall(text)[:LANGUAGE_SAMPLE]
    if not words:
        raise DraftRefused("the draft has no words to check")
    english = sum(1 for w in words if english_zipf(w.lower()) >= 1.0)
    function_words = sum(1 for w in words if w.lower() in STOPWORDS)
    if (len(words) >= 3 and english < ENGLISH_SHARE * len(words)) or (
        len(words) >= FUNCTION_WORDS_FROM and function_words < FUNCTION_SHARE * len(words)
    ):
        raise DraftRefused("the draft does not look like English; the review is in English, so check English text")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) in `text` of every sentence of its prose blocks, in order."""
    spans: list[tuple[int, int]] = []
    for block in _blocks(text):
        spans += _block_sentences(text, block)
    return spans


def _blocks(text: str) -> list[list[tuple[int, int]]]:
    """The prose blocks (paragraphs, list items, quoted lines): each a list of (start, end) of its lines' content."""
    blocks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    in_code = False
    offset = 0
    for line in text.splitlines(keepends=True):
        start, body = offset, line.rstrip("\r\n")
        offset += len(line)
        if _FENCE.match(body):
            in_code = not in_code
        if in_code or _FENCE.match(body) or not body.strip() or _SKIPPED_LINE.match(body):
            current = _close(blocks, current)
            continue
        item = _ITEM.match(body)
        if item:
            current = _close(blocks, current)
            start += item.end()
            body = body[item.end() :]
        lead = len(body) - len(body.lstrip())
        current.append((start + lead, start + len(body)))
    _close(blocks, current)
    return blocks


def _close(blocks: list[list[tuple[int, int]]], current: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if current:
        blocks.append(current)
    return []


def _block_sentences(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences of one block: its lines joined (a wrapped paragraph is one text), mapped back to the draft."""
    joined, starts = "", []
    for start, end in lines:
        if joined:
            joined += " "
        starts.append((len(joined), start))
        joined += text[start:end]
    spans, position = [], 0
    for sentence in split_sentences(joined):
        if not _LETTERS.search(sentence):
            continue
        at = joined.find(sentence, position)
        position = at + len(sentence)
        spans.append((_in_draft(starts, at), _in_draft(starts, position - 1) + 1))
    return spans


def _in_draft(starts: list[tuple[int, int]], at: int) -> int:
    """The draft offset of position `at` of a block's joined text."""
    joined_start, draft_start = max((s for s in starts if s[0] <= at), key=lambda s: s[0])
    return draft_start + at - joined_start
