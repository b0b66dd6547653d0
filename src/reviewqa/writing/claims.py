"""What a claim states beyond its topic, checked against its evidence: its numbers, the specific names it uses
(drugs, trials, genes, cell types, populations, authors) and the direction of its effects (increases / decreases,
promotes / inhibits).

Names are found by their form and read from the review, not from a list: a code ('KEYNOTE-042', 'IL-10'), an
acronym, a word rare in English ('anlotinib', 'Tregs'), an abbreviation of the review's glossary or one of its
long forms ('dendritic cells'). A name the review never uses makes the claim one the review does not make; a name
the review uses but not in the evidence makes the evidence a related statement, not the claim.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reviewqa.corpus.glossary import Glossary
from reviewqa.index.terms import STOPWORDS, stem, tokenize
from reviewqa.records import GlossaryEntry
from reviewqa.search.vocabulary import spelled_before_number

RARE_ZIPF = 2.0  # a lower-case word rarer than this in English is a name (a drug, a cell type)
RARE_NAME_ZIPF = 3.0  # a capitalised word inside a sentence rarer than this is a name (an author, a drug)
_NUMBER = re.compile(r"(?<![A-Za-z\d.,])(?<![A-Za-z]-)(\d+(?:\.\d+)?)(?![\d.]*[A-Za-z\d])")
_NUMBER_WORDS = {w: str(i) for i, w in enumerate("zero one two three four five six seven eight nine ten".split())}
_NUMBER_WORD = re.compile(rf"\b(?:{'|'.join(_NUMBER_WORDS)})\b", re.I)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_CODE = re.compile(r"(?<![\w-])(?=[\w-]*[A-Z])(?=[\w-]*\d)[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?![\w-])")
_ACRONYM = re.compile(r"(?<![\w-])[A-Z][A-Za-z]*[A-Z][A-Za-z]*(?![\w])(?!-\w*\d)")
_MUTANT = re.compile(r"(?<![\w-])([A-Z][A-Za-z0-9]*)[-\s](?:mutant|mutated|positive|rearranged|amplified)\b")
_WORD = re.compile(r"(?<![\w-])[A-Za-z][a-z]{3,}(?![\w-])")
_DRUG = re.compile(r"(?:mab|nib|sib|lib|parib|platin|taxel|tecan|rubicin|stat|formin|quine)s?$", re.I)
_TRIAL = re.compile(r"^(?:[A-Z]{5,}-?\d+|[A-Z]{2,}[a-z]+\d+|[A-Z]{3,}-\d{3})$|^[A-Z]{5,}$")
_POPULATION = re.compile(r"-(?:mutant|mutated|positive|negative|rearranged|driven)$|oma$", re.I)
_CELL = re.compile(r"\b(?:cells?|macrophages?|fibroblasts?|lymphocytes?|neutrophils?)$", re.I)
_ET_AL = re.compile(r"\b([A-Z][\w'’-]+)\s+et\s+al\b|\b([A-Z][\w'’-]+)\s+\((?:19|20)\d\d\)")

# Words that say which way an effect goes: stems of the verbs and comparatives of change.
_UP = (
    "increas",
    "enhanc",
    "promot",
    "boost",
    "upregul",
    "up-regul",
    "elev",
    "augment",
    "improv",
    "prolong",
    "acceler",
    "stimul",
    "amplif",
    "more",
    "greater",
    "higher",
    "rais",
    "restor",
    "extend",
)
_DOWN = (
    "decreas",
    "reduc",
    "inhibit",
    "suppress",
    "impair",
    "downregul",
    "down-regul",
    "attenu",
    "diminish",
    "lower",
    "shorten",
    "blunt",
    "dampen",
    "weaken",
    "counteract",
    "abrog",
    "less",
    "fewer",
    "limit",
    "impede",
    "hinder",
    "slow",
    "worsen",
)
_NEGATION = {"not", "no", "never", "without", "fail", "failed", "fails", "neither", "nor"}
_DIRECTION_REACH = 4  # content words after a direction word that it is read to act on


@dataclass(frozen=True)
class Name:
    """A specific name of a claim, what kind of name it is, and its spellings to look for."""

    text: str
    kind: str  # 'drug', 'trial', 'gene or protein', 'cell type', 'population', 'author', 'term'
    forms: tuple[str, ...]


def numbers(text: str) -> set[float]:
    """The figures of a text (not those inside codes such as 'IL-10' or 'G12C', nor bare years; 'three' is 3)."""
    return {float(n) for n in claim_numbers(text)}


def claim_numbers(claim: str) -> list[str]:
    """The figures of a claim as written ('three' as 3), in order, each once."""
    spelled = _NUMBER_WORD.sub(lambda m: _NUMBER_WORDS[m.group().lower()], claim)
    return list(dict.fromkeys(n for n in _NUMBER.findall(spelled) if not _YEAR.match(n)))


def names(claim: str, glossary: Glossary, zipf: Callable[[str], float]) -> list[Name]:
    """The specific names of a claim, each once, in order."""
    found: dict[str, Name] = {}
    authors = {a or b for a, b in _ET_AL.findall(claim)}
    for author in authors:
        found[author.casefold()] = Name(author, "author", (author,))
    pattern, entries = _long_forms(glossary)
    for match in pattern.finditer(claim) if pattern else ():
        spelled = entries[match.group().casefold()]
        kind = "cell type" if _CELL.search(match.group()) else "term"
        found.setdefault(spelled.abbr.casefold(), Name(match.group(), kind, (spelled.abbr, *spelled.long_forms)))
    for match in _MUTANT.finditer(claim):
        gene = match.group(1)
        forms = (match.group(), f"{gene}-mutant", f"{gene} mutation", f"{gene}-mutated", f"mutant {gene}")
        found.setdefault(gene.casefold(), Name(match.group(), "population", forms))
    for match in [*_CODE.finditer(claim), *_ACRONYM.finditer(claim), *_WORD.finditer(claim)]:
        word = match.group()
        key = word.casefold()
        if key in found or word.lower() in STOPWORDS or key in authors:
            continue
        if match.re is _WORD and not _rare_word(word, match.start(), zipf):
            continue
        entry = glossary.abbreviation(word)
        forms = (word, *(entry.long_forms if entry else ()), *((entry.abbr,) if entry else ()))
        found[key] = Name(word, _kind(word, claim[match.end() : match.end() + 12], entry is not None), forms)
    return list(found.values())


@functools.lru_cache(maxsize=4)
def _long_forms(glossary: Glossary) -> tuple[re.Pattern[str] | None, dict[str, GlossaryEntry]]:
    """One pattern for every long form of more than one word in the glossary (longest first), and their entries."""
    entries = {lf.casefold(): e for e in glossary.entries for lf in e.long_forms if len(lf.split()) > 1}
    if not entries:
        return None, entries
    alternatives = "|".join(re.escape(lf) for lf in sorted(entries, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.I), entries


def _rare_word(word: str, at: int, zipf: Callable[[str], float]) -> bool:
    """A word that names something: rare in English, not a word of change ('upregulates'); a capitalised one inside
    the sentence ('Utsumi') by a looser bound."""
    if word.lower().startswith(_UP + _DOWN):
        return False
    if _DRUG.search(word) and zipf(word.lower()) < RARE_NAME_ZIPF:  # an INN stem: 'metformin', 'anlotinib'
        return True
    if word[0].isupper() and at > 0:
        return zipf(word.lower()) < RARE_NAME_ZIPF
    return zipf(word.lower()) < RARE_ZIPF


def _kind(word: str, after: str, in_glossary: bool) -> str:
    if _TRIAL.match(word) and not in_glossary:
        return "trial"
    if _DRUG.search(word):
        return "drug"
    if _POPULATION.search(word) or re.match(r"-(?:mutant|positive|rearranged)|\s+mutations?", after):
        return "population"
    if _CELL.search(word) or in_glossary and word.endswith("s") and word[:-1].isupper():
        return "cell type"
    return "gene or protein" if _CODE.fullmatch(word) or word.isupper() else "term"


def initials(text: str) -> str:
    """The first letters of a text's words (hyphenated parts apart), lower-cased: where an acronym is spelled
    out, its letters stand in a row ('platelet-derived growth factor' -> 'pdgf')."""
    return "".join(word[0] for word in re.findall(r"[a-z0-9]+", text.casefold()))


def spells_out(text_initials: str, acronym: str) -> bool:
    """Whether words of a text (given by their `initials`) spell out an acronym of four letters or more."""
    letters = acronym.rstrip("s").casefold() if acronym[-1:] == "s" else acronym.casefold()
    return len(letters) >= 4 and letters.isalpha() and letters in text_initials


def mentions(text: str, name: Name) -> bool:
    """Whether `text` uses one of the name's spellings (case, hyphens and plurals aside; a word by its first
    letters, so 'metastasize' ~ 'metastasis')."""
    folded = _fold(text)
    for form in name.forms:
        key = _fold(form)
        if " " not in key and key.isalpha() and len(key) >= 7:
            key = key[: max(5, len(key) - 3)]
            if re.search(rf"(?<![a-z0-9]){re.escape(key)}", folded):
                return True
        elif (
            re.search(rf"(?<![a-z0-9]){re.escape(key)}(?:e?s)?(?![a-z0-9])", folded)
            or form.isupper()
            and re.search(rf"{re.escape(key)}(?![a-z])", folded)
        ):
            return True
    if _CODE.fullmatch(name.text) and spelled_before_number(name.text, text):
        return True
    return name.text.isupper() and spells_out(initials(text), name.text)


def _fold(text: str) -> str:
    return re.sub(r"[-\s]+", " ", text.casefold())


def directions(text: str) -> dict[str, int]:
    """Stem of each word an effect acts on -> +1 (up) or -1 (down), read from the direction words before it."""
    words = re.findall(r"[A-Za-z][\w-]*", text.lower())
    acting: dict[str, int] = {}
    for i, word in enumerate(words):
        sign = 1 if word.startswith(_UP) else -1 if word.startswith(_DOWN) else 0
        if not sign:
            continue
        if _NEGATION & set(words[max(0, i - 3) : i]):
            sign = -sign
        reach = [w for w in words[i + 1 : i + 1 + 2 * _DIRECTION_REACH] if w not in STOPWORDS][:_DIRECTION_REACH]
        for target in reach:
            if target.startswith(_UP + _DOWN):
                break
            acting.setdefault(stem(target), sign)
    return acting


def opposite_direction(claim: str, evidence: Iterable[str]) -> str:
    """The word of the claim whose effect the claim and its evidence give opposite directions ('' when none)."""
    said = directions(claim)
    if not said:
        return ""
    found: dict[str, set[int]] = {}
    for text in evidence:
        for target, sign in directions(text).items():
            found.setdefault(target, set()).add(sign)
    for target, sign in said.items():
        if found.get(target) == {-sign} and len(target) > 2 and tokenize(target):
            return next((w for w in re.findall(r"[A-Za-z][\w-]*", claim) if stem(w.lower()) == target), target)
    return ""
