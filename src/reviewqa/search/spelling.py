"""Typos of the review's words, mended: 'angiogensis' -> 'angiogenesis', 'resistent' -> 'resistance'.

A word is mended only when it is not a word of the review, not an ordinary English word ('brake', 'vaping' stay as
typed: they may be lay words or off-topic ones, which answerability must see), and within a small edit distance of
the nearest review word (rapidfuzz, Levenshtein): 1 edit for words of 5-7 letters, 2 for longer ones; of equally
near words, the commoner in English ('sytem' -> 'system', not 'stem').
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from reviewqa.index.terms import STOPWORDS, normalise_spelling, stem

MIN_LENGTH = 5
COMMON_ZIPF = 2.5  # a word at least this common in English is taken as meant, not as a typo
_WORD = re.compile(r"(?<![\w-])[A-Za-z]{5,}(?![\w-])")


def max_edits(word: str) -> int:
    return 1 if len(word) <= 7 else 2


class Speller:
    """The review's own words, to mend a question's typos against."""

    def __init__(self, review_texts: Iterable[str], zipf: Callable[[str], float]):
        words = {w.lower() for text in review_texts for w in re.findall(r"[A-Za-z]{4,}", text)}
        self.words = frozenset(words)
        self._stems = frozenset(stem(w) for w in words)
        self._choices = sorted(words)
        self._zipf = zipf
        self.correct_word = functools.lru_cache(maxsize=20_000)(self._correct_word)

    def _correct_word(self, word: str) -> str | None:
        """The review word `word` is a typo of, or None (a word of the review, an English word, or no single match)."""
        lower = word.lower()
        if len(lower) < MIN_LENGTH or any(c.isupper() for c in word[1:]):  # acronyms and gene names: 'shRNA'
            return None
        if lower in self.words or normalise_spelling(lower) in self.words or stem(lower) in self._stems:
            return None
        if lower in STOPWORDS or self._zipf(lower) >= COMMON_ZIPF:
            return None
        limit = max_edits(lower)
        found = process.extract(lower, self._choices, scorer=Levenshtein.distance, score_cutoff=limit, limit=3)
        if not found:
            return None
        best = min(distance for _, distance, _ in found)
        closest = [choice for choice, distance, _ in found if distance == best]
        return max(closest, key=lambda choice: (self._zipf(choice), choice))  # a tie goes to the commoner word

    def correct(self, text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
        """`text` with each typo replaced by its review word, and the (typo, word) pairs mended."""
        mended: list[tuple[str, str]] = []

        def replace(match: re.Match[str]) -> str:
            word = self.correct_word(match.group())
            if word is None:
                return match.group()
            mended.append((match.group(), word))
            return word

        return _WORD.sub(replace, text), tuple(dict.fromkeys(mended))


COMMON_WORDS = 30_000  # wordfreq's most frequent English words, against which a typo is recognised


@functools.lru_cache(maxsize=1)
def _common_english_words() -> tuple[str, ...]:
    from wordfreq import top_n_list

    return tuple(w for w in top_n_list("en", COMMON_WORDS) if w.isalpha() and len(w) >= MIN_LENGTH - 1)


@functools.lru_cache(maxsize=20_000)
def typo_of_common_word(word: str) -> bool:
    """Whether `word` is a misspelt everyday English word ('evryone', 'becuase'): 1 edit for words of up to 7
    letters, 2 for longer ones (`max_edits`; two swapped letters count as one), to one of the COMMON_WORDS
    commonest."""
    from rapidfuzz.distance import OSA

    found = process.extractOne(word, _common_english_words(), scorer=OSA.distance, score_cutoff=max_edits(word))
    return found is not None
