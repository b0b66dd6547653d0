"""The review's own words, for telling a specialised word of a question that the review never uses: its words
(and their beginnings, for inflections and typos), and the gene, variant and compound codes it prints or spells
out.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet

from reviewqa.corpus.glossary import best_long_form
from reviewqa.index.terms import STOPWORDS, normalise_spelling
from reviewqa.search.spelling import Speller, typo_of_common_word

RARE_ZIPF = 2.0  # wordfreq: ~1 use per 10 million English words; drug and gene names score 0-1.7
_MIN_SPECIAL_LENGTH = 5
_WORD_PREFIXES = ("re", "de", "co", "non", "un", "anti", "pre", "post", "hyper", "hypo", "over", "under", "multi")
# A code: letters and digits with a capital ('KEAP1', 'STK11', 'G12D', 'IL-6', 'CD8'), not a number or a year.
# A Greek letter is part of it ('HIF-1α', 'CD47-SIRPα'), as the review prints one.
_CODE = re.compile(r"(?<![\w+-])(?=[\w-]*[A-Z])(?=[\w-]*\d)[A-Za-z][A-Za-z0-9α-ω]*(?:-[A-Za-z0-9α-ω]+)*\+?(?![\w+-])")
_GREEK = str.maketrans({"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "κ": "kappa"})
_WORD = re.compile(r"[a-z][a-z]+")
# 'HIF-1a' (a Latin letter for the Greek) or 'HIF-1α' is hypoxia-inducible factor-1α; 'NF-kB' aside (no digit before)
_GREEK_TAIL = re.compile(r"(.*\d)-?[abgdkα-ω](?:-[a-z]+)?")  # … and 'HIF-1α-mediated' too
_RECEPTOR = re.compile(r"(.*\d)R")  # 'CSF-1R', 'IL-6R'
CLIPPED_MIN = 4  # 'durva', 'nivo', 'pembro': a drug's name cut short, as clinicians write it
CLIPPED_FROM = 9  # … from a name of at least this many letters
_LOWER_TAIL = re.compile(r"(.*?[A-Z0-9])-?[a-zα-ω]+")  # 'ILC3-derived' -> 'ILC3', 'CD47-SIRPa' -> 'CD47-SIRP'
# Ordinary words only (as typed: 'adagrasib', 'Lobectomy'); acronyms and gene symbols ('KEAP1', 'shRNA',
# 'TLR7') are left out: the review often spells such names out, so their absence proves nothing.
_TYPED_WORD = re.compile(r"(?<![\w-])[A-Za-z]?[a-z]+(?![\w-])")


def english_zipf(word: str) -> float:
    """How common `word` is in general English, on the Zipf scale (0 = unseen, 7 = 'the')."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


class Vocabulary:
    """The review's own words (and their beginnings, for inflections and typos)."""

    def __init__(
        self,
        review_texts: Iterable[str],
        zipf: Callable[[str], float] = english_zipf,
        speller: Speller | None = None,
    ):
        review_texts = list(review_texts)
        typed = {w for text in review_texts for w in _WORD.findall(text.lower())}
        codes = [c for text in review_texts for c in _CODE.findall(text)]
        self.review_codes = {_code_key(c) for c in codes}
        self._code_bases = {_code_key(_base(c)) for c in codes}  # 'CD47-SIRPα' -> 'CD47-SIRP'
        self._prose = "\n".join(review_texts)
        self._spelled_codes: dict[str, bool] = {}
        self.review_words = {normalise_spelling(w) for w in typed}
        self._prefixes = {w[:n] for w in self.review_words for n in range(5, len(w) + 1)}
        self._zipf = zipf
        self._speller = speller

    @functools.cached_property
    def clipped(self) -> dict[str, str]:
        """The beginnings ('durva', 'pembro') of the review's long, rare words (drug names) that begin only one of
        them: built on first need, as the zipf table it reads is loaded only then."""
        names = [w for w in self.review_words if len(w) >= CLIPPED_FROM and self._zipf(w) < RARE_ZIPF]
        begun: dict[str, set[str]] = {}
        for name in names:
            for n in range(CLIPPED_MIN, len(name) - 2):
                begun.setdefault(name[:n], set()).add(name)
        return {start: next(iter(full)) for start, full in begun.items() if len(full) == 1}

    def _prints(self, code: str) -> bool:
        """Whether the review prints a code, or spells it out before its number ('protein arginine
        methyltransferase 1' is PRMT1, 'Toll-like receptor 7/8' is TLR7)."""
        key = _code_key(code)
        if key in self.review_codes:
            return True
        # An ordinary word or a spelled Greek letter after the code ('ILC3-derived', 'SIRPalpha', 'SIRPa'): the
        # review prints the code alone ('ILC3s', 'CD47-SIRP $\alpha$').
        if _code_key(_base(code)) in self.review_codes | self._code_bases:
            return True
        # A Greek letter, or one typed as its Latin letter ('HIF-1α', 'HIF-1a': the review spells out
        # hypoxia-inducible factor-1α), a receptor by its ligand's code ('CSF-1R': it prints CSF-1 and its receptor).
        shorter = _GREEK_TAIL.fullmatch(code) or _RECEPTOR.fullmatch(code)
        if shorter is not None and self._prints(shorter.group(1)):
            return True
        if key not in self._spelled_codes:  # scanned once per code (a benign race between threads)
            self._spelled_codes[key] = spelled_before_number(code, self._prose)
        return self._spelled_codes[key]

    def foreign_terms(self, question: str, known: AbstractSet[str] = frozenset()) -> tuple[str, ...]:
        """Specialised words of the question that the review never uses in any form; `known` are words the search
        already read as the review's (a lay phrase or brand name it expanded: 'avastin' -> bevacizumab)."""
        foreign = []
        for typed in _TYPED_WORD.findall(question):
            raw = typed.lower()
            word = normalise_spelling(raw)
            if len(word) < _MIN_SPECIAL_LENGTH or word in STOPWORDS or raw in known:
                continue
            if word in self.review_words or word in self.clipped:  # 'durva': durvalumab, the one name it begins
                continue
            # An inflection or a typo of a review word shares its beginning: glycolytic ~ glycolysis; a word made
            # from one with an English prefix holds it: repolarization ~ polarization, coinhibitory ~ inhibitory.
            stems = [word] + [word[len(p) :] for p in _WORD_PREFIXES if word.startswith(p) and len(word) - len(p) >= 6]
            if any(self._holds(stem) for stem in stems):
                continue
            if self._speller is not None and self._speller.correct_word(raw) is not None:
                continue  # a typo of a review word: 'angiogensis' ~ 'angiogenesis'
            if self._zipf(raw) < RARE_ZIPF and not typo_of_common_word(raw):  # 'evryone' is not a drug's name
                foreign.append(raw)
        # Gene, variant and compound codes ('KEAP1', 'G12D', 'MRTX1133'): the review prints a code it discusses as
        # a code, so one it never prints (in any spelling of hyphens and case) is not discussed.
        foreign += [code for code in _CODE.findall(question) if not self._prints(code)]
        return tuple(dict.fromkeys(foreign))

    def _holds(self, word: str) -> bool:
        """A review word, or an inflection or typo of one (sharing its beginning: glycolytic ~ glycolysis)."""
        return word in self.review_words or (len(word) >= 7 and word[: max(5, len(word) - 4)] in self._prefixes)


def spelled_before_number(code: str, prose: str) -> bool:
    """Whether `prose` spells a code out before its number ('C-C motif chemokine ligand 5' is CCL5)."""
    parts = re.fullmatch(r"([A-Za-z]+)-?(\d+)", code)
    if parts is None:
        return False
    letters, number = parts.groups()
    for found in re.finditer(rf"(?<![\w.]){number}(?!\d)", prose):
        window = " ".join(prose[max(0, found.start() - 120) : found.start()].split()[-(len(letters) + 3) :])
        if re.search(r"(?<![\w-])[A-Z]{2,}-?$", window):
            continue  # the number of another code ('… factor-1α and BCL-2' is no HIF-2)
        if best_long_form(letters, window):
            return True
    return False


def _code_key(code: str) -> str:
    """'IL-6' ~ 'IL6', 'CD8+' ~ 'CD8', 'ILC1s' ~ 'ILC1', 'HIF-1α' ~ 'HIF1alpha'."""
    return re.sub(r"(?<=\d)s$", "", code.replace("-", "").rstrip("+").translate(_GREEK).casefold())


def _base(code: str) -> str:
    """A code without the word or Greek letter after it: 'ILC3-derived' -> 'ILC3', 'SIRPalpha' -> 'SIRP'."""
    tail = _LOWER_TAIL.fullmatch(code)
    return tail.group(1) if tail else code
