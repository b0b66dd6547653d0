"""Read the converted review into passages with their section paths, undoing page-break damage."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reviewqa.corpus.legends import Legend, is_abbreviation_legend, split_figure_legend
from reviewqa.corpus.markup import clean_markup
from reviewqa.records import Kind

FRONT = "Front matter"
BACK = "Back matter"
REFERENCES = "References"

_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
_NUMBERED = re.compile(r"^(\d+)\.\s+\S")
_TABLE_CAPTION = re.compile(r"^Table ([IVX]+)\.\s")
_FIGURE_CAPTION = re.compile(r"^Figure (\d+)\.\s")
_BOLD_LINE = re.compile(r"^\*\*([^*]+)\*\*\s*$")
_RUN_IN = re.compile(r"^(\*\*([^*]+?)\*\*|\*([^*]+?\.)\*)\s+")
_REFERENCE_ENTRY = re.compile(r"^(\d{1,3})\.\s+(.*)$")
_SENTENCE_END = re.compile(r"[.!?][)\"'’”]*$")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}


@dataclass(frozen=True)
class Passage:
    """A unit of the review before it is cut to size: a paragraph, table row, caption or entry."""

    id: str
    kind: Kind
    section_path: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class ParsedReview:
    passages: tuple[Passage, ...]
    reference_entries: tuple[tuple[int, str], ...]
    legends: tuple[Legend, ...]


def split_blocks(source: str) -> list[str]:
    """Blank-line separated blocks, with whitespace-only blocks dropped."""
    blocks = re.split(r"\n[ \t\u00a0]*\n", source)
    return [b.strip("\n") for b in blocks if b.strip()]


def is_open_paragraph(text: str) -> bool:
    """A paragraph that stops mid-sentence, cut by a page, caption or table."""
    return not _SENTENCE_END.search(text.rstrip())


@dataclass
class _Sections:
    """The section tree walked so far: numbered section, unnumbered sub-section, run-in head."""

    top: str = ""
    number: str = ""
    sub: str = ""
    run_in: str = ""

    def path(self) -> tuple[str, ...]:
        return tuple(p for p in (self.top, self.sub, self.run_in) if p)


@dataclass
class _Table:
    """The table being read: its number, caption, rows so far, and whether its header or legend comes next."""

    number: int
    caption: str
    rows: int = 0
    stage: str = "header"  # header | legend


@dataclass
class _State:
    region: str = "front"  # front | contents | body | back | refs
    sections: _Sections = field(default_factory=_Sections)
    back_head: str = ""
    paragraph_counts: dict[str, int] = field(default_factory=dict)
    open_paragraph: tuple[str, tuple[str, ...], str] | None = None  # (id, path, raw text)
    table: _Table | None = None
    passages: list[Passage] = field(default_factory=list)
    entries: list[tuple[int, str]] = field(default_factory=list)
    legends: list[Legend] = field(default_factory=list)
    front: dict[str, list[str]] = field(default_factory=dict)


def parse_review(source: str) -> ParsedReview:
    """Parse the converted review into passages, raw reference entries and abbreviation legends."""
    state = _State()
    for block in split_blocks(source):
        _read_block(state, block)
    _close_paragraph(state)
    passages = _front_passages(state.front) + state.passages
    return ParsedReview(tuple(passages), tuple(state.entries), tuple(state.legends))


def _read_block(state: _State, block: str) -> None:
    if state.table is not None and _read_table_part(state, block):
        return
    heading = _HEADING.match(block)
    if heading:
        _read_heading(state, len(heading.group(1)), clean_markup(heading.group(2)))
        return
    if state.region == "contents":
        if block.startswith("---"):
            state.region = "front"
        return
    if state.region == "front":
        _read_front(state, block)
    elif state.region == "refs":
        _read_references(state, block)
    elif state.region == "back":
        _read_back(state, block)
    else:
        _read_body(state, block)


def _read_heading(state: _State, level: int, title: str) -> None:
    _close_paragraph(state)
    sections = state.sections
    numbered = _NUMBERED.match(title)
    if numbered:
        state.region = "body"
        sections.top, sections.sub, sections.run_in = title, "", ""
        sections.number = numbered.group(1)
    elif title == "Contents":
        state.region = "contents"
    elif state.region == "front" and level == 1:
        state.front.setdefault("title", []).append(title)
    elif title.lower().startswith("acknowledg"):
        state.region, state.back_head = "back", title
    else:
        sections.sub, sections.run_in = title, ""


def _read_front(state: _State, block: str) -> None:
    text = clean_markup(block.replace("  \n", "\n"))
    if block.startswith("**Abstract"):
        key = "abstract"
    elif block.startswith("**Key words"):
        key = "keywords"
    elif block.startswith("*Correspondence"):
        key = "correspondence"
    elif block.startswith(("Received", "DOI:")):
        key = "history"
    else:
        key = "authors"
    state.front.setdefault(key, []).append(text.replace("\n", " "))


_FRONT_LABELS = {
    "title": "Title",
    "authors": "Authors and affiliations",
    "history": "Article history",
    "abstract": "Abstract",
    "correspondence": "Correspondence",
    "keywords": "Key words",
}


def _front_passages(front: dict[str, list[str]]) -> list[Passage]:
    joiner = {"history": ". ", "authors": " "}
    passages = []
    for key, label in _FRONT_LABELS.items():
        if key in front:
            text = joiner.get(key, " ").join(front[key])
            passages.append(Passage(f"front-{key}", Kind.FRONT_MATTER, (FRONT, label), text))
    return passages


def _read_back(state: _State, block: str) -> None:
    bold = _BOLD_LINE.match(block)
    if bold:
        title = clean_markup(bold.group(1))
        if title == REFERENCES:
            state.region = "refs"
        else:
            state.back_head = title
        return
    slug = re.sub(r"[^a-z]+", "-", state.back_head.lower()).strip("-")
    text = f"{state.back_head}. {clean_markup(block)}"
    state.passages.append(Passage(f"back-{slug}", Kind.BACK_MATTER, (BACK, state.back_head), text))


def _read_references(state: _State, block: str) -> None:
    for line in block.splitlines():
        entry = _REFERENCE_ENTRY.match(line.strip())
        if entry:
            state.entries.append((int(entry.group(1)), entry.group(2).strip()))
        elif line.strip() and state.entries:
            n, text = state.entries[-1]
            state.entries[-1] = (n, f"{text} {line.strip()}")


def _read_body(state: _State, block: str) -> None:
    table = _TABLE_CAPTION.match(block)
    if table:
        number = _ROMAN[table.group(1)]
        state.table = _Table(number, clean_markup(block))
        return
    figure = _FIGURE_CAPTION.match(block)
    if figure:
        caption, legend = split_figure_legend(clean_markup(block))
        head = re.match(r"^(Figure \d+\.\s+[^.]*\.)", caption)
        title = head.group(1) if head else caption
        path = (state.sections.top, title)
        state.passages.append(Passage(f"fig{figure.group(1)}", Kind.FIGURE, path, caption))
        if legend:
            state.legends.append(Legend(f"Figure {figure.group(1)}", legend))
        return
    _read_paragraph(state, block)


def _read_paragraph(state: _State, block: str) -> None:
    raw = " ".join(line.strip() for line in block.splitlines())
    if state.open_paragraph is not None:
        pid, path, before = state.open_paragraph
        state.open_paragraph = None
        _emit_paragraph(state, pid, path, f"{before} {raw}")
        return
    run_in = _RUN_IN.match(raw)
    if run_in:
        head = clean_markup(run_in.group(2) or run_in.group(3)).rstrip(".")
        state.sections.run_in = head
    number = state.sections.number
    state.paragraph_counts[number] = state.paragraph_counts.get(number, 0) + 1
    pid = f"s{number}-p{state.paragraph_counts[number]}"
    _emit_paragraph(state, pid, state.sections.path(), raw)


def _emit_paragraph(state: _State, pid: str, path: tuple[str, ...], raw: str) -> None:
    if is_open_paragraph(clean_markup(raw)):
        state.open_paragraph = (pid, path, raw)
        return
    state.passages.append(Passage(pid, Kind.TEXT, path, clean_markup(raw)))


def _close_paragraph(state: _State) -> None:
    """Emit a paragraph still waiting for its continuation (a heading ended it)."""
    if state.open_paragraph is not None:
        pid, path, raw = state.open_paragraph
        state.open_paragraph = None
        state.passages.append(Passage(pid, Kind.TEXT, path, clean_markup(raw)))


def _read_table_part(state: _State, block: str) -> bool:
    """Consume the header/rows block and the abbreviation footnote of the table being read."""
    table = state.table
    if table is None:
        return False
    if table.stage == "header" and "\t" in block:
        lines = [line for line in block.splitlines() if line.strip()]
        columns = [clean_markup(c) for c in lines[0].split("\t")]
        for line in lines[1:]:
            _emit_table_row(state, table, columns, [clean_markup(c) for c in line.split("\t")])
        table.stage = "legend"
        return True
    if table.stage == "legend":
        state.table = None
        if is_abbreviation_legend(clean_markup(block)):
            state.legends.append(Legend(f"Table {_roman(table.number)}", clean_markup(block)))
            return True
    return False


def _emit_table_row(state: _State, table: _Table, columns: list[str], cells: list[str]) -> None:
    table.rows += 1
    pairs = [f"{_column_label(col)}: {cell}" for col, cell in zip(columns, cells, strict=True)]
    text = "\n".join([table.caption, *pairs])
    path = (state.sections.top, table.caption.rstrip("."))
    rid = f"t{table.number}-r{table.rows}"
    state.passages.append(Passage(rid, Kind.TABLE_ROW, path, text))


def _roman(number: int) -> str:
    return next(r for r, n in _ROMAN.items() if n == number)


def _column_label(column: str) -> str:
    return "Refs." if column == "(Refs.)" else column
