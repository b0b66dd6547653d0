"""What several subcommands share: reading reference numbers and stdin, choosing an index folder."""

from __future__ import annotations

import sys
from typing import TextIO

from reviewqa.errors import NotAReference, UsageError


def parse_reference_numbers(values: list[str], count: int) -> list[int]:
    """Reference numbers from the command line; NotAReference names the first bad one."""
    numbers = []
    for value in values:
        text = value.strip().strip("[]()")
        if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= count:  # "¹".isdigit() too
            raise NotAReference(f"'{value}' is not a reference number; the review lists 1..{count}")
        numbers.append(int(text))
    return numbers


def open_stdin(what: str) -> TextIO:
    """Standard input for reading lines (invalid UTF-8 replaced); UsageError when it is closed."""
    if sys.stdin is None:
        raise UsageError(f"standard input is closed; {what}")
    return sys.stdin
