"""What the passage ranker reads of a passage's place in the conversation: whether the previous answer showed it
(first or later), whether it is the next or previous passage, the same study's table row or prose, or in the same
subsection as a passage shown, and whether it says what a follow-up asks beyond the answer ('any numbers on that?':
figures). One row per passage of the review; all zero for a question read on its own. (Two more lost leaving one
file out: the share of the previous answer's rare named things a passage holds, and 'the second one'.)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from reviewqa.search.history import EarlierTurn
from reviewqa.search.pointing import asked_facets, holds
from reviewqa.search.shown import OLDER_TURN, Shown

CONVERSATION_FEATURES = (
    "c_shown",  # the previous answer quoted it (an older answer: OLDER_TURN)
    "c_first",  # the previous answer opened with it
    "c_next",  # the next or previous passage of one the previous answer quoted (not quoted itself)
    "c_pair",  # the same study's table row or prose as one the previous answer quoted (not quoted itself)
    "c_section",  # in the subsection of one the previous answer quoted (not quoted itself)
    "c_facet",  # a follow-up asks figures, safety, who, a phase or a mechanism, and it says that
)


class ConversationFeatures:
    """The conversation features of every passage of a review for a follow-up."""

    def __init__(self, shown: Shown, pairs: Sequence[tuple[int, int]] = ()):
        self.shown = shown
        self._pairs = {*pairs, *((b, a) for a, b in pairs)}  # (table row, prose) both ways
        self._saying: dict[str, np.ndarray] = {}  # per facet, which passages say it (the review does not change)

    def matrix(self, turns: Sequence[EarlierTurn], message: str) -> np.ndarray | None:
        """Passages x CONVERSATION_FEATURES after `turns`; None when no earlier answer is known."""
        previous = self.shown.known(turns[-1].answer_chunk_ids) if turns else []
        older = self.shown.known(turns[-2].answer_chunk_ids) if len(turns) > 1 else []
        if not previous and not older:
            return None
        chunks = self.shown.review.chunks
        table = np.zeros((len(chunks), len(CONVERSATION_FEATURES)))
        table[older, 0] = OLDER_TURN
        table[previous, 0] = 1.0
        table[previous[:1], 1] = 1.0
        for row in previous:
            near = [n for n in self.shown.near(row) if n not in previous]
            table[[n for n in near if (row, n) not in self._pairs], 2] = 1.0
            table[[n for n in near if (row, n) in self._pairs], 3] = 1.0
            table[[n for n in self.shown.section(row) if n not in previous], 4] = 1.0
        for facet in asked_facets(message):
            table[:, 5] = np.maximum(table[:, 5], self._says(facet))
        return table

    def _says(self, facet: str) -> np.ndarray:
        """1 for each passage that says what `facet` asks, read once per facet."""
        if facet not in self._saying:
            self._saying[facet] = np.array([holds(chunk, facet) for chunk in self.shown.review.chunks], dtype=float)
        return self._saying[facet]
