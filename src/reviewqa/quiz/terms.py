"""Key terms a quiz may blank in a sentence: glossary terms, genes and proteins, drugs, cell types, figures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from reviewqa.corpus.glossary import Glossary
from reviewqa.index.terms import STOPWORDS
from reviewqa.quiz.checking import contains_term, equivalent_forms, loose, normalise
from reviewqa.records import GlossaryEntry


class Category(str, Enum):
    """What a key term is; multiple-choice distractors share the answer's category."""

    CELL = "cell type"
    MOLECULE = "gene/protein/pathway"
    DRUG = "drug"
    DRUG_CLASS = "drug class"
    TRIAL = "clinical trial"
    PERCENT = "figure (%)"
    DURATION = "figure (time)"
    TERM = "glossary term"


@dataclass(frozen=True)
class Term:
    """One blankable occurrence of a key term in a sentence."""

    text: str
    start: int
    end: int
    category: Category


# Too common or too generic to ask about, or not a name at all (cell lines, phenotypes, imaging).
_NOT_ASKED = {
    normalise(t)
    for t in "TME NSCLC RNA mRNA DNA M1 M2 A549 T1 MRI PET C-C Ib I II III IV IL CCL CCR miR ID E1B NEO-PV-01".split()
} | {normalise("lung cancer"), normalise("tumor microenvironment"), normalise("non-small-cell lung cancer")}

_FIGURE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?(?:%| months?\b| years?\b)")
_TRIAL = re.compile(r"\b(?:KEYNOTE|CHECKMATE|IMpower)-?\d+\b")
_DRUG = re.compile(r"\b(?:[A-Za-z][a-z]+(?:mab|tinib|rasib|platin|quine)(?: vedotin| govitecan)?|shikonin)\b")
_INTEGRIN = re.compile(r"\bintegrin β1\b")
_PAIR = re.compile(r"(?P<long>[\w\s,αβγδκ-]+?) \((?P<abbr>[^()]+)\)")
# Glossary entries that are only prefixes of names ('IL' of IL-10, 'miR' of miR-210) are not terms.
_PREFIX_ONLY = {"IL", "CCL", "CCR", "miR"}
_CELL = re.compile(
    r"(?:\b(?:cytotoxic|regulatory|dendritic|endothelial|natural killer|CD8\+|γδ) (?:T )?cells\b"
    r"|\b(?:macrophages|neutrophils|fibroblasts|hepatocytes)\b|\bILC[123]s\b|\bM[12]-TAMs\b)"
)
_COMPOUND = re.compile(r"[A-Za-z0-9αβγδκ+]+(?:(?:-|/(?=\d\b))[A-Za-z0-9αβγδκ+]+)*")
_CELL_WORDS = ("cell", "cells", "macrophage", "macrophages", "fibroblast", "fibroblasts", "lymphocytes", "killer", " t")
_DRUG_WORDS = ("inhibitor", "conjugate")
_MOLECULE_WORDS = (
    "protein",
    "receptor",
    "factor",
    "ligand",
    "gene",
    "proteinase",
    "homeobox",
    "interleukin",
    "periostin",
    "transferase",
    "dehydrogenase",
    "suppressor",
    "leukotriene",
)
_PRIORITY = {Category.PERCENT: 0, Category.DURATION: 0, Category.TRIAL: 1, Category.DRUG: 2, Category.CELL: 3}


def glossary_category(entry: GlossaryEntry) -> Category:
    """Cell type, drug (class), molecule or other term, read from the entry's long forms."""
    long = entry.long_forms[0].casefold()
    if long.endswith(_CELL_WORDS):
        return Category.CELL
    if any(w in long for w in _DRUG_WORDS):
        return Category.DRUG_CLASS
    if any(w in long for w in _MOLECULE_WORDS) or any(c.isdigit() for c in entry.abbr):
        return Category.MOLECULE
    return Category.TERM


def askable_entry(entry: GlossaryEntry) -> bool:
    """Whether a glossary entry is a term worth asking (not a bare prefix like 'IL', not 'TME' or 'NSCLC')."""
    return entry.abbr not in _PREFIX_ONLY and normalise(entry.abbr) not in _NOT_ASKED


def _edge_ok(text: str, start: int, end: int) -> bool:
    """A term ends at a word edge; a hyphen is an edge only beside a plain lower-case word ('anti-', '-derived')."""
    before, after = text[:start], text[end:]
    if before and (before[-1].isalnum() or before[-1] in "+αβγδκ"):
        return False
    if before.endswith("-") and not re.search(r"(?:^|[\s(/])[a-z]{3,}-$", before):
        return False
    if after and (after[0].isalnum() or after[0] in "+αβγδκ"):
        return False
    return not after.startswith("-") or re.match(r"-[a-z]{3,}\b", after) is not None


def _name_like(part: str) -> bool:
    if part.casefold() in ("anti", "non", "pro", "co"):
        return False
    return any(c.isupper() or c.isdigit() or c in "αβγδκ+" for c in part) or part == "c"


def _molecule_runs(sentence: str) -> list[tuple[int, int]]:
    """Spans of gene/protein-like names: hyphen-joined parts with capitals or digits ('c-MET', 'PD-L1', 'TGF-β')."""
    spans = []
    for match in _COMPOUND.finditer(sentence):
        offset, run_start = match.start(), None
        parts = re.split(r"(-)", match.group())
        position = offset
        for part in parts + ["-"]:
            if part == "-":
                position += 1
                continue
            if _name_like(part) and not (run_start is None and part.isdigit()):
                run_start = position if run_start is None else run_start
                run_end = position + len(part)
            elif run_start is not None:
                spans.append((run_start, run_end))
                run_start = None
            position += len(part)
        if run_start is not None:
            spans.append((run_start, run_end))
    return spans


def _is_name(text: str) -> bool:
    """'EGFR', 'c-MET', 'IL-10', 'Nectin-4', 'TGF-β': two capitals, or one with a digit or Greek letter."""
    capitals = sum(c.isupper() for c in text)
    return capitals >= 2 or (capitals == 1 and re.search(r"[\dαβγδκ]", text) is not None)


class TermFinder:
    """Finds blankable key terms, knowing the review's glossary."""

    def __init__(self, glossary: Glossary):
        self.glossary = glossary
        self._glossary_forms: list[tuple[str, Category, bool]] = []
        for entry in glossary.entries:
            if entry.abbr in _PREFIX_ONLY:
                continue
            category = glossary_category(entry)
            self._glossary_forms.append((entry.abbr, category, True))
            self._glossary_forms += [(long, category, False) for long in entry.long_forms]

    def category_of(self, text: str) -> Category:
        """The category a name belongs to: its glossary entry's, a drug class for 'EGFR-TKIs', else molecule."""
        entry = self.glossary.lookup(text)
        if entry is not None:
            return glossary_category(entry)
        parts = [self.glossary.abbreviation(p) for p in text.split("-")]
        if any(p is not None and glossary_category(p) is Category.DRUG_CLASS for p in parts):
            return Category.DRUG_CLASS
        return Category.MOLECULE

    def candidates(self, sentence: str) -> list[Term]:
        """Every key-term occurrence, longest first where they overlap."""
        found: list[Term] = []
        for match in _FIGURE.finditer(sentence):
            unit = Category.PERCENT if match.group().endswith("%") else Category.DURATION
            found.append(Term(match.group(), match.start(), match.end(), unit))
        patterns = ((_TRIAL, Category.TRIAL), (_DRUG, Category.DRUG), (_CELL, Category.CELL))
        for pattern, category in patterns + ((_INTEGRIN, Category.MOLECULE),):
            found += [Term(m.group(), m.start(), m.end(), category) for m in pattern.finditer(sentence)]
        for form, category, is_abbr in self._glossary_forms:
            flags = 0 if is_abbr else re.IGNORECASE
            plural = "s?" if is_abbr and not form.endswith("s") else ""
            for m in re.finditer(re.escape(form) + plural, sentence, flags):
                found.append(Term(m.group(), m.start(), m.end(), category))
        for start, end in _molecule_runs(sentence):
            text = sentence[start:end]
            if _is_name(text):
                found.append(Term(text, start, end, self.category_of(text)))
        found += self._definitions(sentence)
        found = [t for t in found if _edge_ok(sentence, t.start, t.end) and not sentence[t.end :].startswith(" et al")]
        found.sort(key=lambda t: (-(t.end - t.start), _PRIORITY.get(t.category, 9), t.start))
        kept: list[Term] = []
        for term in found:
            if all(term.end <= k.start or term.start >= k.end for k in kept):
                kept.append(term)
        return sorted(kept, key=lambda t: t.start)

    def _definitions(self, sentence: str) -> list[Term]:
        """'cancer-associated fibroblasts (CAFs)': a long form with its abbreviation, blanked together."""
        found = []
        for match in _PAIR.finditer(sentence):
            entry = self.glossary.abbreviation(match["abbr"])
            if entry is None or entry.abbr in _PREFIX_ONLY:
                continue
            for long in entry.long_forms:
                head = match["long"]
                if head.casefold().endswith(long.casefold()):
                    start = match.start("long") + len(head) - len(long)
                    found.append(Term(sentence[start : match.end()], start, match.end(), glossary_category(entry)))
                    break
        return found

    def blankable(self, sentence: str, candidates: list[Term] | None = None) -> list[Term]:
        """Key terms that can be blanked: not a stopword nor too generic, and not given away elsewhere in it
        (`candidates`: the sentence's, when the caller has found them already)."""
        terms = []
        for term in self.candidates(sentence) if candidates is None else candidates:
            forms = equivalent_forms(term.text, self.glossary)
            if len(normalise(term.text)) < 2 or loose(term.text) in STOPWORDS:
                continue
            if any(normalise(form) in _NOT_ASKED for form in forms):
                continue
            rest = sentence[: term.start] + " _ " + sentence[term.end :]
            if any(contains_term(rest, form) for form in forms):
                continue
            terms.append(term)
        return terms
