"""The small frozen records every stage passes along: a chunk of the review, a reference, a glossary entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Kind(str, Enum):
    """What a chunk is in the review."""

    TEXT = "text"
    TABLE_ROW = "table_row"
    FIGURE = "figure"
    REFERENCE = "reference"
    FRONT_MATTER = "front_matter"
    BACK_MATTER = "back_matter"


ABSTRACT_ID = "front-abstract"


@dataclass(frozen=True)
class Chunk:
    """One passage of the review, as shown to the user."""

    id: str
    kind: Kind
    section_path: tuple[str, ...]
    text: str
    refs: tuple[int, ...]

    @property
    def heading(self) -> str:
        """The innermost heading, e.g. 'Resistance to targeted therapy' ('' for none)."""
        return self.section_path[-1] if self.section_path else ""

    @property
    def top_section(self) -> str:
        """The outermost heading, e.g. '4. TME-driven therapeutic resistance in lung cancer'."""
        return self.section_path[0] if self.section_path else ""

    @property
    def is_metadata(self) -> bool:
        """A title-page or declarations passage (authors, dates, funding…), but not the abstract: the review's
        own summary of itself."""
        return self.kind in (Kind.FRONT_MATTER, Kind.BACK_MATTER) and self.id != ABSTRACT_ID

    @property
    def table_label(self) -> str:
        """'Table I' for a row of Table I; '' for any other kind."""
        return self.text.split(".", 1)[0] if self.kind is Kind.TABLE_ROW else ""

    @property
    def table_cells(self) -> tuple[str, ...]:
        """A table row's 'column: value' lines, without the table title that every row repeats."""
        return tuple(self.text.split("\n")[1:]) if self.kind is Kind.TABLE_ROW else ()

    def to_json(self) -> dict:
        """The stable JSON shape of `reviewqa chunks --json`."""
        return {
            "id": self.id,
            "kind": self.kind.value,
            "section_path": list(self.section_path),
            "text": self.text,
            "refs": list(self.refs),
        }

    @classmethod
    def from_json(cls, data: dict) -> Chunk:
        """Inverse of `to_json`."""
        return cls(
            id=data["id"],
            kind=Kind(data["kind"]),
            section_path=tuple(data["section_path"]),
            text=data["text"],
            refs=tuple(data["refs"]),
        )


# The review's own prose: what its vocabulary and its definitions are read from (not its reference list or back
# matter).
PROSE_KINDS = frozenset({Kind.TEXT, Kind.TABLE_ROW, Kind.FIGURE, Kind.FRONT_MATTER})


@dataclass(frozen=True)
class Reference:
    """One entry of the review's numbered reference list."""

    n: int
    authors: tuple[str, ...]
    et_al: bool
    title: str
    journal: str
    volume: str
    pages: str
    year: int | None
    doi: str
    raw: str
    note: str = ""
    citation: str = ""  # the entry exactly as the review prints it, markup cleaned

    def to_json(self) -> dict:
        """The stable JSON shape of `reviewqa refs --json`."""
        return {
            "n": self.n,
            "authors": list(self.authors),
            "et_al": self.et_al,
            "title": self.title,
            "journal": self.journal,
            "volume": self.volume,
            "pages": self.pages,
            "year": self.year,
            "doi": self.doi,
            "raw": self.raw,
        }


@dataclass(frozen=True)
class GlossaryEntry:
    """An abbreviation and the long forms the review spells it out as."""

    abbr: str
    long_forms: tuple[str, ...]
    sources: tuple[str, ...] = field(default=())

    def to_json(self) -> dict:
        return {"abbr": self.abbr, "long_forms": list(self.long_forms), "sources": list(self.sources)}
