"""Parse the numbered reference list into structured records."""

from __future__ import annotations

import re

from reviewqa.corpus.markup import clean_markup
from reviewqa.records import Reference

_ET_AL = re.compile(r",?\s*\*?et al\.?\*?\.?\s*$")
_JOURNAL = re.compile(r"\s\*(?P<journal>[^*]+)\*\s*(?P<rest>[^*]*)$")
_DOI = re.compile(r"\bdoi:\s*(10\.\S+?)\.?\s*$", re.I)
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_VOLUME_PAGES = re.compile(r"^(?P<volume>[^:\s]+)?\s*:\s*(?P<pages>.+?),\s*(?:19|20)\d\d\b")
_NOTE = re.compile(r"\((In [A-Z][a-z]+|Epub ahead of print)\)")


def parse_reference(n: int, raw: str) -> Reference:
    """One entry: 'Authors: Title. *Journal* Volume: pages, Year.' with the variants the list uses."""
    authors_part, _, after_authors = raw.partition(": ")
    et_al = bool(_ET_AL.search(authors_part))
    authors_part = _ET_AL.sub("", authors_part)
    authors = tuple(a.strip() for a in re.split(r",\s*|\s+and\s+", authors_part) if a.strip())
    journal_match = _JOURNAL.search(after_authors)
    if journal_match:
        title = after_authors[: journal_match.start()].strip()
        journal = clean_markup(journal_match.group("journal")).strip()
        rest = journal_match.group("rest").strip()
    else:
        title, journal, rest = after_authors.strip(), "", ""
    doi_match = _DOI.search(rest)
    doi = doi_match.group(1) if doi_match else ""
    before_doi = rest[: doi_match.start()] if doi_match else rest
    years = _YEAR.findall(before_doi)
    volume, pages = _volume_and_pages(before_doi)
    note = _NOTE.search(rest)
    return Reference(
        n=n,
        authors=authors,
        et_al=et_al,
        title=clean_markup(title).rstrip("."),
        journal=journal,
        volume=volume,
        pages=pages,
        year=int(years[-1]) if years else None,
        doi=doi,
        raw=raw,
        note=note.group(1) if note else "",
        citation=clean_markup(raw),
    )


def _volume_and_pages(text: str) -> tuple[str, str]:
    """'13: e065303, 2023' -> ('13', 'e065303'); '176: 334-347, e12, 2019' -> ('176', '334-347, e12')."""
    match = _VOLUME_PAGES.match(text.strip())
    if not match:
        return "", ""
    volume = match.group("volume") or ""
    pages = match.group("pages").strip()
    if not volume and re.match(r"^[A-Z][a-z]{2} \d", pages):
        return "", ""  # '*bioRxiv*: Jun 22, 2024' is a date, not pages
    return volume, pages


def parse_references(entries: tuple[tuple[int, str], ...]) -> tuple[Reference, ...]:
    """All entries, in list order."""
    return tuple(parse_reference(n, raw) for n, raw in entries)
