"""Text fitted to the terminal: wrapped at spaces to its width ($COLUMNS first), Markdown wrapped so it still reads
as the same Markdown, and one-line summaries cut with '…'."""

from __future__ import annotations

import re
import shutil
import textwrap

DEFAULT_WIDTH = 100
MIN_WIDTH = 40
# A Markdown line must not start with these after a break, or it would turn into a list, a heading or a quote.
_MARKDOWN_STARTS = re.compile(r" (?=[-+*#>=|]|\d+[.)](?:\s|$))")
_GLUE = "\ue000"  # a private-use character: textwrap never breaks at it; it goes back to a space after wrapping
_LIST_START = re.compile(r"^(\d+)([.)])(?=\s)")
_FOOTNOTE = re.compile(r"\[\^\d+\]: ")
_NUMBERED = re.compile(r"\[\d+\] ")


def width() -> int:
    """The terminal's width ($COLUMNS first, 100 when there is no terminal), at least 40."""
    return max(MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)


def wrap(text: str, columns: int | None = None, first: str = "", rest: str | None = None) -> list[str]:
    """Each line of `text` wrapped at spaces to `columns`, the first line led by `first`, the others by `rest`.

    Hyphenated words stay whole ('pro-inflammatory'), so a line copied from the terminal has the review's words.
    """
    columns = columns or width()
    rest = first if rest is None else rest
    lines: list[str] = []
    for number, paragraph in enumerate(text.splitlines() or [""]):
        lead = first if number == 0 else rest
        wrapped = textwrap.wrap(
            paragraph, columns, initial_indent=lead, subsequent_indent=rest, break_on_hyphens=False
        )
        lines += wrapped or [lead.rstrip()]
    return lines


def wrapped(text: str, first: str = "", rest: str | None = None, columns: int | None = None) -> str:
    """`wrap` joined into one string."""
    return "\n".join(wrap(text, columns, first, rest))


def echo(text: str, first: str = "", rest: str | None = None) -> None:
    """Print `text` wrapped to the terminal."""
    print(wrapped(text, first, rest))


def one_line(text: str, columns: int) -> str:
    """The first line of `text`, cut at a space with '…' when longer than `columns` (its spacing kept)."""
    line = text.split("\n", 1)[0]
    if len(line) <= columns:
        return line
    cut = line[: columns - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > columns // 2 else cut).rstrip() + "…"


def markdown_wrapped(text: str, columns: int | None = None) -> str:
    """Markdown (a quotation, notes) wrapped line by line so it renders as before: quoted lines stay quoted,
    footnote definitions go on indented, a long '#'/'##' heading becomes the same heading underlined ('='/'-'),
    table rows are left whole, a hard break ('  ') is kept."""
    columns = columns or width()
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= columns or line.startswith(("###", "|", "    ")):
            out.append(line)
            continue
        if line.startswith(("# ", "## ")):
            level, _, title = line.partition(" ")
            title = _LIST_START.sub(r"\1\\\2", title)  # '1. Table I' would open a list: '1\. Table I' reads the same
            lines = textwrap.wrap(_MARKDOWN_STARTS.sub(_GLUE, title), columns, break_on_hyphens=False)
            underline = ("=" if level == "#" else "-") * max(map(len, lines))
            out.append("\n".join(lines).replace(_GLUE, " ") + "\n" + underline)
            continue
        if line.startswith("> "):
            first, rest, body = "> ", "> ", line[2:]
        elif footnote := _FOOTNOTE.match(line):
            first, rest, body = footnote.group(0), "    ", line[footnote.end() :]
        elif numbered := _NUMBERED.match(line):
            first, rest, body = numbered.group(0), " " * numbered.end(), line[numbered.end() :]
        else:
            first, rest, body = "", "", line
        hard_break = "  " if line.endswith("  ") else ""
        glued = _MARKDOWN_STARTS.sub(_GLUE, body.rstrip())
        lines = textwrap.wrap(glued, columns, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False)
        out.append("\n".join(lines).replace(_GLUE, " ") + hard_break)
    return "\n".join(out)
