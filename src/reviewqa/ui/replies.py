"""Whole chat replies as HTML: the answer sentence over the cards, the not-answered notice, lookups, errors.

`render_reply` turns each record `chat.turn.respond` returns into one block of escaped HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from reviewqa.chat.compose import AnswerSentence, ComposedAnswer, QueryTerms
from reviewqa.chat.turn import GlossaryReply, ReferenceReply, Reply, SearchReply
from reviewqa.corpus.glossary import shown_long_forms
from reviewqa.corpus.review import Review
from reviewqa.index.terms import tokenize
from reviewqa.records import Chunk, GlossaryEntry, Kind, Reference
from reviewqa.search.context import Reading
from reviewqa.search.query import MAX_QUERY_CHARS, MAX_RAW_CHARS
from reviewqa.search.results import Hit, SearchResult, hit_for
from reviewqa.ui.cards import card, esc, highlight, mark_citations, reference_chip, table_row_html
from reviewqa.ui.strip import section_strip
from reviewqa.writing.quote import quote_markdown

NOT_ANSWERED = "The review does not seem to answer this. The closest passages are below; read them with care."


def not_answered(missing: str) -> str:
    """The notice above the closest passages: what the review does not cover, when known, then the caution."""
    if not missing:
        return NOT_ANSWERED
    return f"{missing} The closest passages are below; read them with care."


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")  # control characters but tab and newline
CUT_NOTE = f"… (cut here: only the first {MAX_QUERY_CHARS} characters are searched)"


def user_message(text: str) -> str:
    """The user's own words for the chat bubble: HTML-escaped and Markdown-escaped, so they show as typed
    (without control characters, and cut where the search cuts them)."""
    text = _INVISIBLE.sub("", text[:MAX_RAW_CHARS])
    if len(text) > MAX_QUERY_CHARS:
        text = f"{text[:MAX_QUERY_CHARS]}{CUT_NOTE}"
    # Quotes are text here, not an attribute: escaped, the chat would show "don&#x27;t" as typed.
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False)).replace("\n", "<br>")


def _block(inner: str, cls: str = "rq-reply") -> str:
    return f'<div class="{cls}">{inner}</div>'


def answer_block(answer: ComposedAnswer, review: Review, terms: Sequence[str], shown: Sequence[str] = ()) -> str:
    """The composed answer: how the question's words were read (a term the review never uses), then the review's
    own sentences, each ending in its reference numbers (tap one: its citation opens under the sentence) and a
    link to its passage's card below (`shown`: the ids of the cards; a deeper passage is named instead); an
    overview's points under the headings of their sections; a sentence with the one it points back to, as one
    quote."""
    notes = "".join(f'<div class="rq-term-note" role="note">{esc(note)}</div>' for note in answer.notes)
    tag = "ol" if answer.listed else "ul"
    lists = []
    start = 1
    for heading, sentences in answer.groups() if answer.grouped else [("", list(answer.sentences))]:
        items = "".join(_answer_item(sentence, review, terms, shown) for sentence in sentences)
        head = f'<div class="rq-answer-heading">{esc(heading)}</div>' if heading else ""
        first = f' start="{start}"' if tag == "ol" and start > 1 else ""
        listed = " rq-listed" if answer.listed else ""
        lists.append(f'{head}<{tag} class="rq-answer-list{listed}"{first}>{items}</{tag}>')
        start += len(sentences)
    label = "Answer, in the review's own sentences"
    grouped = f' data-form="{esc(answer.form.value)}"' if answer.grouped else ""
    return f'{notes}<div class="rq-answer"{grouped}><div class="rq-label">{esc(label)}</div>{"".join(lists)}</div>'


def _answer_item(sentence: AnswerSentence, review: Review, terms: Sequence[str], shown: Sequence[str]) -> str:
    refs = "".join(reference_chip(review.reference(n), inline=True) for n in sentence.refs)
    text = highlight(sentence.text, terms).replace("<br>", " · ")
    if sentence.chunk_id in shown or not shown:
        goto = (
            f'<button type="button" class="rq-goto rq-inline rq-goto-{esc(sentence.chunk_id)}" '
            f'title="Show passage #{sentence.rank} below">#{sentence.rank}</button>'
        )
    else:
        goto = (  # a passage deeper than the cards: read it in the review
            f'<button type="button" class="rq-read rq-inline rq-deeper rq-read-{esc(sentence.chunk_id)}" '
            f'title="Read passage {esc(sentence.chunk_id)} in the review">{esc(sentence.chunk_id)}</button>'
        )
    quote = f'<span class="rq-sentence">{text}</span>'
    if sentence.antecedent:  # the sentence and the one it points back to: one quote
        quote = f'<q class="rq-sentence rq-pair">{text}</q>'
    return f'<li class="rq-answer-item">{quote}<span class="rq-sentence-refs"> {refs}{goto}</span></li>'


def search_reply(
    result: SearchResult,
    review: Review,
    query: QueryTerms,
    answer: ComposedAnswer | None = None,
    reading: Reading | None = None,
) -> str:
    """The reply to a question: how it was read, the answer sentence or the not-answered notice, then the cards.

    The query's own words are highlighted; a glossary expansion only as its whole phrase ('cancer-associated
    fibroblasts', not every 'cancer').
    """
    terms = [t for t in query.terms if len(t) > 1]
    phrases = [other for _, other in result.expansions]
    parts = []
    if reading is not None and reading.followup:
        parts.append(f'<div class="rq-reading">Read as a follow-up: <q>{esc(reading.question)}</q></div>')
    elif result.read_as != result.query:
        parts.append(f'<div class="rq-reading">Read as: <q>{esc(result.read_as)}</q></div>')
    if result.expansions:
        pairs = "; ".join(f"{esc(a)} = {esc(b)}" for a, b in result.expansions)
        parts.append(f'<div class="rq-expansions">Also searched: {pairs}</div>')
    if not result.answerable:
        parts.append(f'<div class="rq-notice" role="status">{esc(not_answered(result.missing))}</div>')
    elif answer is not None and answer.sentences:
        parts.append(answer_block(answer, review, terms, [hit.chunk.id for hit in result.hits]))
    if result.answerable:
        parts.append(section_strip(result.hits, review.top_sections))
    if not result.hits:
        parts.append('<div class="rq-notice">No passage matches these filters.</div>')
    top = result.hits[0].score if result.hits else None
    for hit in result.hits:
        if hit.chunk.kind is Kind.TABLE_ROW:
            body = table_row_html(hit.chunk, terms)
        else:
            body = highlight(hit.chunk.text, terms, phrases)
        parts.append(card(hit, body, quote_markdown(hit.chunk, review), top, answered=result.answerable))
    return _block("".join(parts))


def reference_reply(reference: Reference, citing: Sequence[Chunk], review: Review) -> str:
    """Reference n in full and every passage of the review that cites it, citations marked."""
    parts = [
        f'<div class="rq-refhead">Reference [{reference.n}]</div>',
        f'<div class="rq-refcard">{reference_chip(reference).replace("<details ", "<details open ", 1)}</div>',
        f'<div class="rq-label">Cited in {len(citing)} passage{"s" if len(citing) != 1 else ""} of the review</div>',
    ]
    for rank, chunk in enumerate(citing, start=1):
        hit = hit_for(review, chunk, rank)
        body = table_row_html(chunk) if chunk.kind is Kind.TABLE_ROW else mark_citations(chunk.text, reference.n)
        parts.append(card(hit, body, quote_markdown(chunk, review), scored=False))
    return _block("".join(parts))


def distinct_long_forms(entry: GlossaryEntry) -> list[str]:
    """The entry's long forms without singular/plural or hyphen variants, each as the review first printed it."""
    return shown_long_forms(entry, in_its_number=False)


def glossary_reply(entry: GlossaryEntry, passage: Hit | None = None, review: Review | None = None) -> str:
    """An abbreviation, the long forms the review spells it out as, and the passage that explains it as a card."""
    longs = "".join(f"<li>{esc(form)}</li>" for form in distinct_long_forms(entry))
    where = ", ".join(esc(s) for s in entry.sources)
    parts = [
        f'<div class="rq-gloss"><span class="rq-abbr">{esc(entry.abbr)}</span><ul>{longs}</ul>'
        f'<div class="rq-where">defined in: {where}</div></div>'
    ]
    if passage is not None and review is not None:
        body = highlight(passage.chunk.text, tokenize(entry.abbr), entry.long_forms)
        parts.append('<div class="rq-label">Explained in the review</div>')
        parts.append(card(passage, body, quote_markdown(passage.chunk, review), scored=False))
    return _block("".join(parts))


def notice_reply(message: str) -> str:
    """A plain notice (bad input, unknown reference, no glossary entry)."""
    return _block(f'<div class="rq-notice">{esc(message)}</div>')


def render_reply(reply: Reply, review: Review) -> str:
    """The HTML of one chat reply, whatever its kind."""
    if isinstance(reply, SearchReply):
        return search_reply(reply.result, review, reply.query, reply.answer, reply.reading)
    if isinstance(reply, ReferenceReply):
        return "".join(reference_reply(r.reference, r.citing, review) for r in reply.references)
    if isinstance(reply, GlossaryReply):
        return glossary_reply(reply.entry, reply.passage, review)
    return notice_reply(reply.message)


def searching_reply() -> str:
    """The line shown in the chat while a question is searched (app.js scrolls it into view)."""
    return '<div class="rq-searching" role="status">Searching the review<span class="rq-dots">…</span></div>'
