"""Lexical tokens that keep biomedical names matchable: EGFR-TKI, T790M, PD-L1, IL-10, miR-200c, CD8+, TGF-β."""

from __future__ import annotations

import functools
import re
import threading

import snowballstemmer

GREEK_NAMES = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "κ": "kappa", "μ": "mu", "ε": "epsilon"}
GREEK_LETTER = re.compile("|".join(GREEK_NAMES))
# A compound: letters/digits joined by hyphens; a decimal number stays one token.
_COMPOUND = re.compile(r"\d+\.\d+|[a-z0-9]+(?:-[a-z0-9]+)*")
# Every pattern is anchored and every word is at most MAX_WORD characters, so each costs O(word) at worst.
_BRITISH = (
    (re.compile(r"^(.{3,})our(s?)$"), r"\1or\2"),  # tumour -> tumor, behaviours -> behaviors
    (re.compile(r"^(.{3,})is(e|es|ed|ing|ation|ations)$"), r"\1iz\2"),  # personalised -> personalized
    (re.compile(r"^(.{2,})ys(e|es|ed|ing)$"), r"\1yz\2"),  # analyse -> analyze
)
_DIGRAPH = re.compile(r"(?:ae|oe)(?=[msdn])")  # leukaemia -> leukemia, oestrogen (the last one in a word)
ACRONYM_PLURAL = re.compile(r"\b([A-Za-z]*[A-Z][A-Za-z0-9]*[A-Z0-9])s\b")  # CAFs, MDSCs, ILC3s, lncRNAs
MAX_WORD = 64  # longer runs of letters are not words of the review: cut, so no per-word work grows with input
MAX_COMPOUND_RUN = 4  # 'anti-pd-l1' joins up to this many parts: linear in a compound's length, not cubic
MAX_TERMS = 512  # a 2,000-character question has far fewer real terms; the rest are dropped

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

# A Snowball stemmer object keeps per-call state: shared by threads it returns other words' stems. One per thread.
_local = threading.local()


def _stemmer() -> snowballstemmer.stemmer:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer


def normalise_spelling(word: str) -> str:
    """British spelling to American, for a lower-case word: tumour -> tumor, personalised -> personalized."""
    for pattern, replacement in _BRITISH:
        word = pattern.sub(replacement, word, count=1)
    start = max((m.start() for m in _DIGRAPH.finditer(word)), default=-1)
    return word if start < 0 else f"{word[:start]}e{word[start + 2 :]}"


@functools.lru_cache(maxsize=50_000)  # words are at most MAX_WORD characters: a few MB at most
def stem(word: str) -> str:
    """A word's index form: British spelling to American, then Snowball-stemmed; names with digits kept."""
    if not word.isalpha():
        return word
    word = normalise_spelling(word)
    if len(word) >= 6 and word.endswith("ses"):
        word = word[:-3] + "sis"  # metastases -> metastasis (the stemmer keeps them apart)
    return _stemmer().stemWord(word)


def _compound_terms(compound: str) -> list[str]:
    """'anti-pd-l1' -> the parts (anti, pd, l1) and the joined runs of up to MAX_COMPOUND_RUN parts (antipd, pdl1,
    antipdl1)."""
    parts = [part[:MAX_WORD] for part in compound.split("-")]
    if len(parts) == 1:
        return parts
    terms = [p for p in parts if not p.isdigit() and (len(p) > 1 or p.isdigit())]
    # a joined run is spelled as the review spells its parts: 'tumour-associated' -> tumorassociated (the parts
    # themselves are respelled when stemmed, after the stopwords are dropped)
    spelled = [normalise_spelling(p) if p.isalpha() and p not in STOPWORDS else p for p in parts]
    for size in range(2, min(len(parts), MAX_COMPOUND_RUN) + 1):
        for start in range(len(parts) - size + 1):
            terms.append("".join(spelled[start : start + size]))
    return terms


def raw_terms(text: str) -> list[str]:
    """Lower-cased terms before stop-wording and stemming."""
    text = ACRONYM_PLURAL.sub(r"\1", text)
    # Greek letters become words joined by hyphens: 'γδ' -> 'gamma-delta', 'TGF-β' -> 'tgf-beta'.
    text = GREEK_LETTER.sub(lambda m: f"-{GREEK_NAMES[m.group()]}-", text.lower())
    text = re.sub(r"-{2,}", "-", text)
    terms: list[str] = []
    for compound in _COMPOUND.findall(text):
        terms.extend(_compound_terms(compound.strip("-")))
    return terms


def tokenize(text: str, limit: int | None = None) -> list[str]:
    """Index terms of `text`: stopwords dropped, words stemmed, biomedical names kept whole and in parts.

    `limit` keeps the first that many terms (a question's bound; the review's own texts are tokenised whole).
    """
    kept = [t for t in raw_terms(text) if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]
    return [stem(t) for t in (kept if limit is None else kept[:limit])]
