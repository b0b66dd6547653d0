"""BibTeX, RIS and CSL-JSON for reference managers (Zotero, Mendeley, EndNote), written as UTF-8 text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from reviewqa.choices import ExportFormat
from reviewqa.writing.styles import LANGUAGE_NAMES
from reviewqa.writing.works import MONTH_ABBREVIATIONS, Work, WorkType

ET_AL_NOTE = "Author list ends with 'et al.' as printed in the review."
_BIBTEX_SPECIAL = re.compile(r"([&%$#_])")
_TITLE_WORD = re.compile(r"[^\s():,;.?!]+")


def export(works: Iterable[Work], fmt: str) -> str:
    """All `works` in one format ('bibtex', 'ris' or 'csl-json'); ValueError for another format."""
    writers = {ExportFormat.BIBTEX: to_bibtex, ExportFormat.RIS: to_ris, ExportFormat.CSL_JSON: to_csl_json}
    return writers[ExportFormat.parse(fmt)](works)


def _notes(work: Work, *, et_al: bool) -> list[str]:
    """Free-text remarks a reference manager should keep with the entry."""
    notes = [ET_AL_NOTE] if et_al and work.et_al else []
    if work.ahead_of_print:
        notes.append("Epub ahead of print")
    if work.caveat:
        notes.append(work.caveat)
    return notes


def bibtex_escape(text: str) -> str:
    """Escape BibTeX's special characters; letters such as é or β stay as UTF-8."""
    return _BIBTEX_SPECIAL.sub(r"\\\1", text.replace("\\", r"\textbackslash{}"))


def bibtex_title(title: str) -> str:
    """Brace words with capitals (beyond a leading one) so styles that lower-case titles keep 'PD-L1' and 'NSCLC'."""
    first_word = True

    def protect(match: re.Match) -> str:
        nonlocal first_word
        word, capitals = match.group(), match.group()[1:] if first_word else match.group()
        first_word = False
        return f"{{{word}}}" if any(ch.isupper() for ch in capitals) else word

    return _TITLE_WORD.sub(protect, bibtex_escape(title))


def bibtex_entry(work: Work) -> str:
    """One @article (or @misc for a preprint) entry."""
    authors = [f"{a.family}, {a.given}" if a.given else f"{{{a.family}}}" for a in work.authors]
    if work.et_al:
        authors.append("others")
    fields = [("author", " and ".join(bibtex_escape(a) for a in authors)), ("title", bibtex_title(work.title))]
    if work.type is WorkType.PREPRINT:
        fields.append(("howpublished", bibtex_escape(work.journal)))
    else:
        fields.append(("journal", bibtex_escape(work.journal_full or work.journal)))
        if work.journal_full and work.journal_full != work.journal:
            fields.append(("shortjournal", bibtex_escape(work.journal)))
    fields.append(("year", str(work.year or "")))
    first, last = work.page_range
    fields += [("volume", work.volume), ("pages", f"{first}--{last}" if last else first), ("doi", work.doi)]
    if work.language:
        fields.append(("language", LANGUAGE_NAMES.get(work.language, work.language)))
    notes = (["Preprint"] if work.type is WorkType.PREPRINT else []) + _notes(work, et_al=False)
    fields.append(("note", bibtex_escape(". ".join(n.rstrip(".") for n in notes))))
    lines = [f"  {name} = {{{value}}}," for name, value in fields if value]
    if work.date:  # the standard month macro (jan..dec), unbraced, after the year
        month = MONTH_ABBREVIATIONS[work.date[1] - 1].lower()
        lines.insert(next(i for i, line in enumerate(lines) if line.startswith("  year")) + 1, f"  month = {month},")
    return "\n".join([f"@{'misc' if work.type is WorkType.PREPRINT else 'article'}{{{work.key},", *lines, "}"])


def to_bibtex(works: Iterable[Work]) -> str:
    """A .bib file: one entry per work, blank lines between."""
    return "\n\n".join(bibtex_entry(w) for w in works) + "\n"


def ris_record(work: Work) -> str:
    """One RIS record: JOUR for articles, UNPB for preprints."""
    tags = [("TY", "UNPB" if work.type is WorkType.PREPRINT else "JOUR"), ("ID", work.key)]
    tags += [("AU", f"{a.family}, {a.given}".rstrip(", ")) for a in work.authors]
    tags += [("TI", work.title), ("T2", work.journal_full or work.journal)]
    if work.type is WorkType.JOURNAL_ARTICLE:
        tags.append(("J2", work.journal))
    first, last = work.page_range
    tags += [("VL", work.volume), ("SP", first), ("EP", last), ("PY", str(work.year or ""))]
    if work.date:
        tags.append(("DA", "{:04d}/{:02d}/{:02d}".format(*work.date)))
    tags += [("DO", work.doi), ("LA", LANGUAGE_NAMES.get(work.language, work.language))]
    tags += [("N1", note) for note in _notes(work, et_al=True)]
    lines = [f"{tag}  - {value}" for tag, value in tags if value]
    return "\n".join([*lines, "ER  - "])


def to_ris(works: Iterable[Work]) -> str:
    """A .ris file: records separated by blank lines."""
    return "\n\n".join(ris_record(w) for w in works) + "\n"


def csl_item(work: Work) -> dict:
    """One CSL-JSON item (the format citeproc, Zotero and pandoc read)."""
    item: dict = {"id": work.key, "citation-key": work.key}
    item["type"] = "article" if work.type is WorkType.PREPRINT else "article-journal"
    item["author"] = [
        {"family": a.family, "given": a.given} if a.given else {"literal": a.family} for a in work.authors
    ]
    item["title"] = work.title
    if work.type is WorkType.PREPRINT:
        item |= {"publisher": work.journal, "genre": "Preprint"}
    else:
        item |= {"container-title": work.journal_full or work.journal, "container-title-short": work.journal}
    optional = {"volume": work.volume, "page": work.pages, "DOI": work.doi, "language": work.language}
    item |= {name: value for name, value in optional.items() if value}
    date_parts = list(work.date) if work.date else [work.year] if work.year else []
    if date_parts:
        item["issued"] = {"date-parts": [date_parts]}
    if work.ahead_of_print:
        item["status"] = "Epub ahead of print"
    notes = _notes(work, et_al=True)
    if notes:
        item["note"] = " ".join(notes)
    return item


def to_csl_json(works: Iterable[Work]) -> str:
    """A CSL-JSON array, UTF-8 characters kept as they are."""
    return json.dumps([csl_item(w) for w in works], ensure_ascii=False, indent=2) + "\n"
