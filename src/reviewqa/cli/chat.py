"""`reviewqa chat`: a conversation with the review in the terminal — follow-ups read with what came before,
lookups ('ref 66', 'define CAFs'), `/new` to start afresh, readline history for the messages typed."""

from __future__ import annotations

import argparse
import contextlib
import sys

from reviewqa.cli.common import ExamplesFormatter

PROMPT = "you> "
CHAT_EXAMPLES = """examples:
  reviewqa chat                  then type: What drives EGFR-TKI resistance?
  printf 'What are CAFs?\\nand in immunotherapy?\\n' | reviewqa chat
"""
HELP = (
    "Ask in your own words; a follow-up ('and for immunotherapy?', 'how is it overcome?') is read with what came "
    "before. ref 66 or [66]: a reference and the passages citing it. define CAFs: an abbreviation. "
    "/new: a new conversation. /quit (or Ctrl-D): leave."
)


def add_parsers(sub: argparse._SubParsersAction) -> None:
    chat = sub.add_parser(
        "chat",
        help="a conversation with the review: follow-up questions, 'ref 66', 'define CAFs'",
        description=f"A conversation with the review in the terminal. {HELP}",
        epilog=CHAT_EXAMPLES,
        formatter_class=ExamplesFormatter,
    )
    chat.add_argument("-k", type=int, default=5, help="passages a reply shows (1..50, default 5)")
    chat.add_argument("--full", action="store_true", help="every passage of a reply in full, as `ask --full`")
    chat.add_argument("--plain", action="store_true", help="no colour, even on a terminal")
    chat.add_argument("--index", help="index folder")
    chat.set_defaults(handler=run_chat)


def run_chat(args: argparse.Namespace) -> int:
    from reviewqa.chat.turn import Settings, respond
    from reviewqa.choices import Detail
    from reviewqa.cli.common import open_stdin
    from reviewqa.cli.index_build import ensure_index
    from reviewqa.cli.text import emit, reply_lines, width
    from reviewqa.cli.wrapping import echo
    from reviewqa.errors import UsageError
    from reviewqa.search.assistant import Assistant
    from reviewqa.search.history import EarlierTurn

    if args.k < 1:  # said at once, not after each message
        raise UsageError(f"k must be at least 1, not {args.k}")
    interactive = sys.stdin is not None and sys.stdin.isatty()
    if interactive:
        _readline()
    with open_stdin("type your questions in a terminal, or pipe them in one a line") as messages:
        ensure_index(args.index)
        assistant = Assistant.load(args.index)
        if interactive:
            echo(f"Ask the review (Liu et al., Int J Oncol 2025). {HELP}")
        asked: list[EarlierTurn] = []  # each question with the passages its answer came from
        detail = Detail.FULL if args.full else Detail.SHORT
        for message in _messages(messages, interactive):
            command = message.strip().casefold()
            if command in ("/quit", "/exit", "/q"):
                break
            if command in ("/new", "/reset", "/clear"):
                asked = []
                print("(a new conversation)")
                continue
            if command in ("/help", "/?"):
                echo(HELP)
                continue
            turn = respond(assistant, message, asked, Settings(k=args.k))
            emit(reply_lines(turn.reply, assistant.review, width(), detail), plain=args.plain)
            print()
            asked = turn.after(asked)
    return 0


def _messages(stream, interactive: bool):
    """The non-blank messages typed (with the prompt and readline on a terminal) or piped, until end of input."""
    while True:
        try:
            line = input(PROMPT) if interactive else stream.readline()
        except EOFError:
            print()
            return
        if not interactive and not line:
            return
        if line.strip():
            if not interactive:  # piped: the message is shown as if typed, so the output reads as a conversation
                print(f"{PROMPT}{line.strip()}")
            yield line.rstrip("\n")


def _readline() -> None:
    """Line editing and the up arrow for earlier messages, where the platform has readline."""
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (importing it gives input() its history)
