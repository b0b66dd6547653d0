"""The replies to a lookup: 'ref 66' (the reference in full and the passages citing it), 'define CAFs' (the
abbreviation, its long forms and the passage that best explains it), or a notice for a reference the review lacks."""

from __future__ import annotations

from dataclasses import dataclass

from reviewqa.chat.lookup import MAX_LOOKUP_REFS, Lookup
from reviewqa.records import Chunk, GlossaryEntry, Reference
from reviewqa.search.assistant import Assistant
from reviewqa.search.results import Hit


@dataclass(frozen=True)
class CitedReference:
    """A reference in full and every passage of the review that cites it, in reading order."""

    reference: Reference
    citing: tuple[Chunk, ...]


@dataclass(frozen=True)
class ReferenceReply:
    references: tuple[CitedReference, ...]


@dataclass(frozen=True)
class GlossaryReply:
    """An abbreviation, the long forms the review spells it out as, and the passage that best explains it (found
    by searching 'what are X?'; None when the review has none)."""

    entry: GlossaryEntry
    passage: Hit | None = None


@dataclass(frozen=True)
class Notice:
    """A plain message: input that cannot be searched, an unknown reference."""

    message: str


def explaining_passage(assistant: Assistant, entry: GlossaryEntry) -> Hit | None:
    """The passage a search for 'what are X?' ranks first (definitions first: `search.definitions`), if answered."""
    result = assistant.search(f"what are {entry.abbr}?", k=1)
    return result.hits[0] if result.answerable and result.hits else None


def lookup_reply(assistant: Assistant, lookup: Lookup) -> ReferenceReply | GlossaryReply | Notice | None:
    """The lookup's reply; None when a glossary term is unknown (the message is then searched instead)."""
    review = assistant.review
    if lookup.kind == "glossary":
        entry = review.glossary.lookup(lookup.term)
        return GlossaryReply(entry, explaining_passage(assistant, entry)) if entry is not None else None
    count = len(review.references)
    if lookup.invalid:
        return Notice(f"'{lookup.invalid}' is not a reference number; the review lists 1 to {count}.")
    unknown = [n for n in lookup.numbers if not 1 <= n <= count]
    if unknown:
        return Notice(f"There is no reference {unknown[0]}; the review lists 1 to {count}.")
    numbers = lookup.numbers[:MAX_LOOKUP_REFS]
    return ReferenceReply(tuple(CitedReference(review.reference(n), review.citing(n)) for n in numbers))
