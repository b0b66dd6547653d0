"""Forgiving answer checking: case, spaces, hyphens, Greek letters, plurals and glossary abbreviations."""

from __future__ import annotations

import re
from collections.abc import Iterable

from reviewqa.corpus.glossary import Glossary
from reviewqa.index.terms import ACRONYM_PLURAL, GREEK_LETTER, GREEK_NAMES

_WORDS = re.compile(r"[a-z0-9.%+]+")
# '(IL-)6', 'miR-210', 'CCL2': a glossary prefix followed by a number or suffix.
_PREFIXED = re.compile(r"^([A-Za-z]+)[-\s]?(\d[\w]*)$")
_STUDY = re.compile(r"^(?P<author>.+?), (?P<year>\d{4}) \((?P<ref>\d+)\)$")
_LETTERS = "ABCD"
_PAIR = re.compile(r"^(?P<long>.+) \((?P<abbr>[^()]+)\)$")


def spelled_greek(text: str) -> str:
    """'TGF-β' -> 'TGF-beta'."""
    return GREEK_LETTER.sub(lambda m: f"-{GREEK_NAMES[m.group()]}", text).replace("--", "-").lstrip("-")


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def loose(text: str) -> str:
    """Lower case, Greek spelled out, hyphens and slashes as spaces, '%' and 'percent' alike, plurals singular."""
    text = spelled_greek(text).casefold().replace("percent", "%").replace(" %", "%")
    text = re.sub(r"\bet al\b\.?", " ", text)
    words = (w.strip(".") for w in _WORDS.findall(text))
    return " ".join(_singular(w) for w in words if w)


def normalise(text: str) -> str:
    """The comparison key: `loose` without any spaces ('PD-L1', 'pd l1' and 'PDL1' meet)."""
    words = loose(_acronym_singular(text)).split()
    return "".join(words)


def _acronym_singular(text: str) -> str:
    """'TAMs', 'ECs', 'ILC3s' -> 'TAM', 'EC', 'ILC3' (plural of an all-capitals name)."""
    return ACRONYM_PLURAL.sub(r"\1", text)


def contains_term(text: str, term: str) -> bool:
    """Whether `term` (or an equivalent spelling) occurs in `text` as whole words."""
    pattern = r"(?<![a-z0-9])" + re.escape(loose(_acronym_singular(term))) + r"(?![a-z0-9])"
    return re.search(pattern, loose(_acronym_singular(text))) is not None


def equivalent_forms(term: str, glossary: Glossary | None) -> set[str]:
    """`term`, its glossary abbreviation and long forms, and 'IL-10' <-> 'interleukin-10' style expansions."""
    forms = {term}
    pair = _PAIR.match(term.strip())
    if pair:  # 'cancer-associated fibroblasts (CAFs)': either part, or both
        return forms | equivalent_forms(pair["long"], glossary) | equivalent_forms(pair["abbr"], glossary)
    if glossary is None:
        return forms
    entry = glossary.lookup(term) or glossary.lookup(spelled_greek(term))
    if entry is not None:
        forms.add(entry.abbr)
        forms.update(entry.long_forms)
    prefixed = _PREFIXED.match(term.strip())
    if prefixed:
        head = glossary.abbreviation(prefixed.group(1))
        if head is not None and head.abbr.casefold() == prefixed.group(1).casefold():
            forms.update(f"{long} {prefixed.group(2)}" for long in head.long_forms)
    else:
        for entry in glossary.entries:
            for long in entry.long_forms:
                tail = term.strip()[len(long) :]
                if term.casefold().startswith(long.casefold()) and re.fullmatch(r"[-\s]?\d\w*", tail):
                    forms.add(f"{entry.abbr}-{tail.lstrip('- ')}")
    return forms


def same_term(given: str, expected: str, glossary: Glossary | None = None) -> bool:
    """Whether `given` names the same thing as `expected` (forgiving of form, never of content)."""
    given_key = normalise(given)
    if not given_key:
        return False
    if given.strip().casefold() == expected.strip().casefold():
        return True  # 'icis' for 'ICIs': the plural of a lower-cased acronym is not read as one
    keys = {normalise(f) for f in equivalent_forms(expected, glossary)}
    if given_key in keys:
        return True
    # '45' for '45%', '7.1' for '7.1 months': the number alone is the figure.
    number = re.fullmatch(r"(\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?)(%|months?|years?)", normalise(expected))
    return number is not None and given_key == number.group(1).replace("-", "")


def same_study(given: str, expected: str) -> bool:
    """'Utsumi', 'utsumi 2025', 'Utsumi et al (66)' or '66' for 'Utsumi, 2025 (66)'; a wrong year or ref fails."""
    match = _STUDY.match(expected)
    if match is None:
        return normalise(given) == normalise(expected)
    author = normalise(match["author"])
    numbers = re.findall(r"\d+", given)
    words = normalise(re.sub(r"\d+", " ", given))
    if any(n not in (match["year"], match["ref"]) for n in numbers):
        return False
    return words == author or (not words and numbers == [match["ref"]])


def check_answer(
    given: str, expected: str, options: Iterable[str] = (), glossary: Glossary | None = None, study: bool = False
) -> bool:
    """Whether `given` answers an item: an option letter (A-D) or number (1-4), or the answer in any accepted form."""
    options = list(options)
    given = given.strip()
    if options:
        letter = given.rstrip(").").upper()
        index = _LETTERS.find(letter) if len(letter) == 1 and letter in _LETTERS else -1
        # (a number of digits int() reads: a 5,000-digit answer is past its limit, and is simply wrong)
        if letter.isdecimal() and letter.isascii() and len(letter) <= 9 and 1 <= int(letter) <= len(options):
            index = int(letter) - 1
        if 0 <= index < len(options):
            return options[index] == expected
    if study:
        return same_study(given, expected)
    return same_term(given, expected, glossary)
