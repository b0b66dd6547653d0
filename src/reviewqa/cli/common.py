"""What several subcommands share: reading reference numbers and stdin, choosing an index folder."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
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


@contextlib.contextmanager
def open_stdin(what: str) -> Iterator[TextIO]:
    """Standard input as UTF-8 text whatever the locale, an invalid byte replaced (one bad byte must not end a
    stream); UsageError, naming `what` to do instead, when it is closed."""
    if sys.stdin is None:
        raise UsageError(f"standard input is closed; {what}")
    try:
        descriptor = sys.stdin.fileno()
    except (OSError, ValueError):  # not a file (a test's StringIO): already text
        yield sys.stdin
        return
    with open(descriptor, encoding="utf-8", errors="replace", closefd=False) as stream:
        yield stream
