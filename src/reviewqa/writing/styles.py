"""Format a Work in the review's own Vancouver style or in APA 7, as plain text or Markdown."""

from __future__ import annotations

from reviewqa.choices import Markup, Style
from reviewqa.writing.works import MONTH_ABBREVIATIONS, Work, WorkType

LANGUAGE_NAMES = {"zh": "Chinese"}
_APA_MAX_AUTHORS = 20


def format_work(work: Work, style: Style | str = Style.VANCOUVER, markup: Markup | str = Markup.TEXT) -> str:
    """The full reference entry; UsageError for an unknown style or markup."""
    markup = Markup.parse(markup)
    if Style.parse(style) is Style.VANCOUVER:
        return vancouver(work, markup)
    return apa(work, markup)


def in_text(work: Work) -> str:
    """Author-date in-text citation: '(Bergers & Hanahan, 2008)', '(Liu et al., 2025)'."""
    families = [a.family for a in work.authors]
    if work.et_al or len(families) > 2:
        who = f"{families[0]} et al."
    else:
        who = " & ".join(families)
    return f"({who}, {work.year})"


def _italic(text: str, markup: str) -> str:
    return f"*{text}*" if markup == "md" and text else text


def _end_title(title: str) -> str:
    """A title closed by a full stop unless it already ends in '?', '!' or '.'."""
    return title if title.endswith(("?", "!", ".")) else f"{title}."


def vancouver(work: Work, markup: str = "text") -> str:
    """'Bergers G and Hanahan D: Title. Nat Rev Cancer 8: 592-603, 2008.', the review's own layout."""
    names = [a.printed for a in work.authors]
    if work.et_al:
        authors = ", ".join(names) + ", " + _italic("et al.", markup)
    elif len(names) > 1:
        authors = ", ".join(names[:-1]) + " and " + names[-1]
    else:
        authors = "".join(names)
    journal = _italic(work.journal, markup)
    if work.volume and work.pages:
        source = f"{journal} {work.volume}: {work.pages}, {work.year}"
    elif work.date:
        year, month, day = work.date
        source = f"{journal}: {MONTH_ABBREVIATIONS[month - 1]} {day}, {year}"
    elif work.volume:
        source = f"{journal} {work.volume}, {work.year}"
    else:
        source = f"{journal} {work.year}"
    if work.ahead_of_print:
        source += " (Epub ahead of print)"
    if work.language:
        source += f" (In {LANGUAGE_NAMES.get(work.language, work.language)})"
    text = f"{authors}: {_end_title(work.title)} {source}."
    return f"{text} doi: {work.doi}." if work.doi else text


def _apa_authors(work: Work) -> str:
    names = [f"{a.family}, {a.given}".rstrip(", ") for a in work.authors]
    if work.et_al:
        return ", ".join(names) + ", et al."
    if len(names) == 1:
        return names[0]
    if len(names) > _APA_MAX_AUTHORS:
        return ", ".join(names[: _APA_MAX_AUTHORS - 1]) + ", . . . " + names[-1]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def apa(work: Work, markup: str = "text") -> str:
    """APA 7: 'Bergers, G., & Hanahan, D. (2008). Title. *Nat Rev Cancer*, *8*, 592–603.' (journal as printed)."""
    authors = _apa_authors(work)
    head = f"{authors} ({work.year or 'n.d.'})."
    if work.type is WorkType.PREPRINT:
        title = _italic(work.title, markup) + " [Preprint]."
        source = f"{work.journal}."
    else:
        title = _end_title(work.title)
        source = _italic(work.journal_full or work.journal, markup)
        if work.volume:
            source += ", " + _italic(work.volume, markup)
        if work.is_article_number:
            source += f", Article {work.pages}"
        elif work.pages:
            source += ", " + work.pages.replace("-", "–")
        source += "."
        if work.ahead_of_print:
            source += " Advance online publication."
    text = f"{head} {title} {source}"
    return f"{text} https://doi.org/{work.doi}" if work.doi else text
