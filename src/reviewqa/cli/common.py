"""What several subcommands share: reading reference numbers and stdin, opening the study store."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import TextIO

from reviewqa.errors import NotAReference, UsageError


class ExamplesFormatter(argparse.HelpFormatter):
    """argparse's help, with its paragraphs of indented lines (examples) kept line by line; the rest wrapped."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        blocks = text.split("\n\n")
        return "\n\n".join(
            block if "\n  " in block else super(ExamplesFormatter, self)._fill_text(block, width, indent)
            for block in blocks
        )


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


def add_memory_options(parser: argparse.ArgumentParser) -> None:
    """--data-dir and --user: which study store, and whose rows in it."""
    parser.add_argument("--data-dir", help="the study store's folder (default: $REVIEWQA_DATA_DIR, else the user's)")
    parser.add_argument("--user", default=None, help="whose notebooks and quiz history (default: local)")


def open_store(args: argparse.Namespace, command: str):
    """The study store named by --data-dir; what opening it had to say (a file set aside, a migration) on stderr."""
    from reviewqa.memory.database import Store

    store = Store.open(getattr(args, "data_dir", None))
    for notice in store.notices:
        print(f"reviewqa {command}: {notice}", file=sys.stderr)
    return store


def user_of(args: argparse.Namespace) -> str:
    """The --user given (checked), else the local profile."""
    from reviewqa.memory.users import LOCAL_USER, USER_NAME

    user = getattr(args, "user", None)
    if user is None:
        return LOCAL_USER
    if not USER_NAME.fullmatch(user):
        raise UsageError(f"'{user[:40]}' is not a user name: letters, digits, . _ @ -")
    return user
