"""The `reviewqa` command: a thin argparse front whose subcommands import their work lazily."""

from __future__ import annotations

import argparse
import importlib
import sys

from reviewqa import __version__

# Each module registers its subcommands with `add_parsers(subparsers)`; all stay import-light.
COMMAND_MODULES = ("corpus", "search", "writing")


class UsageError(Exception):
    """Invalid input from the user: reported in one line, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewqa",
        description="Ask the lung-cancer tumor-microenvironment review (Liu et al., Int J Oncol 2025) "
        "and get its passages with their citations.",
    )
    parser.add_argument("--version", action="version", version=f"reviewqa {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"reviewqa.commands.{name}").add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args) or 0
    except UsageError as exc:
        print(f"reviewqa {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
