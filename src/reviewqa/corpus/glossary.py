"""Abbreviations ↔ long forms, from 'long form (ABBR)' in the text and the legends under tables and figures."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from reviewqa.corpus.legends import Legend
from reviewqa.records import GlossaryEntry

_PAREN_ABBR = re.compile(r"\(([A-Za-z][A-Za-z0-9αβγδ+-]{0,11})\)")
_WORD = re.compile(r"\S+")
# A word that may be an abbreviation in running text: a capital somewhere, not inside a longer word.
_ABBREVIATION_USE = re.compile(r"(?<![\w-])(?=[\w+-]*[A-Z])[A-Za-z][A-Za-z0-9αβγδ+-]{0,11}(?![\w-])")


def abbreviation_key(abbr: str) -> str:
    """Singular, case-folded form used to merge 'CAFs' with 'CAF'."""
    if len(abbr) > 2 and abbr.endswith("s") and any(c.isupper() for c in abbr[:-1]):
        abbr = abbr[:-1]
    return abbr.casefold()


def long_form_key(long_form: str) -> str:
    """Case-folded long form without a plural 's', hyphens read as spaces."""
    words = re.sub(r"[-\s]+", " ", long_form.casefold()).strip().split(" ")
    words = [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words]
    return " ".join(words)


def _is_plural(long_form: str) -> bool:
    last = long_form.rsplit(" ", 1)[-1]
    return len(last) > 3 and last.endswith("s") and not last.endswith("ss")


def shown_long_forms(entry: GlossaryEntry, *, in_its_number: bool = True) -> list[str]:
    """The long forms to show, one per meaning: a singular/plural or hyphen variant is dropped for the form in
    the abbreviation's own number ('CAFs' -> 'cancer-associated fibroblasts', 'ORR' -> 'objective response rate'),
    or, with `in_its_number=False`, for the form the review printed first."""
    plural = abbreviation_key(entry.abbr) != entry.abbr.casefold()
    chosen: dict[str, str] = {}
    for form in entry.long_forms:
        key = long_form_key(form)
        better = in_its_number and _is_plural(form) == plural and _is_plural(chosen.get(key, form)) != plural
        if key not in chosen or better:
            chosen[key] = form
    return list(chosen.values())


def _looks_like_abbreviation(token: str) -> bool:
    capitals = sum(c.isupper() for c in token)
    return capitals >= 2 or (capitals == 1 and not token[0].isupper()) or (capitals == 1 and len(token) <= 4)


def best_long_form(abbr: str, window: str) -> str | None:
    """Schwartz & Hearst: the shortest tail of `window` whose words spell out `abbr` in order."""
    letters = [c.lower() for c in abbr if c.isalnum()]
    s_idx, l_idx = len(letters) - 1, len(window) - 1
    while s_idx >= 0:
        char = letters[s_idx]
        while l_idx >= 0 and (
            window[l_idx].lower() != char or (s_idx == 0 and l_idx > 0 and window[l_idx - 1].isalnum())
        ):
            l_idx -= 1
        if l_idx < 0:
            return None
        l_idx -= 1
        s_idx -= 1
    start = window.rfind(" ", 0, l_idx + 1) + 1
    if l_idx >= 0 and window[l_idx] == "-" and window[start:l_idx].isupper():
        start = l_idx + 1  # 'EGFR-tyrosine kinase inhibitors (TKIs)' spells out from 'tyrosine'
    long_form = window[start:].strip(" ,;")
    if len(long_form) <= len(abbr) or abbr.casefold() in long_form.casefold().split():
        return None
    return long_form


def definitions_in_text(text: str) -> Iterable[tuple[str, str]]:
    """(abbr, long form) pairs defined as 'long form (ABBR)' in running text."""
    for match in _PAREN_ABBR.finditer(text):
        abbr = match.group(1)
        if not _looks_like_abbreviation(abbr) or abbr.isdigit():
            continue
        before = re.split(r"[();:/]|[.,]\s", text[: match.start()])[-1].rstrip()
        words = _WORD.findall(before)
        window = " ".join(words[-min(len(abbr) + 5, 2 * len(abbr)) :])
        long_form = best_long_form(abbr, window)
        if long_form:
            yield abbr, long_form


def definitions_in_legend(legend: str) -> Iterable[tuple[str, str]]:
    """(abbr, long form) pairs from 'ABBR, long form; ABBR, long form.'"""
    for item in legend.rstrip(".").split(";"):
        abbr, _, long_form = item.strip().partition(", ")
        if abbr and long_form:
            yield abbr.strip(), long_form.strip()


def _lower_first(long_form: str) -> str:
    """'Cancer-associated fibroblasts' at a sentence start -> 'cancer-associated fibroblasts'."""
    if len(long_form) > 1 and long_form[0].isupper() and not long_form[1].isupper() and long_form[1] != "-":
        return long_form[0].lower() + long_form[1:]
    return long_form


class Glossary:
    """Lookup both ways, tolerant of case, plural and hyphens."""

    def __init__(self, entries: Iterable[GlossaryEntry]):
        self.entries = tuple(sorted(entries, key=lambda e: e.abbr.casefold()))
        self._by_abbr = {abbreviation_key(e.abbr): e for e in self.entries}
        self._by_long = {long_form_key(lf): e for e in self.entries for lf in e.long_forms}
        self._last_words = {key.rsplit(" ", 1)[-1] for key in self._by_long}
        tails: dict[str, set[str]] = {}
        for entry in self.entries:
            for long_form in entry.long_forms:
                words = long_form_key(long_form).split(" ")
                for size in (1, 2):
                    if len(words) > size:
                        tails.setdefault(" ".join(words[-size:]), set()).add(entry.abbr)
        # Only tails that point at one abbreviation: 'macrophage' -> TAMs, but not 'cell'.
        self._by_tail = {t: self._by_abbr[abbreviation_key(next(iter(a)))] for t, a in tails.items() if len(a) == 1}

    def lookup(self, term: str) -> GlossaryEntry | None:
        """The entry for an abbreviation or for one of its long forms."""
        term = term.strip()
        return self.abbreviation(term) or self.long_form(term)

    def abbreviation(self, word: str) -> GlossaryEntry | None:
        """The entry whose abbreviation is `word` ('CAFs', 'caf', 'TKI')."""
        entry = self._by_abbr.get(abbreviation_key(word))
        if entry is None and word.casefold().endswith("s"):
            entry = self._by_abbr.get(word.casefold()[:-1])
        return entry

    def long_form(self, phrase: str) -> GlossaryEntry | None:
        """The entry one of whose long forms is `phrase` (case, plural and hyphens ignored)."""
        return self._by_long.get(long_form_key(phrase))

    def may_end_long_form(self, word: str) -> bool:
        """Whether some long form ends in `word` (a cheap test before looking a whole phrase up)."""
        return long_form_key(word).rsplit(" ", 1)[-1] in self._last_words

    def by_tail(self, phrase: str) -> GlossaryEntry | None:
        """The one entry whose long form ends in `phrase` ('macrophages' -> TAMs), if exactly one does."""
        return self._by_tail.get(long_form_key(phrase))

    def spelled_out(self, text: str) -> str:
        """`text` with each abbreviation it uses followed by its long form the first time ('TAMs' -> 'TAMs
        (tumor-associated macrophages)'), unless the text already spells it out: what the embedding model reads, so
        that a passage saying only 'TAMs' is near a question about macrophages."""
        done: set[str] = set()
        folded = text.casefold()

        def spell(match: re.Match[str]) -> str:
            word = match.group()
            entry = self.abbreviation(word)
            if entry is None or entry.abbr in done:
                return word
            done.add(entry.abbr)
            if any(long_form.casefold() in folded for long_form in entry.long_forms):
                return word
            return f"{word} ({entry.long_forms[0]})"

        return _ABBREVIATION_USE.sub(spell, text)

    def __len__(self) -> int:
        return len(self.entries)


def build_glossary(texts: Iterable[str], legends: Iterable[Legend]) -> Glossary:
    """Merge definitions from running text and legends; the abbr shown is its most printed form."""
    texts = list(texts)
    found: dict[str, dict[str, list]] = defaultdict(lambda: {"abbrs": [], "longs": [], "sources": []})
    for text in texts:
        for abbr, long_form in definitions_in_text(text):
            _add(found, abbr, long_form, "text")
    for legend in legends:
        for abbr, long_form in definitions_in_legend(legend.text):
            _add(found, abbr, long_form, legend.source)
    corpus = "\n".join(texts)
    entries = []
    for record in found.values():
        printed = Counter({a: len(re.findall(rf"(?<![\w-]){re.escape(a)}(?![\w-])", corpus)) for a in record["abbrs"]})
        abbr = max(record["abbrs"], key=lambda a: (printed[a], a))
        longs: dict[str, str] = {}
        for long_form in record["longs"]:
            longs.setdefault(long_form.casefold(), _lower_first(long_form))
        entries.append(GlossaryEntry(abbr, tuple(longs.values()), tuple(dict.fromkeys(record["sources"]))))
    return Glossary(entries)


def _add(found: dict, abbr: str, long_form: str, source: str) -> None:
    record = found[abbreviation_key(abbr)]
    record["abbrs"].append(abbr)
    record["longs"].append(long_form)
    record["sources"].append(source)
