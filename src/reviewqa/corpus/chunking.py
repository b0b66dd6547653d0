"""Cut passages into chunks that fit the model: long paragraphs split at sentence boundaries."""

from __future__ import annotations

from reviewqa.corpus.citation_marks import cited_refs
from reviewqa.corpus.markup import clean_markup
from reviewqa.corpus.parse import REFERENCES, Passage
from reviewqa.corpus.sentences import split_sentences
from reviewqa.model import MAX_WORD_PIECES, count_word_pieces
from reviewqa.records import Chunk, Kind, Reference

CHUNKER_VERSION = "1"
_SPECIALS = 2  # [CLS] and [SEP]


def passage_chunks(passage: Passage, limit: int = MAX_WORD_PIECES) -> list[Chunk]:
    """One chunk, or several sentence-aligned pieces when the passage exceeds `limit` word pieces."""
    pieces = fit_pieces(passage.text, limit)
    if len(pieces) == 1:
        ids = [passage.id]
    else:
        ids = [f"{passage.id}.{i}" for i in range(1, len(pieces) + 1)]
    return [Chunk(cid, passage.kind, passage.section_path, text, cited_refs(text)) for cid, text in zip(ids, pieces)]


def fit_pieces(text: str, limit: int = MAX_WORD_PIECES) -> list[str]:
    """Split `text` into as few balanced sentence groups as keep each within `limit` word pieces."""
    if count_word_pieces(text) <= limit:
        return [text]
    sentences = [s for sentence in split_sentences(text) for s in _hard_split(sentence, limit)]
    sizes = [count_word_pieces(s) - _SPECIALS for s in sentences]
    for n in range(2, len(sentences) + 1):
        groups = _balanced_groups(sizes, n)
        pieces = [" ".join(sentences[a:b]) for a, b in groups]
        if all(count_word_pieces(p) <= limit for p in pieces):
            return pieces
    return sentences


def _balanced_groups(sizes: list[int], n: int) -> list[tuple[int, int]]:
    """Contiguous groups of `sizes` into `n` parts minimising the largest part (linear partition)."""
    count = len(sizes)
    prefix = [0]
    for size in sizes:
        prefix.append(prefix[-1] + size)
    inf = float("inf")
    best = [[inf] * (count + 1) for _ in range(n + 1)]
    cut = [[0] * (count + 1) for _ in range(n + 1)]
    best[0][0] = 0
    for parts in range(1, n + 1):
        for end in range(parts, count + 1):
            for start in range(parts - 1, end):
                cost = max(best[parts - 1][start], prefix[end] - prefix[start] + _SPECIALS)
                if cost < best[parts][end]:
                    best[parts][end], cut[parts][end] = cost, start
    groups, end = [], count
    for parts in range(n, 0, -1):
        start = cut[parts][end]
        groups.append((start, end))
        end = start
    return groups[::-1]


def _hard_split(sentence: str, limit: int) -> list[str]:
    """A sentence too long for the model on its own, cut at word boundaries (rare safety net)."""
    if count_word_pieces(sentence) <= limit:
        return [sentence]
    words, pieces, current = sentence.split(), [], []  # type: list[str], list[str], list[str]
    for word in words:
        if current and count_word_pieces(" ".join([*current, word])) > limit:
            pieces.append(" ".join(current))
            current = []
        current.append(word)
    pieces.append(" ".join(current))
    return pieces


def reference_chunk(reference: Reference) -> Chunk:
    """A reference entry as a searchable chunk that cites itself."""
    text = f"[{reference.n}] {clean_markup(reference.raw)}"
    return Chunk(f"ref{reference.n}", Kind.REFERENCE, (REFERENCES,), text, (reference.n,))
