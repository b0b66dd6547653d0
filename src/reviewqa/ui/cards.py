"""Passages as escaped HTML cards: highlighted query terms, kind badge, section path, reference chips, buttons.

Everything taken from the review or typed by the user goes through `html.escape`; the only markup is ours.
The output is one line with no blank lines, so a Markdown renderer (Gradio's chatbot) keeps it as one HTML block.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Iterable, Sequence

from reviewqa.corpus.citation_marks import citation_groups
from reviewqa.index.terms import tokenize
from reviewqa.records import Chunk, Kind, Reference
from reviewqa.search.results import Hit, match_label, relevance

# Plain words for what a passage is (a student need not know 'front matter'); the filters use the plurals.
KIND_LABELS = {
    Kind.TEXT: "passage",
    Kind.TABLE_ROW: "table row",
    Kind.FIGURE: "figure",
    Kind.REFERENCE: "reference",
    Kind.FRONT_MATTER: "title page",
    Kind.BACK_MATTER: "declarations",
}
KIND_FILTER_LABELS = {
    Kind.TEXT: "passages",
    Kind.TABLE_ROW: "table rows",
    Kind.FIGURE: "figures",
    Kind.REFERENCE: "references",
    Kind.FRONT_MATTER: "title, authors, abstract",
    Kind.BACK_MATTER: "funding and declarations",
}
SECTION_LABELS = {"Front matter": "Title page", "Back matter": "Declarations"}
_WORD = re.compile(r"[A-Za-z0-9α-ωΑ-Ω+]+(?:[-/][A-Za-z0-9α-ωΑ-Ω+]+)*")


def esc(text: object) -> str:
    """HTML-escaped text, quotes included (safe in attributes too)."""
    return html.escape(str(text), quote=True)


def keep_lines(text: str) -> str:
    """Escaped text whose line breaks survive as character references, so the HTML itself stays one line."""
    return esc(text).replace("\r", "").replace("\n", "&#10;")


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern | None:
    """Case-, hyphen- and plural-insensitive regex for glossary phrases ('cancer-associated fibroblasts')."""
    parts = []
    for phrase in sorted({p for p in phrases if p.strip()}, key=len, reverse=True):
        words = [re.escape(w) for w in re.split(r"[\s-]+", phrase.strip()) if w]
        if words:
            parts.append(r"[\s-]+".join(words) + "s?")
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])", re.I) if parts else None


def highlight(text: str, terms: Iterable[str], phrases: Iterable[str] = ()) -> str:
    """Escaped `text` with every word sharing an index term with the query, and every phrase, in <mark>."""
    wanted = set(terms)
    pattern = _phrase_pattern(phrases)
    marked = [(m.start(), m.end()) for m in pattern.finditer(text)] if pattern else []
    for match in _WORD.finditer(text):
        inside = any(s <= match.start() < e for s, e in marked)
        if not inside and wanted and wanted & set(tokenize(match.group())):
            marked.append((match.start(), match.end()))
    return mark_spans(text, marked)


def mark_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Escaped `text` with each (start, end) span in <mark> (overlaps skipped), line breaks as <br>.

    The one escape-and-mark routine: query terms, cited reference numbers and quiz answers all go through it.
    """
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out += [esc(text[pos:start]), f"<mark>{esc(text[start:end])}</mark>"]
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def mark_citations(text: str, n: int) -> str:
    """Escaped `text` with the citation groups that include reference `n` in <mark>."""
    return mark_spans(text, [(start, end) for start, end, numbers in citation_groups(text) if n in numbers])


def citation_html(reference: Reference) -> str:
    """The full citation as the review gives it: authors, title, journal, volume: pages, year, DOI."""
    if not reference.title:
        body = f'<span class="rq-cite-raw">{esc(reference.citation)}</span>'
    else:
        authors = ", ".join(reference.authors) + (" et al" if reference.et_al else "")
        source = " ".join(p for p in (reference.journal, reference.volume) if p)
        source += f": {reference.pages}" if reference.pages else ""
        source += f", {reference.year}" if reference.year else ""
        body = (
            f'<span class="rq-authors">{esc(authors)}</span>: <span class="rq-title">{esc(reference.title)}</span>. '
            f'<span class="rq-journal">{esc(source)}</span>.'
        )
    links = []
    if reference.doi:
        doi_url = "https://doi.org/" + urllib.parse.quote(reference.doi, safe="/.()-_;:")
        links.append(f'DOI <a href="{esc(doi_url)}" target="_blank" rel="noopener noreferrer">{esc(reference.doi)}</a>')
    search = "https://pubmed.ncbi.nlm.nih.gov/?term=" + urllib.parse.quote_plus(reference.title or reference.citation)
    links.append(f'<a href="{esc(search)}" target="_blank" rel="noopener noreferrer">find on PubMed</a>')
    cited_by = (
        f'<button type="button" class="rq-lookup rq-ref-{reference.n}" '
        f'title="Show every passage citing [{reference.n}]">'
        f"passages citing [{reference.n}]</button>"
    )
    return f'<span class="rq-cite">{body} {" · ".join(links)} {cited_by}</span>'


def reference_chip(reference: Reference, inline: bool = False) -> str:
    """A [n] chip that opens to the full citation; `inline`: a reference number in a sentence's text (the citation
    opens under the sentence), not a 44 px chip of its own."""
    cls = "rq-chip rq-inline" if inline else "rq-chip"
    return f'<details class="{cls}"><summary>[{reference.n}]</summary>{citation_html(reference)}</details>'


def chips(references: Sequence[Reference]) -> str:
    """The passage's references as chips, or nothing."""
    if not references:
        return ""
    return '<div class="rq-chips">' + "".join(reference_chip(r) for r in references) + "</div>"


def table_fields(chunk: Chunk) -> list[tuple[str, str]]:
    """A table row's (column, value) pairs in the table's order, 'Refs.' included."""
    return [(column, value) for column, _, value in (line.partition(": ") for line in chunk.table_cells) if value]


def table_row_html(chunk: Chunk, terms: Iterable[str] = ()) -> str:
    """A table row's fields as a compact two-column table, its table's title above (the card of a table row)."""
    rows = "".join(
        f'<tr><th scope="row">{esc(column)}</th><td>{highlight(value, terms)}</td></tr>'
        for column, value in table_fields(chunk)
        if column != "Refs."
    )
    title = chunk.text.split("\n", 1)[0]
    return f'<div class="rq-table-title">{esc(title)}</div><table class="rq-fields"><tbody>{rows}</tbody></table>'


def kind_badge(kind: Kind) -> str:
    return f'<span class="rq-kind rq-kind-{esc(kind.value)}">{esc(KIND_LABELS[kind])}</span>'


def section_path(chunk: Chunk) -> str:
    parts = [SECTION_LABELS.get(chunk.section_path[0], chunk.section_path[0]), *chunk.section_path[1:]]
    return f'<span class="rq-path">{esc(" › ".join(parts))}</span>'


def copy_button(quotation: str) -> str:
    """One click copies the passage as a quotation with its citations (the page's script reads the hidden text).

    The chat's sanitizer drops data-* attributes, so the quotation travels as a hidden sibling element.
    """
    return (
        '<button type="button" class="rq-copy" title="Copy the passage as a quotation, with the review and its '
        f'references">Copy as quotation</button><span class="rq-quote">{keep_lines(quotation)}</span>'
    )


def action_button(action: str, label: str, title: str) -> str:
    """A card button the page's script handles by its class (`rq-collect`, `rq-uncollect`, `rq-up`, …); the card
    names the chunk."""
    return f'<button type="button" class="rq-{esc(action)}" title="{esc(title)}">{esc(label)}</button>'


Action = tuple[str, str, str]  # (class suffix, label, title)
COLLECT: Action = (
    "collect",
    "Collect",
    "Add the passage to the current notebook (Notebooks tab: notes.md, .bib, .ris)",
)
REMOVE: Action = ("uncollect", "Remove", "Take the passage out of the notebook")
MOVE_UP: Action = ("up", "↑", "Move the passage up")
MOVE_DOWN: Action = ("down", "↓", "Move the passage down")
EDIT_NOTE: Action = ("note-edit", "Note", "Write a note of your own on this passage")
NOTEBOOK_ACTIONS = (EDIT_NOTE, MOVE_UP, MOVE_DOWN, REMOVE)
READ: Action = ("read", "Read in context", "Open the passage where it stands in the review (Reader tab)")


def strength(hit: Hit, top_score: float | None) -> str:
    """How well the passage matches, in words and as a bar: 'strong match' (0-1 scale, as `reviewqa ask` says)."""
    value = relevance(hit, top_score or hit.score or 1.0)
    bar = f'<span class="rq-bar" aria-hidden="true"><span style="width:{max(4, round(100 * value))}%"></span></span>'
    title = "How closely this passage matches the question"
    return f'<span class="rq-score" title="{title}">{esc(match_label(value))}{bar}</span>'


def passage_anchor(chunk: Chunk) -> str:
    """The passage's id as a small link to its card: for `reviewqa show ID`, never in a copied quotation."""
    anchor = f"rq-passage-{chunk.id}"
    title = f"Passage {chunk.id} of the review (reviewqa show {chunk.id} prints it with its neighbours)"
    return f'<a class="rq-id" id="{esc(anchor)}" href="#{esc(anchor)}" title="{esc(title)}">{esc(chunk.id)}</a>'


def card(
    hit: Hit,
    body_html: str,
    quotation: str,
    top_score: float | None = None,
    scored: bool = True,
    actions: Sequence[Action] = (COLLECT,),
    answered: bool = True,
) -> str:
    """One passage: rank and how well it matches (when `scored`; the match only when the review `answered`), kind,
    section path, text, chips, copy and `actions` buttons, and the passage id as a small anchor."""
    chunk = hit.chunk
    if scored:
        rank = f'<span class="rq-rank">#{hit.rank}</span>' + (strength(hit, top_score) if answered else "")
    else:
        rank = f'<span class="rq-rank">{hit.rank}.</span>'
    head = f'<div class="rq-head">{rank}{kind_badge(chunk.kind)}{section_path(chunk)}</div>'
    buttons = copy_button(quotation) + action_button(*READ) + "".join(action_button(*action) for action in actions)
    foot = f'<div class="rq-foot">{buttons}{passage_anchor(chunk)}</div>'
    return (
        f'<div class="rq-card rq-chunk-{esc(chunk.id)}">{head}<div class="rq-text">{body_html}</div>'
        f"{chips(hit.references)}{foot}</div>"
    )
