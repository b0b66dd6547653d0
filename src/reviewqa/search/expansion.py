"""Glossary query expansion: 'CAFs' also searches 'cancer-associated fibroblasts', and back."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewqa.corpus.glossary import Glossary
from reviewqa.index.terms import MAX_TERMS, STOPWORDS, tokenize
from reviewqa.search.lay_terms import BROAD_WORDS, lay_matches
from reviewqa.search.lay_thesaurus import thesaurus_matches

_WORD = re.compile(r"[A-Za-z0-9αβγδ+]+(?:-[A-Za-z0-9αβγδ+]+)*")
_MAX_LONG_FORM_WORDS = 9
# Head nouns too general to stand for one abbreviation ('cells' is in a dozen long forms).
_GENERIC_HEADS = frozenset(
    "cell cells factor factors protein proteins receptor receptors inhibitor inhibitors therapy cancer "
    "transition matrix survival rate rates gene ligand antigen".split()
)


@dataclass(frozen=True)
class ExpandedQuery:
    """A query's own terms plus the glossary terms it implies."""

    text: str
    terms: tuple[str, ...]
    expansion_terms: tuple[str, ...]
    expansions: tuple[tuple[str, str], ...]  # (what the user typed, its other name in the glossary)
    spelled_out: tuple[tuple[str, str], ...]  # the subset where the user typed an abbreviation

    @property
    def dense_text(self) -> str:
        """The query for the embedding model, with the review's words for what it typed after it: 'IL-10 in
        lung cancer? [interleukin-10]' (the typed words are in the text already; repeating them cost word pieces
        and measured no better)."""
        added = dict.fromkeys(meaning for _, meaning in self.spelled_out)
        return self.text if not added else f"{self.text} [{'; '.join(added)}]"


def _abbreviation_matches(words: list[str], glossary: Glossary) -> list[tuple[str, str, bool]]:
    found = []
    for word in words:
        if word.casefold() in STOPWORDS or (word.islower() and len(word) <= 2):
            continue
        entry = glossary.abbreviation(word)
        if entry is not None:
            found.append((word, entry.long_forms[0], True))
    return found


def _long_form_matches(words: list[str], glossary: Glossary) -> list[tuple[str, str, bool]]:
    """Whole long forms ('cancer-associated fibroblasts' -> CAFs); 'interleukin 6' also gives 'IL-6'."""
    found = []
    ends = [glossary.may_end_long_form(word) for word in words]
    for size in range(_MAX_LONG_FORM_WORDS, 0, -1):
        for start in range(len(words) - size + 1):
            if not ends[start + size - 1]:
                continue
            phrase = " ".join(words[start : start + size])
            entry = glossary.long_form(phrase)
            if entry is None:
                continue
            following = words[start + size] if start + size < len(words) else ""
            if re.fullmatch(r"\d{1,3}[a-z]?", following):
                found.append((f"{phrase} {following}", f"{entry.abbr}-{following}", False))
            found.append((phrase, entry.abbr, False))
    return found


def _head_noun_matches(words: list[str], glossary: Glossary) -> list[tuple[str, str, bool]]:
    """The specific tail of a long form: 'macrophages' -> TAMs, 'suppressor cells' -> MDSCs."""
    found = []
    for size in (2, 1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            if size == 1 and (len(phrase) < 7 or phrase.casefold() in _GENERIC_HEADS):
                continue
            entry = glossary.by_tail(phrase)
            if entry is not None:
                found.append((phrase, entry.abbr, False))
    return found


def expand_query(text: str, glossary: Glossary, lay: bool = False, thesaurus: bool = False) -> ExpandedQuery:
    """Tokenize `text` and add the glossary's other name for each abbreviation or long form in it (and, with
    `lay`, the review's words for lay wording: search.lay_terms; with `thesaurus`, search.lay_thesaurus)."""
    words = _WORD.findall(text)
    terms = tokenize(text, limit=MAX_TERMS)
    own = set(terms)
    expansion_terms: list[str] = []
    expansions: list[tuple[str, str]] = []
    spelled_out: list[tuple[str, str]] = []
    matches = _abbreviation_matches(words, glossary) + _long_form_matches(words, glossary)
    matches += _head_noun_matches(words, glossary)
    if lay:
        matches += [(typed, words, not BROAD_WORDS.match(typed)) for typed, words in lay_matches(text)]
    if thesaurus:
        matches += [(typed, words, True) for typed, words in thesaurus_matches(text)]
    for typed, other_name, is_abbreviation in matches:
        new_terms = [t for t in tokenize(other_name) if t not in own and t not in expansion_terms]
        if new_terms:
            expansion_terms.extend(new_terms)
            expansions.append((typed, other_name))
            if is_abbreviation:
                spelled_out.append((typed, other_name))
    return ExpandedQuery(text, tuple(terms), tuple(expansion_terms), tuple(expansions), tuple(spelled_out))
