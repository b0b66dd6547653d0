"""The Glossary tab as escaped HTML: every abbreviation with its long forms, each row carrying the words a search
box filters on (app.js) and the abbreviation as a button that asks 'define X' in the chat (the long form and the
passage that explains it)."""

from __future__ import annotations

from collections.abc import Sequence

from reviewqa.records import GlossaryEntry
from reviewqa.ui.cards import esc
from reviewqa.ui.replies import distinct_long_forms


def search_key(entry: GlossaryEntry) -> str:
    """What the search box matches: the abbreviation and every long form, lower case, hyphens as spaces too."""
    words = [entry.abbr, *entry.long_forms]
    text = " ".join(words).casefold()
    return f"{text} {text.replace('-', ' ')}"


def define_button(entry: GlossaryEntry) -> str:
    """The abbreviation as a button: the chat answers 'define X' with its long form and its passage."""
    return (
        f'<button type="button" class="rq-define" data-term="{esc(entry.abbr)}" '
        f'title="Show {esc(entry.abbr)} in the chat, with the passage that explains it">{esc(entry.abbr)}</button>'
    )


def glossary_table(entries: Sequence[GlossaryEntry]) -> str:
    """Every abbreviation of the review, sorted, one filterable row each, and the line shown when none matches."""
    rows = "".join(
        f'<tr class="rq-gloss-row" data-search="{esc(search_key(e))}"><td>{define_button(e)}</td>'
        f"<td>{esc('; '.join(distinct_long_forms(e)))}</td></tr>"
        for e in sorted(entries, key=lambda e: e.abbr.casefold())
    )
    head = '<thead><tr><th scope="col">Abbreviation</th><th scope="col">Long form</th></tr></thead>'
    none = '<div class="rq-empty rq-gloss-none" hidden>No abbreviation matches.</div>'
    return f'<table class="rq-glossary">{head}<tbody>{rows}</tbody></table>{none}'
