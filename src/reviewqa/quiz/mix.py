"""A quiz drawn from every item the review gives: types in turn, nothing asked twice, a balanced mix of text and
table items, the same quiz for the same seed."""

from __future__ import annotations

import random

from reviewqa.choices import QuizType
from reviewqa.corpus.review import Review
from reviewqa.errors import QuizError
from reviewqa.quiz.checking import normalise
from reviewqa.quiz.items import TYPES, QuizItem, cloze_items, multiple_choice, study_items
from reviewqa.records import Kind

TABLE_SHARE = 5  # a mixed quiz asks at most one table item ('PFS 8.2 vs ___', 'which study') in this many


def make_quiz(
    review: Review,
    n: int = 10,
    seed: int = 0,
    section: str | None = None,
    types: tuple[QuizType | str, ...] = TYPES,
    tables: bool | None = None,
) -> list[QuizItem]:
    """Up to `n` items, types taken in turn; no sentence, table row or answer comes twice. Same seed, same quiz.

    A balanced mix: at most one item in five comes from a table row ('PFS 8.2 vs ___', 'which study'), unless
    `tables` is True or only 'which study' is asked for; table items fill in only when nothing else is left.
    """
    if n <= 0:
        raise QuizError(f"the number of questions must be at least 1 (got {n})")
    # Multiple choice is made only for the items drawn (three distractors each), not for all ~460 per seed.
    sources = {"cloze": lambda: cloze_items(review), "mc": lambda: cloze_items(review)}
    sources["study"] = lambda: study_items(review, seed)
    kinds = tuple(QuizType.parse(t) for t in types)
    rng = random.Random(seed)
    queues = {}
    for kind in kinds:
        queue = [i for i in sources[kind]() if section is None or i.section_path[:1] == (section,)]
        rng.shuffle(queue)
        queues[kind] = queue
    if not any(queues.values()):
        raise QuizError(f"no quiz items of type {'/'.join(k.value for k in kinds)} in section '{section}'")
    table_rows = frozenset(c.id for c in review.chunks if c.kind is Kind.TABLE_ROW)
    if tables is None:
        tables = set(kinds) == {QuizType.STUDY}
    return _Draw(review, seed, table_rows, None if tables else TABLE_SHARE).run(queues, n)


class _Draw:
    """Items from the queues in turn (each popped from its end), none sharing a sentence, an answer or a table row.
    With a `share`, a table item is asked only while at most one in `share` of the questions so far is one (so they
    are spread out: the 5th, the 10th, …); the others wait, and fill in at the end only when nothing else is left."""

    def __init__(self, review: Review, seed: int, table_rows: frozenset[str], share: int | None):
        self.review, self.seed, self.table_rows, self.share = review, seed, table_rows, share
        self.chosen: list[QuizItem] = []
        self.used: set[tuple[str, str]] = set()
        self.tabled = 0

    def run(self, queues: dict[QuizType, list[QuizItem]], n: int) -> list[QuizItem]:
        waiting: dict[QuizType, list[QuizItem]] = {kind: [] for kind in queues}
        drawn = True
        while len(self.chosen) < n and drawn:
            drawn = False
            for kind, queue in queues.items():
                if len(self.chosen) < n and self._next(kind, queue, waiting[kind]):
                    drawn = True
        for kind, held in waiting.items():
            for item in held:
                if len(self.chosen) < n:
                    self._take(kind, item)
        return self.chosen

    def _table_allowed(self) -> bool:
        return self.share is None or self.tabled < (len(self.chosen) + 1) // self.share

    def _next(self, kind: QuizType, queue: list[QuizItem], held: list[QuizItem]) -> bool:
        """Ask one more item of `kind`: a held table item when one may be asked now, else the next of its queue."""
        while held and self._table_allowed():
            if self._take(kind, held.pop(0)):
                return True
        while queue:
            item = queue.pop()
            if item.chunk_id in self.table_rows and not self._table_allowed():
                held.append(item)
            elif self._take(kind, item):
                return True
        return False

    def _take(self, kind: QuizType, item: QuizItem) -> bool:
        keys = {("sentence", f"{item.chunk_id}|{item.sentence}"), ("answer", normalise(item.answer))}
        table = item.chunk_id in self.table_rows
        if table:  # a table cell would give away its row's study, and back
            keys.add(("row", item.chunk_id))
        if keys & self.used:
            return False
        if kind == "mc":
            choice = multiple_choice(item, self.review, self.seed)
            if choice is None:
                return False
            item = choice
        self.used.update(keys)
        self.chosen.append(item)
        self.tabled += table
        return True
