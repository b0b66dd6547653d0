"""Every item the quiz can ask, by its stable key: what a review of due items and an Anki deck are made from."""

from __future__ import annotations

import functools

from reviewqa.choices import QuizType
from reviewqa.corpus.review import Review
from reviewqa.quiz.items import TYPES, QuizItem, all_items

# Multiple-choice options drawn with this seed when an item is asked by its key (the key does not depend on it).
BANK_SEED = 0


@functools.cache
def item_bank(review: Review) -> dict[str, QuizItem]:
    """key -> item, in reading order per type; of the items sharing a key, the first in reading order."""
    bank: dict[str, QuizItem] = {}
    for item in all_items(review, TYPES, seed=BANK_SEED):
        bank.setdefault(item.key, item)
    return bank


def bank_items(review: Review, section: str | None = None, types: tuple[QuizType | str, ...] = TYPES) -> list[QuizItem]:
    """Every distinct item of the given types (and top-level section, a full heading), in reading order per type."""
    wanted = {QuizType.parse(t).value for t in types}
    return [
        item
        for item in item_bank(review).values()
        if item.type in wanted and (section is None or item.section_path[:1] == (section,))
    ]
