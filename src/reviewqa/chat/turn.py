"""One chat turn: a lookup ('ref 66', 'define CAFs') or a question (read in the context of the previous one).

`respond` returns a `Turn` whose `reply` is one of four records — `SearchReply`, `ReferenceReply`,
`GlossaryReply`, `Notice` — for `ui.replies` to render; nothing here makes HTML.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from reviewqa.chat.compose import ComposedAnswer, QueryTerms, compose
from reviewqa.chat.forms import SHAPES, AnswerForm, answer_form
from reviewqa.chat.lookup import parse_lookup
from reviewqa.chat.lookup_reply import (
    GlossaryReply,
    Notice,
    ReferenceReply,
    lookup_reply,
)
from reviewqa.chat.ranker import NOTHING_SHOWN, RowScorer, ShownSentences, sentence_ranker
from reviewqa.chat.wording import squeezed_review, wording_notes
from reviewqa.choices import Mode
from reviewqa.errors import InvalidQuery
from reviewqa.records import Chunk
from reviewqa.search.assistant import MAX_HISTORY, Assistant
from reviewqa.search.context import Reading
from reviewqa.search.definitions import (
    asks_what_it_stands_for,
    definition_subject,
    opens_on,
    spells_out,
    subject_forms,
)
from reviewqa.search.history import EarlierTurn, earlier_turns
from reviewqa.search.neighbours import NO_SUPPORT, Support
from reviewqa.search.pointing import holds_figures
from reviewqa.search.query import clean_query
from reviewqa.search.reading import unit_reading
from reviewqa.search.results import Hit, SearchResult, hit_for

History = Sequence[str | Mapping | EarlierTurn]
# An overview also reads the passages that answered a broad earlier question this close (search.neighbours), in place
# of its weakest: broad sets left out in turn, concepts 0.669 -> 0.690 (3 against 4 or 6, 0.6 against 0.5 or 0.7).
RECALLED = 3
RECALL_SIMILARITY = 0.6
# A plain question is an overview when its BROAD_NEAREST closest earlier ones were broad (BROAD_SHARE of their
# similarity): 13 broad sets left out in turn, concepts 0.656 -> 0.669; heldout10-15, chats8-10 answers unchanged.
BROAD_NEAREST = 5
BROAD_SHARE = 0.6
REBUILT_TURNS = 512  # earlier turns answered again for a history of questions only (a turn is a few ids)


@dataclass(frozen=True)
class Settings:
    """The chat's controls: passages shown, search mode, kind and section filters."""

    k: int = 5
    mode: Mode | str = Mode.HYBRID
    kinds: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchReply:
    """A question answered: how it was read, the passages, and the sentence that best answers (when it does)."""

    result: SearchResult
    query: QueryTerms
    answer: ComposedAnswer  # empty when the review does not answer
    reading: Reading


Reply = SearchReply | ReferenceReply | GlossaryReply | Notice


@dataclass(frozen=True)
class Turn:
    """The reply, the message searched (None for a lookup or notice), its answer's passages and sentences as shown."""

    reply: Reply
    question: str | None = None
    answer_chunk_ids: tuple[str, ...] = ()
    answer_sentences: tuple[str, ...] = ()

    def after(self, asked: History | None) -> list[EarlierTurn]:
        """The turns searched in the conversation once this one is in (the newest MAX_HISTORY), each with the
        passages its answer came from and the sentences it showed."""
        earlier = earlier_turns(list(asked or ()))
        if not self.question:
            return earlier
        return [*earlier, EarlierTurn(self.question, self.answer_chunk_ids, self.answer_sentences)][-MAX_HISTORY:]


def respond(
    assistant: Assistant, message: str, history: History | str | None = (), settings: Settings | None = None
) -> Turn:
    """The reply to one chat message after the earlier turns searched in this conversation (oldest first: questions,
    or {"question", "answer_chunk_ids", "answer_sentences"}; a single string is one earlier message; earlier answers
    not given are rebuilt); input that cannot be searched gets a notice, never an exception."""
    settings = settings or Settings()
    try:
        message = clean_query(message)  # control characters gone, whitespace collapsed, cut to MAX_QUERY_CHARS
        earlier = grounded(assistant, [history] if isinstance(history, str) else history or (), settings)
    except InvalidQuery as exc:
        return Turn(Notice(f"Cannot search this: {exc}."))
    lookup = parse_lookup(message)
    if lookup is not None:
        reply = lookup_reply(assistant, lookup)
        if reply is not None:
            return Turn(reply)
    try:
        result = assistant.search(
            message,
            k=settings.k,
            mode=settings.mode,
            kinds=list(settings.kinds) or None,
            sections=list(settings.sections) or None,
            history=earlier,
        )
    except InvalidQuery as exc:
        return Turn(Notice(f"Cannot search this: {exc}."))
    reading = result.reading or Reading(result.query)
    query = QueryTerms.from_expanded(result.expanded)
    answer = answer_of(assistant, result, query, settings, earlier=earlier)
    return Turn(SearchReply(result, query, answer, reading), result.query, shown_passages(answer), shown_texts(answer))


def shown_passages(answer: ComposedAnswer) -> tuple[str, ...]:
    """The passages an answer's sentences came from, in answer order, each once."""
    return tuple(dict.fromkeys(s.chunk_id for s in answer.sentences))


def shown_texts(answer: ComposedAnswer) -> tuple[str, ...]:
    """The answer's sentences as shown, in order (one pointing back holds the one it points to)."""
    return tuple(s.text for s in answer.sentences)


def grounded(assistant: Assistant, history: History, settings: Settings | None = None) -> tuple[EarlierTurn, ...]:
    """The newest MAX_HISTORY turns of `history`, each with its answer's passages and sentences: as given, or rebuilt
    by answering the turns in order as the chat would have; InvalidQuery for a bad item."""
    settings = settings or Settings()
    done: list[EarlierTurn] = []
    for turn in earlier_turns(history)[-MAX_HISTORY:]:
        if turn.answer_chunk_ids is None or turn.answer_sentences is None:
            turn = _rebuilt(assistant, turn, tuple(done), settings)
        done.append(turn)
    return tuple(done)


def _rebuilt(
    assistant: Assistant, turn: EarlierTurn, before: tuple[EarlierTurn, ...], settings: Settings
) -> EarlierTurn:
    """`turn` with what it leaves out taken from the chat's answer to its question after `before`: the passages, and
    the sentences (of the passages it names, when it names them; none for a lookup)."""
    answered = _answered(assistant, turn.question, before, settings)
    ids = turn.answer_chunk_ids if turn.answer_chunk_ids is not None else answered.answer_chunk_ids
    texts = turn.answer_sentences
    if texts is None and isinstance(answered.reply, SearchReply):
        texts = tuple(s.text for s in answered.reply.answer.sentences if s.chunk_id in ids)
    return EarlierTurn(turn.question, ids, texts or ())


@functools.lru_cache(maxsize=REBUILT_TURNS)
def _answered(assistant: Assistant, question: str, before: tuple[EarlierTurn, ...], settings: Settings) -> Turn:
    """The chat's turn for `question` after the turns `before` (deterministic: an earlier reply answered again)."""
    return respond(assistant, question, before, settings)


def shown_before(
    assistant: Assistant, earlier: Sequence[EarlierTurn], settings: Settings | None = None
) -> ShownSentences:
    """What the previous answer of the conversation showed: the sentences its turn carries (else those of the
    passages it names, answered again); nothing for a first question."""
    if not earlier or not assistant.techniques.conversation:
        return NOTHING_SHOWN
    last = earlier[-1]
    if last.answer_chunk_ids is None or last.answer_sentences is None:
        last = _rebuilt(assistant, last, tuple(earlier[:-1]), settings or Settings())
    texts = last.answer_sentences or ()
    return ShownSentences.of(texts, assistant.index.lexical.idf) if texts else NOTHING_SHOWN


def answered_json(
    assistant: Assistant, result: SearchResult, settings: Settings | None = None, earlier: Sequence[EarlierTurn] = ()
) -> dict:
    """The JSON of `reviewqa ask --json` and `/ask`: the search's, then "answer" (the composed sentences),
    "answer_chunk_ids" and "answer_sentences" (the passages they came from, their texts as shown: what a later
    question's history item passes back) and, when the question used words the review does not, "answer_notes" (how
    they were read); `earlier`: the turns the search read (grounded)."""
    answer = answer_of(assistant, result, settings=settings, earlier=earlier)
    notes = {"answer_notes": list(answer.notes)} if answer.notes else {}
    return {
        **result.to_json(),
        "answer": answer.to_json(),
        "answer_chunk_ids": list(shown_passages(answer)),
        "answer_sentences": list(shown_texts(answer)),
        **notes,
    }


def answer_of(
    assistant: Assistant,
    result: SearchResult,
    query: QueryTerms | None = None,
    settings: Settings | None = None,
    ranker: RowScorer | None = None,
    earlier: Sequence[EarlierTurn] = (),
) -> ComposedAnswer:
    """The composed answer to a search (empty when the review does not answer it); `query`: the search's terms,
    when the caller has made them already; `settings`: the search's filters, which a deeper search for an
    overview keeps; `ranker`: what scores the candidate sentences (default: the shipped sentence ranker, unless
    the assistant's techniques switch it off, when the hand-weighted sum does); `earlier`: the conversation's
    turns before this one, as grounded (what the previous answer showed informs the choice)."""
    if not result.answerable:
        return ComposedAnswer(())
    question = result.read_as
    form = answer_form(result.query)  # a follow-up's own words say what it asks ('how is it overcome?')
    form = answer_form(question) if form is AnswerForm.PLAIN else form
    support = assistant.neighbours.support(result.query_vector)  # what answered similar questions before
    subject = definition_subject(question)
    form = AnswerForm.OVERVIEW if _asked_broadly(form, support, subject) else form
    hits = _deep_hits(assistant, result, SHAPES[form].depth, settings, support)
    forms = subject_forms(subject, assistant.review.glossary) if subject else []
    entry = assistant.review.glossary.abbreviation(subject) if subject else None
    expansion = entry if entry is not None and asks_what_it_stands_for(question) else None

    def defining(unit: str) -> bool:  # what it is, or (for 'what does X stand for?') its long form given with it
        if expansion is not None:
            return spells_out(unit, expansion.abbr, expansion.long_forms)
        return opens_on(unit, forms)

    vectors = assistant.sentence_vectors
    reader = assistant.reader if assistant.techniques.reader_sentences else None
    read = [hit.chunk for hit in hits[: SHAPES[form].depth]]  # the passages compose reads
    reading = unit_reading(reader, question, read) if reader is not None else None
    answer = compose(
        hits,
        question,
        query or QueryTerms.from_expanded(result.expanded),
        assistant.index.lexical.idf,
        vectors=lambda chunk, unit: vectors.of(chunk.id, chunk.kind, unit),
        query_vector=result.query_vector,
        defining=defining if forms else None,
        form=form,
        ranker=ranker or (sentence_ranker() if assistant.techniques.sentence_ranker else None),
        reading=reading,
        best_first=assistant.techniques.answer_first,
        shown=shown_before(assistant, earlier, settings),
        support=support,
        table=result.table,
    )
    lexical, review_text = assistant.index.lexical, squeezed_review(assistant.review)
    said = result.reading.notes if result.reading else ()  # 'no figures on this': another study's are left out
    answer = answer.keeping(lambda text: not holds_figures(text)) if said else answer
    return replace(answer, notes=said + wording_notes(result, review_text, lambda term: bool(lexical.known([term]))))


def _asked_broadly(form: AnswerForm, support: Support, subject: str | None) -> bool:
    """A plain question (not a definition: no `subject`) most of whose closest earlier questions were broad."""
    broadly = support.broad_share(BROAD_NEAREST) >= BROAD_SHARE
    return broadly and form is AnswerForm.PLAIN and not subject


def _deep_hits(
    assistant: Assistant, result: SearchResult, depth: int, settings: Settings | None, support: Support = NO_SUPPORT
) -> tuple[Hit, ...]:
    """The hits an answer reads: the search's own, or for an overview as many as it reads, searched again for the
    question as read (the same mode and filters), with the passages that answered close broad questions before
    (_recalled; none when filters are set)."""
    if depth <= len(result.hits):
        return result.hits
    settings = settings or Settings()
    deeper = assistant.search(
        result.read_as,
        k=depth,
        mode=result.mode,
        kinds=list(settings.kinds) or None,
        sections=list(settings.sections) or None,
    )
    shown = {hit.chunk.id for hit in result.hits}  # the passages shown come first, in their order
    more = [hit for hit in deeper.hits if hit.chunk.id not in shown]
    filtered = bool(settings.kinds or settings.sections)
    recalled = [] if filtered else _recalled(assistant, support, {hit.chunk.id for hit in (*result.hits, *more)})
    if recalled:
        more = more[: max(0, depth - len(shown) - len(recalled))]
        low = min((hit.score for hit in (*result.hits, *more)), default=0.0)
        more += [hit_for(assistant.review, chunk, 0, low) for chunk in recalled]
    return result.hits + tuple(replace(hit, rank=rank) for rank, hit in enumerate(more, start=len(shown) + 1))


def _recalled(assistant: Assistant, support: Support, taken: set[str]) -> list[Chunk]:
    """Up to RECALLED passages not `taken` that answered the broad earlier questions closest to this one."""
    chunks = assistant.review.chunks
    out: list[Chunk] = []
    for asked, similarity in zip(support.asked, support.similarities, strict=True):
        if similarity >= RECALL_SIMILARITY and asked.broad:
            out += [chunks[row] for row in sorted(asked.rows) if chunks[row].id not in taken and chunks[row] not in out]
    return out[:RECALLED]
