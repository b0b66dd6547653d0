"""Messages that look something up instead of searching: 'ref 66', '[66]', '[12-14]', 'define CAFs'."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewqa.citations import parse_citation_group

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
MAX_LOOKUP_REFS = 20  # '[1-150]' would list the whole bibliography in one reply


@dataclass(frozen=True)
class Lookup:
    """A reference-number or glossary lookup typed in the chat."""

    kind: str  # "reference" or "glossary"
    numbers: tuple[int, ...] = ()
    term: str = ""


def parse_reference_numbers(text: str) -> tuple[int, ...] | None:
    """'ref 66', '[66]', 'refs 12, 13', '(9-14)' -> the numbers; None when the message is not only that."""
    match = _REFERENCE.match(text)
    if not match:
        return None
    numbers = parse_citation_group(match.group(1), max_ref=9999)
    return tuple(dict.fromkeys(numbers)) or None


def parse_lookup(text: str) -> Lookup | None:
    """The lookup a chat message asks for, or None for an ordinary question."""
    numbers = parse_reference_numbers(text)
    if numbers is not None:
        return Lookup("reference", numbers=numbers)
    for pattern in _GLOSSARY:
        match = pattern.match(text)
        if match:
            return Lookup("glossary", term=match.group(1).strip(" \"'“”‘’"))
    return None
