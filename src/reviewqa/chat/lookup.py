"""Messages that look something up instead of searching: 'ref 66', '[66]', '[12-14]', 'define CAFs'."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewqa.corpus.citation_marks import parse_citation_group

# The whole message must be the designation: "what did reference 88 show?" stays a search.
_REFERENCE = re.compile(
    r"^\s*(?:(?:refs?|references?|citations?|cited)\.?\s*(?:no\.?|number|#)?\s*[\[(]?|[\[(]|#)"
    r"\s*(\d{1,4}(?:\s*[-–,]\s*\d{1,4})*)\s*[\])]?\s*[?.!]?\s*$",
    re.I,
)
_GLOSSARY = (
    re.compile(
        r"^\s*(?:define|definition of|glossary|abbr\.?|abbreviation|meaning of|expand)\s*:?\s+(.+?)\s*[?.!]?\s*$", re.I
    ),
    re.compile(r"^\s*what\s+(?:does|do|is|are)\s+(.+?)\s+(?:stand\s+for|mean|short\s+for)\s*[?.!]?\s*$", re.I),
)
# 'ref abc', 'ref -1', 'reference 99999', '[-1]': a reference designation, but not of a number the review could list.
_NOT_A_REFERENCE = re.compile(
    r"^(?:refs?\.?\s*(?:no\.?|number|#)?\s*[\[(]?\s*(?P<word>-\s*\d+|[^\W\d][\w-]*|\d{5,})"
    r"|(?:(?:references?|citations?|cited)\.?\s*(?:no\.?|number|#)?\s*[\[(]?|[\[(])\s*(?P<number>-\s*\d+|\d{5,}))"
    r"\s*[\])]?\s*[?.!]?$",
    re.I,
)
MAX_LOOKUP_REFS = 20  # '[1-150]' would list the whole bibliography in one reply
MAX_LOOKUP_CHARS = 200  # a lookup is a few words: longer messages are questions, and the patterns stay linear


@dataclass(frozen=True)
class Lookup:
    """A reference-number or glossary lookup typed in the chat."""

    kind: str  # "reference" or "glossary"
    numbers: tuple[int, ...] = ()
    term: str = ""
    invalid: str = ""  # a reference designation that names no number 1..9999, as typed: 'abc', '-1', '0'


def parse_reference_lookup(text: str) -> Lookup | None:
    """'ref 66', '[66]', 'refs 12, 13', '(9-14)' -> the numbers; 'ref 0', 'ref abc' -> invalid; None otherwise."""
    match = _REFERENCE.match(text)
    if match:
        numbers = parse_citation_group(match.group(1), max_ref=9999)
        if numbers:
            return Lookup("reference", numbers=tuple(dict.fromkeys(numbers)))
        return Lookup("reference", invalid=" ".join(match.group(1).split()))  # '0', '0-3', '14-9'
    match = _NOT_A_REFERENCE.match(text)
    if match:
        return Lookup("reference", invalid="".join((match.group("word") or match.group("number")).split()))
    return None


def parse_lookup(text: str) -> Lookup | None:
    """The lookup a chat message asks for, or None for an ordinary question."""
    text = " ".join(text.split())  # runs of whitespace would make the patterns below backtrack for hours
    if len(text) > MAX_LOOKUP_CHARS:
        return None
    reference = parse_reference_lookup(text)
    if reference is not None:
        return reference
    for pattern in _GLOSSARY:
        match = pattern.match(text)
        if match:
            return Lookup("glossary", term=match.group(1).strip(" \"'“”‘’"))
    return None
