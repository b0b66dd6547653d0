"""A study the review reports twice: in its prose ('Peyraud et al (43) used spatially resolved transcriptomics…')
and as a row of Tables I–III ('First author, year: Peyraud, 2025'). When both are among the best passages and the
question says which it wants, that one answers first, the other just below it: a table, a row's 'listed' field or
'Author year' asks for the row; 'who showed', 'which group', 'et al' asks for the prose, which names the authors in
the sentence that says what they found. Otherwise the scores decide.

A row and a prose passage are the same study when the passage names the row's first author with 'et al' and a
reference number within two of the row's (the tables number a few references one or two apart from the text).
"""

from __future__ import annotations

import re

import numpy as np

from reviewqa.corpus.review import Review
from reviewqa.records import Kind

PAIR_DEPTH = 10  # only passages already this close to the top are reordered
_ABOVE = 1e-6  # how far above its partner a lifted passage lands
FOLLOW_DEPTH = 3  # a first-ranked table row's prose, if not already this close, is put second
_NEAR_REFERENCE = 2
_FIRST_AUTHOR = re.compile(r"First author, year:\s*([^\W\d][\w'-]*)")
# 'In Table I…', 'what mechanism is listed…', 'Zhao 2019 apatinib…' (a table row's 'First author, year').
_TABLE_QUESTION = re.compile(
    r"(?i:\btables?\b|\btabulated\b|\blisted\b)|\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?,?\s+(?:19|20)\d\d\b"
)
# 'Who showed…', 'which group reported…': the prose names the authors in the sentence that says what they found.
_WHO_QUESTION = re.compile(
    r"\bwho\b|\bwhich\s+(?:group|team|authors?|researchers|investigators|lab|study|studies)\b|\bet\s+al\b", re.I
)


_ET_AL = re.compile(r"(?<![\w-])([^\W\d][\w'-]*)\s+\*?et al\*?\.?\s*\((\d+)")


class StudyPairs:
    """The (table row, prose passage) pairs of one review, as chunk rows."""

    def __init__(self, review: Review):
        cited: dict[str, list[tuple[int, int]]] = {}  # surname -> (prose row, the number after 'surname et al')
        for row, chunk in enumerate(review.chunks):
            if chunk.kind is Kind.TEXT:
                for match in _ET_AL.finditer(chunk.text):
                    cited.setdefault(match.group(1), []).append((row, int(match.group(2))))
        pairs = []
        for row, chunk in enumerate(review.chunks):
            author = _FIRST_AUTHOR.search(chunk.text) if chunk.kind is Kind.TABLE_ROW else None
            if author is None:
                continue
            for distance in range(_NEAR_REFERENCE + 1):  # the same number if any passage gives it, else the nearest
                same = {p for p, n in cited.get(author.group(1), []) if any(abs(n - r) == distance for r in chunk.refs)}
                if same:
                    pairs += [(row, p) for p in sorted(same)]
                    break
        self.pairs = pairs

    def order(self, scores: np.ndarray, question: str) -> np.ndarray:
        """`scores` with the one of each pair the question asks for lifted just above the other, when both are among
        the best PAIR_DEPTH (each passage lifted once, above the best of its partners)."""
        wants_row = bool(_TABLE_QUESTION.search(question))
        if not self.pairs:
            return scores
        if not (wants_row or _WHO_QUESTION.search(question)):
            return self._follow_first_row(scores)  # the question does not say: the scores decide, but …
        top = {int(i) for i in np.argsort(-scores, kind="stable")[:PAIR_DEPTH] if scores[i] > 0}
        partners: dict[int, list[int]] = {}
        for table_row, passage in self.pairs:
            wanted, other = (table_row, passage) if wants_row else (passage, table_row)
            if wanted in top and other in top:
                partners.setdefault(wanted, []).append(other)
        lifted = scores.copy()
        for wanted, others in partners.items():
            best = max(scores[o] for o in others)
            if best >= scores[wanted]:
                lifted[wanted] = best + _ABOVE
        return lifted

    def _follow_first_row(self, scores: np.ndarray) -> np.ndarray:
        """… a table row ranked first brings its study's prose up to just below it (the row says what was found,
        the prose how and why), unless the prose is already among the best FOLLOW_DEPTH."""
        order = np.argsort(-scores, kind="stable")
        first = int(order[0])
        partners = [p for t, p in self.pairs if t == first]
        if not partners or set(partners) & {int(i) for i in order[:FOLLOW_DEPTH]}:
            return scores
        lifted = scores.copy()
        best = max(partners, key=lambda p: scores[p])
        lifted[best] = scores[int(order[1])] + _ABOVE
        return lifted
