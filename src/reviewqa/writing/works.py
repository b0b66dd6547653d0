"""The review and its references as citable works: names split, stable keys, preprints, printed dates."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from reviewqa.index.terms import GREEK_NAMES
from reviewqa.records import Reference

PREPRINT_SERVERS = ("bioRxiv", "medRxiv", "arXiv", "Research Square", "SSRN")
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PRINTED_DATE = re.compile(r"\*:\s*(?P<month>[A-Z][a-z]{2}) (?P<day>\d{1,2}), (?P<year>\d{4})")
_KEY_STOPWORDS = frozenset("a an the of on in and for to with via by from at as is are".split())
_LANGUAGES = {"In Chinese": "zh"}

# Known defects of the printed list that a reader of an export should see (checked by the tests).
CAVEATS = {15: "The journal is printed as 'Volume' in the review's reference list; check the original."}


@dataclass(frozen=True)
class Article:
    """The review itself, as its front matter gives it (the tests check the two agree)."""

    authors: tuple[str, ...]
    title: str
    journal: str
    journal_full: str
    year: int
    doi: str


REVIEW = Article(
    authors=("Liu L", "Yang L", "Li H", "Shang T", "Liu L"),
    title=(
        "The tumor microenvironment in lung cancer: Heterogeneity, therapeutic resistance and emerging "
        "treatment strategies (Review)"
    ),
    journal="Int J Oncol",
    journal_full="International Journal of Oncology",
    year=2025,
    doi="10.3892/ijo.2025.5824",
)


class WorkType(str, Enum):
    """What kind of publication a work is; decides BibTeX, RIS and CSL types."""

    JOURNAL_ARTICLE = "journal_article"
    PREPRINT = "preprint"


@dataclass(frozen=True)
class Name:
    """An author as the review prints it: family name and initials ('Lagoudas', 'GK')."""

    family: str
    initials: str

    @property
    def given(self) -> str:
        """Initials with full stops: 'GK' -> 'G. K.'."""
        return " ".join(f"{letter}." for letter in self.initials)

    @property
    def printed(self) -> str:
        """'Lagoudas GK', as in the reference list."""
        return f"{self.family} {self.initials}".strip()


@dataclass(frozen=True)
class Work:
    """One citable work, fields normalised for citation styles and reference-manager exports."""

    key: str
    type: WorkType
    authors: tuple[Name, ...]
    et_al: bool
    title: str
    journal: str
    volume: str
    pages: str
    year: int | None
    doi: str
    date: tuple[int, int, int] | None = None  # a printed day, for preprints and online-first articles
    journal_full: str = ""
    language: str = ""  # ISO 639-1 code when the review marks the article's language, e.g. 'zh'
    ahead_of_print: bool = False
    caveat: str = ""
    n: int | None = None  # number in the review's reference list; None for the review itself

    @property
    def page_range(self) -> tuple[str, str]:
        """('1034', '1047') for '1034-1047'; ('e065303', '') for an article number."""
        first, dash, last = self.pages.partition("-")
        return (first.strip(), last.strip()) if dash else (self.pages, "")

    @property
    def is_article_number(self) -> bool:
        """True when 'pages' is an e-locator or article number, not a page range."""
        return bool(self.pages) and "-" not in self.pages


def split_name(printed: str) -> Name:
    """'van Dongen GAMS' -> Name('van Dongen', 'GAMS'); a name without initials keeps all as family."""
    family, _, initials = printed.strip().rpartition(" ")
    if family and initials.isalpha() and initials.isupper() and len(initials) <= 4:
        return Name(family, initials)
    return Name(printed.strip(), "")


def printed_date(raw: str) -> tuple[int, int, int] | None:
    """The day printed instead of volume and pages ('*bioRxiv*: Jun 22, 2024'), else None."""
    match = _PRINTED_DATE.search(raw)
    if not match:
        return None
    return int(match["year"]), MONTH_ABBREVIATIONS.index(match["month"]) + 1, int(match["day"])


def _ascii_word(text: str) -> str:
    """Lower-case ASCII letters and digits only: 'Wéber' -> 'weber', 'γδ' -> 'gammadelta'."""
    text = "".join(GREEK_NAMES.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


def base_key(first_author: str, year: int | None, title: str) -> str:
    """'utsumi2025axl': first author's family name, year, first significant title word (up to a hyphen)."""
    family = _ascii_word(split_name(first_author).family) if first_author else "anon"
    word = ""
    for token in title.split():
        candidate = _ascii_word(re.split(r"[-/,:;.]", token, maxsplit=1)[0])
        if candidate and candidate not in _KEY_STOPWORDS:
            word = candidate
            break
    return f"{family}{year or ''}{word}"


def reference_keys(references: tuple[Reference, ...]) -> dict[int, str]:
    """A distinct key per reference number; clashes (none in this review) get a, b, ... in list order."""
    bases = {r.n: base_key(r.authors[0] if r.authors else "", r.year, r.title) for r in references}
    keys: dict[int, str] = {}
    for n, key in bases.items():
        clashing = [m for m, other in bases.items() if other == key]
        keys[n] = key if len(clashing) == 1 else key + "abcdefghijklmnopqrstuvwxyz"[clashing.index(n)]
    return keys


def work_from_reference(reference: Reference, key: str) -> Work:
    """A reference of the list as a Work under `key` (see `reference_keys`)."""
    preprint = reference.journal in PREPRINT_SERVERS
    return Work(
        key=key,
        type=WorkType.PREPRINT if preprint else WorkType.JOURNAL_ARTICLE,
        authors=tuple(split_name(a) for a in reference.authors),
        et_al=reference.et_al,
        title=reference.title,
        journal=reference.journal,
        volume=reference.volume,
        pages=reference.pages,
        year=reference.year,
        doi=reference.doi,
        date=printed_date(reference.raw),
        language=_LANGUAGES.get(reference.note, ""),
        ahead_of_print=reference.note == "Epub ahead of print",
        caveat=CAVEATS.get(reference.n, ""),
        n=reference.n,
    )


def work_from_article(article: Article = REVIEW) -> Work:
    """The review itself as a Work."""
    authors = tuple(split_name(a) for a in article.authors)
    return Work(
        key=base_key(article.authors[0], article.year, article.title),
        type=WorkType.JOURNAL_ARTICLE,
        authors=authors,
        et_al=False,
        title=article.title,
        journal=article.journal,
        volume="",
        pages="",
        year=article.year,
        doi=article.doi,
        journal_full=article.journal_full,
    )


def reference_works(
    references: tuple[Reference, ...], numbers: list[int] | tuple[int, ...] | None = None
) -> list[Work]:
    """Works for the chosen reference numbers (all when None), keys computed over the whole list."""
    keys = reference_keys(references)
    chosen = references if numbers is None else [references[n - 1] for n in numbers]
    return [work_from_reference(r, keys[r.n]) for r in chosen]


def unclean_references(references: tuple[Reference, ...]) -> dict[int, str]:
    """References whose printed entry does not fit 'Journal Volume: pages, Year.' cleanly, and why."""
    issues: dict[int, str] = {}
    for r in references:
        reasons = []
        if r.n in CAVEATS:
            reasons.append(CAVEATS[r.n])
        if r.journal in PREPRINT_SERVERS:
            reasons.append(f"{r.journal} preprint: a date instead of volume and pages")
        elif not r.volume or not r.pages:
            reasons.append("no volume or pages")
        if r.note:
            reasons.append(f"marked '{r.note}'")
        if r.pages and not re.fullmatch(r"[A-Za-z]*\d+(-[\w.]+)?", r.pages):
            reasons.append(f"pages printed as '{r.pages}'")
        if reasons:
            issues[r.n] = "; ".join(reasons)
    return issues
