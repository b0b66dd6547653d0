"""Which chunks a search may return: kind and top-level section filters, the table a question names, and the
reference-list policy."""

from __future__ import annotations

import re

import numpy as np

from reviewqa.errors import InvalidQuery
from reviewqa.records import Chunk, Kind

# The 150 reference entries are short and dense with title words; competing freely they push the passage
# that answers out of the top 5. They rank only when the question asks for papers, authors or numbers
# ("gated"); otherwise they are shown under the passages that cite them. "free" and "never" are kept to
# measure that choice (docs/EVALUATION.md).


# 'table 1', 'Table II', 'tab. 3', 'table three': the review numbers its tables in Roman numerals, students in digits
_NAMED_TABLE = re.compile(r"\btab(?:le)?\.?\s*(iii|ii|i|[123]|one|two|three)\b", re.I)
_ROMAN = {"1": "I", "2": "II", "3": "III", "one": "I", "two": "II", "three": "III", "i": "I", "ii": "II", "iii": "III"}
_ASIDE = re.compile(r"\([^()]*\)")  # '(table 3)': a pointer to where the topic is, not a wish for the table alone


def named_table(question: str) -> str | None:
    """The table a question asks about ('summarise table 1' -> 'Table I'), or None: one naming two tables, or naming
    it only in brackets ('what new treatments target CAFs? (table 3)'), asks about no one table."""
    named = {_ROMAN[m.group(1).casefold()] for m in _NAMED_TABLE.finditer(_ASIDE.sub(" ", question))}
    return f"Table {named.pop()}" if len(named) == 1 else None


def table_of(chunk: Chunk) -> str:
    """The table a row belongs to ('Table I', from its heading 'Table I. Studies on ...'); '' for any other chunk."""
    return chunk.heading.split(".")[0] if chunk.kind is Kind.TABLE_ROW else ""


def in_table(chunk: Chunk, table: str | None) -> bool:
    """Whether `chunk` is a row of `table` ('Table I')."""
    return table is not None and table_of(chunk) == table


class ChunkFilter:
    """Kind, section and table of every chunk, row-aligned with the index."""

    def __init__(self, chunks: tuple[Chunk, ...]):
        self.kinds = np.array([c.kind.value for c in chunks])
        self.tops = np.array([c.top_section for c in chunks])
        self.sections = tuple(dict.fromkeys(self.tops))
        self.tables = np.array([table_of(c) for c in chunks])

    def in_named_table(self, question: str, eligible: np.ndarray) -> tuple[np.ndarray, str | None]:
        """`eligible` narrowed to the rows of the table `question` names ('what do the studies in table 1 show?'),
        and that table, when it names one the review has; `eligible` unchanged and None otherwise."""
        table = named_table(question)
        narrowed = eligible & (self.tables == table) if table else eligible
        return (narrowed, table) if table and narrowed.any() else (eligible, None)

    def eligible(
        self,
        kinds: list[str] | None,
        sections: list[str] | None,
        wants_sources: bool,
        policy: str = "gated",
    ) -> np.ndarray:
        """Boolean mask of chunks the search may return; InvalidQuery names an unknown kind or section."""
        if kinds:
            valid = {k.value for k in Kind}
            unknown = [k for k in kinds if k not in valid]
            if unknown:
                raise InvalidQuery(f"unknown kind '{unknown[0]}'; choose from {', '.join(sorted(valid))}")
            mask = np.isin(self.kinds, list(kinds))
        elif policy == "free" or (policy == "gated" and wants_sources):
            mask = np.ones(len(self.kinds), dtype=bool)
        else:
            mask = self.kinds != Kind.REFERENCE.value
        if sections:
            mask &= np.isin(self.tops, [self.resolve_section(s) for s in sections])
        return mask

    def resolve_section(self, name: str) -> str:
        """'4', '4.', 'references', 'Challenges' or a heading's start -> the full top-level heading."""
        wanted = str(name).strip().rstrip(".").casefold()
        for section in self.sections:
            number, _, title = section.partition(". ")
            if wanted and (wanted == number.casefold() or section.casefold().startswith(wanted)):
                return section
            if wanted and title.casefold().startswith(wanted):
                return section
        choices = ", ".join(s.split(".")[0] for s in self.sections)
        raise InvalidQuery(f"unknown section '{name}'; choose from {choices}")
