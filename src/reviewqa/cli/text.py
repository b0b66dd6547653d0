"""Search results and chat replies as terminal text (the CLI's counterpart of ui.replies): wrapped to the
terminal's width, the answer first, each passage with a plain-words match label, every reference once at the end
(numbered as the review numbers them), colour only on a terminal (rich) and never with --plain."""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

from reviewqa.chat.compose import ComposedAnswer
from reviewqa.chat.turn import GlossaryReply, Notice, ReferenceReply, Reply, SearchReply
from reviewqa.corpus.review import Review
from reviewqa.records import Reference
from reviewqa.search.results import Hit, SearchResult, match_label, relevance

DEFAULT_WIDTH = 100


@dataclass(frozen=True)
class Styled:
    """One printed line and its look on a terminal (a rich style; '' for none)."""

    text: str
    style: str = ""


def width() -> int:
    """The terminal's width ($COLUMNS first), at least 40."""
    return max(40, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)


def _wrap(text: str, columns: int, first: str = "", rest: str | None = None, style: str = "") -> list[Styled]:
    rest = first if rest is None else rest
    lines: list[Styled] = []
    for number, paragraph in enumerate(text.splitlines() or [""]):
        lead = first if number == 0 else rest
        # break at spaces only: a hyphenated word ('pro-inflammatory') stays whole when the text is copied
        wrapped = textwrap.wrap(
            paragraph, columns, initial_indent=lead, subsequent_indent=rest, break_on_hyphens=False
        ) or [lead]
        lines += [Styled(line, style) for line in wrapped]
    return lines


def answer_lines(result: SearchResult, answer: ComposedAnswer, columns: int) -> list[Styled]:
    """How the question was read, the answer or what is missing, the passages, then every reference once."""
    lines: list[Styled] = []
    if result.read_as != result.query:
        lines += _wrap(f"(read as: {result.read_as})", columns, style="dim")
    if not result.answerable:
        missing = result.missing or "The review does not seem to answer this."
        lines += _wrap(f"{missing} The closest passages are below; read them with care.", columns, style="yellow")
        lines.append(Styled(""))
    elif answer.sentences:
        lines.append(Styled("Answer, in the review's own sentences:", "bold"))
        for number, sentence in enumerate(answer.sentences, start=1):
            bullet = f"{number}. " if answer.listed else "- "
            refs = "".join(f" [{n}]" for n in sentence.refs)
            text = " · ".join(sentence.text.splitlines())
            lines += _wrap(f"{text}{refs} (passage {sentence.rank})", columns, f"  {bullet}", "     ")
        lines.append(Styled(""))
    lines += _passage_lines(result, columns)
    cited = _references(result.hits)
    if cited:
        lines.append(Styled("References", "bold"))
        for reference in cited:
            lines += _wrap(reference.citation, columns, f"[{reference.n}] ", " " * (len(str(reference.n)) + 3))
    return lines


def _passage_lines(result: SearchResult, columns: int) -> list[Styled]:
    lines: list[Styled] = []
    top = result.hits[0].score if result.hits else 1.0
    for hit in result.hits:
        chunk = hit.chunk
        label = "" if not result.answerable else f", {match_label(relevance(hit, top))}"
        head = f"{' > '.join(chunk.section_path)} ({chunk.kind.value.replace('_', ' ')}{label})"
        lines += _wrap(head, columns, f"#{hit.rank} ", "   ", style="bold cyan")
        lines += _wrap(chunk.text, columns, "   ", "   ")
        if chunk.refs:
            lines += _wrap("cites " + " ".join(f"[{n}]" for n in chunk.refs), columns, "   ", "   ", style="dim")
        lines.append(Styled(""))
    return lines


def _references(hits: Iterable[Hit]) -> list[Reference]:
    """Every reference the passages cite (the answer's are among them), each once, in the review's numbering order."""
    found: dict[int, Reference] = {}
    for hit in hits:
        for reference in hit.references:
            found.setdefault(reference.n, reference)
    return [found[n] for n in sorted(found)]


def reply_lines(reply: Reply, review: Review, columns: int) -> list[Styled]:
    """A chat reply as text lines."""
    if isinstance(reply, SearchReply):
        return answer_lines(reply.result, reply.answer, columns)
    if isinstance(reply, ReferenceReply):
        lines: list[Styled] = []
        for cited in reply.references:
            lines += _wrap(cited.reference.citation, columns, f"[{cited.reference.n}] ", "     ")
            places = ", ".join(c.id for c in cited.citing) or "no passage of the review"
            lines += _wrap(f"cited in: {places}", columns, "     ", style="dim")
        return lines
    if isinstance(reply, GlossaryReply):
        lines = _wrap(f"{reply.entry.abbr}: {'; '.join(reply.entry.long_forms)}", columns, style="bold")
        if reply.passage is not None:  # the passage that explains it, as `ask` shows a passage
            chunk = reply.passage.chunk
            lines += _wrap(f"Explained in {' > '.join(chunk.section_path)}:", columns, "  ", style="dim")
            lines += _wrap(chunk.text, columns, "   ", "   ")
        return lines
    return _wrap(reply.message if isinstance(reply, Notice) else str(reply), columns, style="yellow")


def emit(lines: list[Styled], plain: bool = False) -> None:
    """Print the lines: styled on a terminal (unless `plain`), as they are otherwise."""
    if plain or not sys.stdout.isatty():
        print("\n".join(line.text for line in lines).rstrip(), flush=True)
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    for line in lines:
        console.print(Text(line.text, style=line.style or ""))
