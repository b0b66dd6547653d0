"""Find the numbered references a passage cites: (57), (12,13), (9-14), (148-150)."""

from __future__ import annotations

import re
from collections.abc import Callable

REFERENCE_COUNT = 150

# Only parentheses that hold nothing but numbers, commas and ranges are citations;
# (Fig. 1), (Table I), (n = 12), (ORR: 9%) and (7.1 vs. 4.2 months) are not.
_PART = re.compile(r"(?P<first>\d{1,4})(?:\s*[-–]\s*(?P<last>\d{1,4}))?")
_CITATION = re.compile(r"\((\s*\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\s*)\)")


def parse_citation_group(group: str, max_ref: int = REFERENCE_COUNT) -> list[int]:
    """Numbers in one citation group like '9-14' or '12,13'; [] if any part is not a number or a range of two."""
    numbers: list[int] = []
    for part in group.split(","):
        bounds = _PART.fullmatch(part.strip())
        if bounds is None:
            return []
        first = int(bounds["first"])
        last = int(bounds["last"]) if bounds["last"] else first
        if last < first or first < 1 or last > max_ref:
            return []
        numbers.extend(range(first, last + 1))
    return numbers


def cited_refs(text: str, max_ref: int = REFERENCE_COUNT) -> tuple[int, ...]:
    """Sorted distinct reference numbers cited in `text`."""
    found: set[int] = set()
    for match in _CITATION.finditer(text):
        found.update(parse_citation_group(match.group(1), max_ref))
    return tuple(sorted(found))


def citation_groups(text: str, max_ref: int = REFERENCE_COUNT) -> list[tuple[int, int, list[int]]]:
    """(start, end, numbers) of each citation group in `text`, e.g. the span of '(58,59)' and [58, 59]."""
    spans = [(m.start(), m.end(), parse_citation_group(m.group(1), max_ref)) for m in _CITATION.finditer(text)]
    return [span for span in spans if span[2]]


def mark_citations(text: str, mark: Callable[[list[int]], str], max_ref: int = REFERENCE_COUNT) -> str:
    """`text` with each citation group, e.g. '(9-14)', replaced by `mark(numbers)`; other parentheses kept."""

    def replace(match: re.Match) -> str:
        numbers = parse_citation_group(match.group(1), max_ref)
        return mark(numbers) if numbers else match.group()

    return _CITATION.sub(replace, text)
