"""An earlier turn of a conversation as a search reads it: the question, the passages its answer came from and the
answer's sentences as shown (what a follow-up's "the second one" or "that" points at)."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from reviewqa.errors import InvalidQuery
from reviewqa.search.query import clean_query

MAX_ANSWER_IDS = 20  # an answer quotes at most a handful of passages; longer lists are cut here
MAX_ANSWER_SENTENCES = 20  # … and a handful of sentences
MAX_SENTENCE_CHARS = 2000  # a sentence (or a table row) longer than this is cut: it is the review's, read for names
_HISTORY_SHAPE = (
    'history must be a list of earlier questions (text) or {"question": text, "answer_chunk_ids": [ids], '
    '"answer_sentences": [texts]}'
)


@dataclass(frozen=True)
class EarlierTurn:
    """One earlier turn: the question, the passages its answer came from and the answer's sentences in the order
    shown (None: not known, to be rebuilt)."""

    question: str
    answer_chunk_ids: tuple[str, ...] | None = None
    answer_sentences: tuple[str, ...] | None = None

    def item(self, place: int) -> str | None:
        """The answer's `place`-th item as shown ('the third one': 3, 'the last one': -1); None when its items are
        not known or fewer."""
        shown = self.answer_sentences or ()
        return shown[place - 1 if place > 0 else place] if 0 < abs(place) <= len(shown) else None

    def to_json(self) -> dict:
        shown = {"answer_sentences": list(self.answer_sentences)} if self.answer_sentences is not None else {}
        return {"question": self.question, "answer_chunk_ids": list(self.answer_chunk_ids or ()), **shown}


def earlier_turn(item: object) -> EarlierTurn:
    """A history item as a turn; InvalidQuery (one line) for anything but text or a well-typed question object."""
    if isinstance(item, EarlierTurn):
        return item
    if isinstance(item, str):
        return EarlierTurn(item)
    if not isinstance(item, Mapping) or not isinstance(item.get("question"), str):
        raise InvalidQuery(_HISTORY_SHAPE)
    ids, texts = item.get("answer_chunk_ids", None), item.get("answer_sentences", None)
    if ids is not None and (not isinstance(ids, list | tuple) or not all(isinstance(i, str) for i in ids)):
        raise InvalidQuery('"answer_chunk_ids" must be a list of passage ids (text), in answer order')
    if texts is not None and (not isinstance(texts, list | tuple) or not all(isinstance(t, str) for t in texts)):
        raise InvalidQuery('"answer_sentences" must be a list of the answer\'s sentences (text), in the order shown')
    return EarlierTurn(
        item["question"],
        tuple(i[:40] for i in ids[:MAX_ANSWER_IDS]) if ids is not None else None,
        tuple(t[:MAX_SENTENCE_CHARS] for t in texts[:MAX_ANSWER_SENTENCES]) if texts is not None else None,
    )


def earlier_turns(history: object) -> list[EarlierTurn]:
    """Every item of `history` as a turn; InvalidQuery when it is not a list of items of the right shape."""
    if isinstance(history, str | bytes | Mapping) or not isinstance(history, Sequence):
        raise InvalidQuery(_HISTORY_SHAPE)
    return [earlier_turn(item) for item in history]


def readable_turns(history: object, newest: int) -> list[EarlierTurn]:
    """The `newest` turns of `history` whose question can be read (a blank or unreadable one is passed over), each
    question cleaned; InvalidQuery if `history` is not a list of questions or question objects."""
    earlier = []
    for turn in earlier_turns(history)[-newest:]:
        with contextlib.suppress(InvalidQuery):
            earlier.append(replace(turn, question=clean_query(turn.question)))
    return earlier
