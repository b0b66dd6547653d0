"""Which chunks a search may return: kind and top-level section filters, and the reference-list policy."""

from __future__ import annotations

import numpy as np

from reviewqa.errors import InvalidQuery
from reviewqa.records import Chunk, Kind

# The 150 reference entries are short and dense with title words; competing freely they push the passage
# that answers out of the top 5. They rank only when the question asks for papers, authors or numbers
# ("gated"); otherwise they are shown under the passages that cite them. "free" and "never" are kept to
# measure that choice (docs/EVALUATION.md).


class ChunkFilter:
    """Kind and section of every chunk, row-aligned with the index."""

    def __init__(self, chunks: tuple[Chunk, ...]):
        self.kinds = np.array([c.kind.value for c in chunks])
        self.tops = np.array([c.top_section for c in chunks])
        self.sections = tuple(dict.fromkeys(self.tops))

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
