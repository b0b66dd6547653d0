"""The `reviewqa` command: a thin argparse front whose subcommands import their work lazily.

Errors are mapped to messages and exit codes here and only here: a `ReviewqaError` is one line on stderr and
its `exit_code` (2 for wrong input, 1 for something to fix); a full disk is one line and 1; a closed pipe ends
quietly.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import os
import sys

from reviewqa.cli.common import ExamplesFormatter
from reviewqa.version import __version__

# Each module registers its subcommands with `add_parsers(subparsers)`; all stay import-light.
COMMAND_MODULES = ("corpus", "search", "reader", "chat", "writing", "support", "notebook", "quiz", "serve")
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG}
# The commands a newcomer needs, listed first in --help (the others keep their order after them).
FIRST_COMMANDS = ("ask", "chat", "quiz", "notebook")
EXAMPLES = """start here:
  reviewqa ask "What drives EGFR-TKI resistance?"   the answer, each sentence
                                                    with its passage id (s3-p8)
  reviewqa chat                                     ask, then follow up
  reviewqa quiz -n 5                                quiz yourself; answers kept
  reviewqa notebook add s3-p8 --note "HGF bypass"   collect for writing
  reviewqa serve                                    the same in a browser
(`reviewqa COMMAND --help` for more)"""


class _OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit code 2), not the usage block plus a line."""

    def error(self, message: str):  # noqa: ANN201 - argparse's own signature
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="reviewqa",
        description="Ask the lung-cancer tumor-microenvironment review (Liu et al., Int J Oncol 2025)\n"
        f"and get its passages with their citations.\n\n{EXAMPLES}",
        formatter_class=ExamplesFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reviewqa {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_OneLineParser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"reviewqa.cli.{name}").add_parsers(sub)
    listed = FIRST_COMMANDS + tuple(action.dest for action in sub._choices_actions if action.dest not in FIRST_COMMANDS)
    sub._choices_actions.sort(key=lambda action: listed.index(action.dest))
    return parser


def main(argv: list[str] | None = None) -> int:
    tolerate_bad_text()
    args = build_parser().parse_args(argv)
    from reviewqa.errors import ReviewqaError

    try:
        status = args.handler(args) or 0
        if sys.stdout is not None:
            sys.stdout.flush()
        return status
    except ReviewqaError as exc:
        label = "error: " if exc.exit_code == 2 else ""
        print(f"reviewqa {args.command}: {label}{_one_line(exc)}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRORS:
            raise
        _silence_stdout()
        print(f"reviewqa {args.command}: cannot write the output: {exc.strerror}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def tolerate_bad_text() -> None:
    """Invalid bytes in input and unprintable characters in output are replaced, under any locale, never fatal."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush at exit does not fail a second time."""
    if sys.stdout is None:
        return
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
