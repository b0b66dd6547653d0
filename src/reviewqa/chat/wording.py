"""How the question's words were read, said plainly above the answer: a term the review never uses ('cold
tumours') and the words it uses instead, found by the search's own expansions (the lay thesaurus, lay terms); a
key word the review has no use of at all, with the nearest it says (the answer below: found by meaning); a table
named as students number it ('table 1': the review's Table I).

'The review does not use the term 'cold tumours'; it speaks of immune-desert: …'
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reviewqa.corpus.review import Review
from reviewqa.index.terms import tokenize
from reviewqa.search.results import SearchResult
from reviewqa.search.vocabulary import english_zipf

_WORD = re.compile(r"[^\W\d_][\w'-]*")
KEY_WORD_ZIPF = 3.0  # a word this rare in English is a key word of the question (PRMT1), not chat (listed, lots)
MIN_KEY_CHARS = 4
TERM_WORDS = 3  # a phrase read as the review's words is a term up to this long, a way of saying something beyond
_QUOTES = re.compile(r"['‘’\"“”](?=\s)|(?<=\s)['‘’\"“”]")  # quotes around words, not an apostrophe
_QUOTED = re.compile(r"['‘\"“]([^\W\d_][\w-]*)['’\"”]")  # a word the user put in quotes is a key word ('cold')


_BRITISH = ((re.compile(r"(?<=\w\w)our(?=s?\b)"), "or"), (re.compile(r"(?<=\w\w)is(?=ation|e[ds]?\b|ing\b)"), "iz"))


def _squeezed(text: str) -> str:
    """Case-folded, hyphens and spaces alike, British spellings as the review's ('tumour' -> 'tumor')."""
    text = re.sub(r"[\s\-‐-―]+", " ", text).casefold()
    for pattern, american in _BRITISH:
        text = pattern.sub(american, text)
    return text


def wording_notes(result: SearchResult, review_text: str, known: Callable[[str], bool]) -> tuple[str, ...]:
    """One line for each of the question's terms that the review never uses: a phrase the search read as the
    review's words ('cold tumours' -> immune-desert), or a key word it has no use of at all (`known(term)`: the
    index has the term); `review_text` is the whole review as `squeezed_review` gives it."""
    notes = []
    read = set()
    for typed, review_words in result.expansions:
        if _squeezed(typed) in review_text:
            continue  # the review's own term (an abbreviation and its long form)
        typed = _QUOTES.sub("", typed.strip("'‘’\"“”"))
        read.update(tokenize(typed))
        if len(typed.split()) <= TERM_WORDS:  # a term: 'cold tumours', 'immune brakes'
            notes.append(f"The review does not use the term '{typed}'; it was read as the review's '{review_words}'.")
        else:  # a way of saying it: 'don't some lung tumours respond'
            notes.append(f"Your words '{typed}' were read as the review's '{review_words}'.")
    quoted = {w.casefold() for w in _QUOTED.findall(result.read_as)}
    for word in dict.fromkeys(_WORD.findall(result.read_as)):
        terms = tokenize(word)
        common = max(english_zipf(word), english_zipf(_squeezed(word)))  # 'summarise' is as common as 'summarize'
        key = word.casefold() in quoted or common < KEY_WORD_ZIPF
        if len(word) < MIN_KEY_CHARS or not terms or set(terms) & read or not key:
            continue
        if not any(known(t) for t in terms) and _squeezed(word) not in review_text:
            notes.append(f"The review does not use the word '{word}'; the nearest it says is below.")
    if result.table and result.hits:  # 'summarise table 1': searched in Table I's rows only (search.filters)
        notes.append(f"Read as the review's {result.table}: the answer and the passages are its rows.")
    return tuple(notes)


_SQUEEZED: dict[str, str] = {}  # by the review's sha256


def squeezed_review(review: Review) -> str:
    """The review's text as `wording_notes` looks terms up in it: case-folded, hyphens and spaces alike."""
    if review.sha256 not in _SQUEEZED:
        _SQUEEZED[review.sha256] = _squeezed(" \n ".join(chunk.text for chunk in review.chunks))
    return _SQUEEZED[review.sha256]
