"""A long answer on a terminal goes through a pager (as `git log` does), so its first screen, the answer, is what
stays in view: `less -FRX` prints a text that fits and returns at once, shows colour, and leaves the screen as it
was when you quit. $PAGER is honoured (PAGER=cat turns it off); a pipe or a file is never paged."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys

DEFAULT_PAGER = "less"
LESS_OPTIONS = "FRX"  # quit if one screen, pass colours, do not clear the screen on exit


def pager_command() -> list[str] | None:
    """The pager to run ($PAGER, else less), or None when there is none or it is `cat`."""
    command = shlex.split(os.environ.get("PAGER", DEFAULT_PAGER) or DEFAULT_PAGER)
    if not command or os.path.basename(command[0]) == "cat" or shutil.which(command[0]) is None:
        return None
    return command


def should_page(line_count: int) -> bool:
    """Whether text of `line_count` lines is taller than the terminal that standard output is."""
    if not (sys.stdin.isatty() if sys.stdin is not None else False) or not sys.stdout.isatty():
        return False
    return line_count >= shutil.get_terminal_size().lines and pager_command() is not None


def page(text: str) -> bool:
    """Show `text` through the pager; False (nothing shown) when it could not be started."""
    command = pager_command()
    if command is None:
        return False
    env = dict(os.environ)
    env.setdefault("LESS", LESS_OPTIONS)
    env.setdefault("LESSCHARSET", "utf-8")
    try:
        subprocess.run(command, input=text.encode("utf-8", "replace"), env=env, check=False)
    except OSError:
        return False
    return True
