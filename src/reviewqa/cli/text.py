"""Search results and chat replies as terminal text (the CLI's counterpart of ui.replies): wrapped to the
terminal's width, the answer first with the passage id of each sentence, then one line per passage (or each passage
in full), the answer's references (or every reference once), colour only on a terminal (rich) and never with
--plain."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass

from reviewqa.chat.compose import ComposedAnswer
from reviewqa.chat.turn import GlossaryReply, Notice, ReferenceReply, Reply, SearchReply
from reviewqa.choices import Detail
from reviewqa.cli.wrapping import one_line, width, wrap
from reviewqa.corpus.glossary import shown_long_forms
from reviewqa.corpus.review import Review
from reviewqa.records import Chunk, Kind, Reference
from reviewqa.search.results import Hit, SearchResult, match_label, relevance

__all__ = ["Styled", "answer_lines", "emit", "reply_lines", "width"]

@dataclass(frozen=True)
class Styled:
    """One printed line and its look on a terminal (a rich style; '' for none)."""

    text: str
    style: str = ""


def _wrap(text: str, columns: int, first: str = "", rest: str | None = None, style: str = "") -> list[Styled]:
    return [Styled(line, style) for line in wrap(text, columns, first, rest)]


def answer_lines(
    result: SearchResult, answer: ComposedAnswer, columns: int, detail: Detail = Detail.SHORT
) -> list[Styled]:
    """How the question was read, the answer (each sentence with its passage id) or what is missing, then the
    passages (a line each, or in full) and the references (the answer's, or with FULL every one cited)."""
    lines: list[Styled] = []
    if result.read_as != result.query:
        lines += _wrap(f"(read as: {result.read_as})", columns, style="dim")
    answered = result.answerable and bool(answer.sentences)
    if not result.answerable:
        missing = result.missing or "The review does not seem to answer this."
        lines += _wrap(f"{missing} The closest passages are below; read them with care.", columns, style="yellow")
        lines.append(Styled(""))
    elif answer.sentences:
        lines += [line for note in answer.notes for line in _wrap(note, columns, style="yellow")]
        lines.append(Styled("Answer, in the review's own sentences:", "bold"))
        lines += _answer_points(answer, columns)
        lines.append(Styled(""))
    if detail is Detail.FULL:
        lines += _passage_lines(result, columns)
        return lines + _reference_lines(_references(result.hits), columns)
    if detail is Detail.SHORT or not answered:
        lines += _passage_list(result, columns)
    cited = sorted({n for sentence in answer.sentences for n in sentence.refs}) if answered else []
    known = {reference.n: reference for reference in (*_references(result.hits), *answer.references)}
    references = [known[n] for n in cited if n in known]
    if references:
        lines.append(Styled("References", "bold"))
        lines += [Styled(one_line(short_citation(reference), columns)) for reference in references]
    return lines


def _answer_points(answer: ComposedAnswer, columns: int) -> list[Styled]:
    """The answer's points, numbered when they are a list; an overview's under the headings of their sections. A
    sentence shown with the one before it (it points back to it) is one quoted unit."""
    lines: list[Styled] = []
    number = 0
    for heading, sentences in answer.groups() if answer.grouped else [("", list(answer.sentences))]:
        if heading:
            lines += _wrap(heading, columns, "  ", "  ", style="cyan")
        for sentence in sentences:
            number += 1
            bullet = f"{number}. " if answer.listed else "- "
            refs = "".join(f" [{n}]" for n in sentence.refs)
            text = " · ".join(sentence.text.splitlines())
            lead = f"{'    ' if heading else '  '}{bullet}"
            lines += _wrap(f"{text}{refs} (passage {sentence.chunk_id})", columns, lead, " " * len(lead))
    return lines


def _passage_lines(result: SearchResult, columns: int) -> list[Styled]:
    """Each passage in full: its rank, id, place and match, its text and the references it cites."""
    lines: list[Styled] = []
    top = result.hits[0].score if result.hits else 1.0
    for hit in result.hits:
        chunk = hit.chunk
        label = "" if not result.answerable else f", {match_label(relevance(hit, top))}"
        head = f"{chunk.id} · {' > '.join(chunk.section_path)} ({chunk.kind.value.replace('_', ' ')}{label})"
        lines += _wrap(head, columns, f"#{hit.rank} ", "   ", style="bold cyan")
        lines += _wrap(chunk.text, columns, "   ", "   ")
        if chunk.refs:
            lines += _wrap("cites " + " ".join(f"[{n}]" for n in chunk.refs), columns, "   ", "   ", style="dim")
        lines.append(Styled(""))
    return lines


def _passage_list(result: SearchResult, columns: int) -> list[Styled]:
    """One line per passage (id, match, where it stands) and how to read one."""
    top = result.hits[0].score if result.hits else 1.0
    lines = _wrap("Passages (their ids go to reviewqa show, cite, notebook add):", columns, style="bold")
    id_width = max((len(hit.chunk.id) for hit in result.hits), default=0)
    for hit in result.hits:
        label = f"{match_label(relevance(hit, top)).split()[0]:<8}" if result.answerable else ""
        lines.append(Styled(one_line(f"  {hit.chunk.id:<{id_width}}  {label}{_where(hit.chunk)}", columns), "cyan"))
    return [*lines, Styled("")]


def _where(chunk: Chunk) -> str:
    """'Resistance to targeted therapy (section 3)'; for a table row, the table and the row's first field."""
    if chunk.kind is Kind.TABLE_ROW:
        values = [cell.partition(": ")[2] or cell for cell in chunk.table_cells[:2]]
        return f"{chunk.table_label}: {' · '.join(values) or chunk.heading}"
    top = chunk.top_section.split(".")[0]
    where = f" (section {top})" if top.isdigit() and chunk.heading != chunk.top_section else ""
    return f"{chunk.heading or chunk.kind.value.replace('_', ' ')}{where}"


def short_citation(reference: Reference) -> str:
    """'[57] Tian Z et al, Oncol Lett 2025: EGFR mutations in …': who, where and when first, then the title."""
    first = reference.authors[0] if reference.authors else ""
    who = f"{first} et al" if reference.et_al or len(reference.authors) > 1 else first
    where = " ".join(str(part) for part in (reference.journal, reference.year) if part)
    head = ", ".join(part for part in (who, where) if part)
    if not head or not reference.title:
        return f"[{reference.n}] {reference.citation}"
    return f"[{reference.n}] {head}: {reference.title}"


def _reference_lines(references: list[Reference], columns: int) -> list[Styled]:
    if not references:
        return []
    lines = [Styled("References", "bold")]
    for reference in references:
        lines += _wrap(reference.citation, columns, f"[{reference.n}] ", " " * (len(str(reference.n)) + 3))
    return lines


def _references(hits: Iterable[Hit]) -> list[Reference]:
    """Every reference the passages cite (the answer's are among them), each once, in the review's numbering order."""
    found: dict[int, Reference] = {}
    for hit in hits:
        for reference in hit.references:
            found.setdefault(reference.n, reference)
    return [found[n] for n in sorted(found)]


def reply_lines(reply: Reply, review: Review, columns: int, detail: Detail = Detail.SHORT) -> list[Styled]:
    """A chat reply as text lines."""
    if isinstance(reply, SearchReply):
        return answer_lines(reply.result, reply.answer, columns, detail)
    if isinstance(reply, ReferenceReply):
        lines: list[Styled] = []
        for cited in reply.references:
            label = f"[{cited.reference.n}] "
            lines += _wrap(cited.reference.citation, columns, label, " " * len(label))
            places = ", ".join(c.id for c in cited.citing) or "no passage of the review"
            lines += _wrap(f"cited in: {places}", columns, " " * len(label), style="dim")
        return lines
    if isinstance(reply, GlossaryReply):
        lines = _wrap(f"{reply.entry.abbr}: {'; '.join(shown_long_forms(reply.entry))}", columns, style="bold")
        if reply.passage is not None:  # the passage that explains it, as `ask` shows a passage
            chunk = reply.passage.chunk
            lines += _wrap(f"Explained in {chunk.id} · {' > '.join(chunk.section_path)}:", columns, "  ", "    ", "dim")
            lines += _wrap(chunk.text, columns, "   ", "   ")
        return lines
    return _wrap(reply.message if isinstance(reply, Notice) else str(reply), columns, style="yellow")


def emit(lines: list[Styled], plain: bool = False, paged: bool = False) -> None:
    """Print the lines: styled on a terminal (unless `plain`), as they are otherwise; with `paged`, lines taller
    than the terminal go through the pager (its first screen, the answer, stays in view)."""
    from reviewqa.cli.pager import page, should_page

    if paged and should_page(len(lines)) and page(_rendered(lines, plain)):
        return
    if plain or not sys.stdout.isatty():
        print("\n".join(line.text for line in lines).rstrip(), flush=True)
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    for line in lines:
        console.print(Text(line.text, style=line.style or ""))


def _rendered(lines: list[Styled], plain: bool) -> str:
    """The lines as one text, with the terminal's colour codes unless `plain`."""
    if plain:
        return "\n".join(line.text for line in lines).rstrip() + "\n"
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, highlight=False, soft_wrap=True)
    for line in lines:
        console.print(Text(line.text, style=line.style or ""))
    return buffer.getvalue()
