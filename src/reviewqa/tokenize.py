"""Lexical tokens that keep biomedical names matchable: EGFR-TKI, T790M, PD-L1, IL-10, miR-200c, CD8+, TGF-β."""

from __future__ import annotations

import functools
import re

import snowballstemmer

GREEK_NAMES = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "κ": "kappa", "μ": "mu", "ε": "epsilon"}
GREEK_LETTER = re.compile("|".join(GREEK_NAMES))
# A compound: letters/digits joined by hyphens; a decimal number stays one token.
_COMPOUND = re.compile(r"\d+\.\d+|[a-z0-9]+(?:-[a-z0-9]+)*")
_BRITISH = (
    (re.compile(r"^(.{3,})our(s?)$"), r"\1or\2"),  # tumour -> tumor, behaviours -> behaviors
    (re.compile(r"^(.{3,})is(e|es|ed|ing|ation|ations)$"), r"\1iz\2"),  # personalised -> personalized
    (re.compile(r"^(.{2,})ys(e|es|ed|ing)$"), r"\1yz\2"),  # analyse -> analyze
    (re.compile(r"^(.*)(?:ae|oe)(m|s|d|n)(.*)$"), r"\1e\2\3"),  # leukaemia -> leukemia, oestrogen
)
_ACRONYM_PLURAL = re.compile(r"\b([A-Za-z]*[A-Z][A-Za-z0-9]*[A-Z0-9])s\b")  # CAFs, MDSCs, ILC3s, lncRNAs
_PLURAL_SIS = re.compile(r"(.{3,})ses$")  # metastases -> metastasis (the stemmer keeps them apart)

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because been before
    being below between both but by can could did do does doing don't down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is isn't
    it its itself just let me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours yourself yourselves tell
    explain describe describes described give list name show shown please kind kinds way ways thing
    things much many well quiz question role roles according paper mentioned mention
    mentions say says said vs versus etc
    """.split()
)

_stemmer = snowballstemmer.stemmer("english")


def normalise_spelling(word: str) -> str:
    """British spelling to American, for a lower-case word: tumour -> tumor, personalised -> personalized."""
    for pattern, replacement in _BRITISH:
        word = pattern.sub(replacement, word)
    return word


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A word's index form: British spelling to American, then Snowball-stemmed; names with digits kept."""
    if not word.isalpha():
        return word
    return _stemmer.stemWord(_PLURAL_SIS.sub(r"\1sis", normalise_spelling(word)))


def _compound_terms(compound: str) -> list[str]:
    """'anti-pd-l1' -> the parts (anti, pd, l1) and every joined run (antipd, pdl1, antipdl1)."""
    parts = compound.split("-")
    if len(parts) == 1:
        return [compound]
    terms = [p for p in parts if not p.isdigit() and (len(p) > 1 or p.isdigit())]
    for size in range(2, len(parts) + 1):
        for start in range(len(parts) - size + 1):
            terms.append("".join(parts[start : start + size]))
    return terms


def raw_terms(text: str) -> list[str]:
    """Lower-cased terms before stop-wording and stemming."""
    text = _ACRONYM_PLURAL.sub(r"\1", text)
    # Greek letters become words joined by hyphens: 'γδ' -> 'gamma-delta', 'TGF-β' -> 'tgf-beta'.
    text = GREEK_LETTER.sub(lambda m: f"-{GREEK_NAMES[m.group()]}-", text.lower())
    text = re.sub(r"-{2,}", "-", text)
    terms: list[str] = []
    for compound in _COMPOUND.findall(text):
        terms.extend(_compound_terms(compound.strip("-")))
    return terms


def tokenize(text: str) -> list[str]:
    """Index terms of `text`: stopwords dropped, words stemmed, biomedical names kept whole and in parts."""
    return [stem(t) for t in raw_terms(text) if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]
