"""An earlier turn of a conversation as a search reads it: the question and the passages its answer came from."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from reviewqa.errors import InvalidQuery
from reviewqa.search.query import clean_query

MAX_ANSWER_IDS = 20  # an answer quotes at most a handful of passages; longer lists are cut here
_HISTORY_SHAPE = 'history must be a list of earlier questions (text) or {"question": text, "answer_chunk_ids": [ids]}'


@dataclass(frozen=True)
class EarlierTurn:
    """One earlier turn: the question and the passages its answer came from (None: not known, to be rebuilt)."""

    question: str
    answer_chunk_ids: tuple[str, ...] | None = None

    def to_json(self) -> dict:
        return {"question": self.question, "answer_chunk_ids": list(self.answer_chunk_ids or ())}


def earlier_turn(item: object) -> EarlierTurn:
    """A history item as a turn; InvalidQuery (one line) for anything but text or a well-typed question object."""
    if isinstance(item, EarlierTurn):
        return item
    if isinstance(item, str):
        return EarlierTurn(item)
    if not isinstance(item, Mapping) or not isinstance(item.get("question"), str):
        raise InvalidQuery(_HISTORY_SHAPE)
    ids = item.get("answer_chunk_ids", None)
    if ids is None:
        return EarlierTurn(item["question"])
    if not isinstance(ids, list | tuple) or not all(isinstance(i, str) for i in ids):
        raise InvalidQuery('"answer_chunk_ids" must be a list of passage ids (text), in answer order')
    return EarlierTurn(item["question"], tuple(i[:40] for i in ids[:MAX_ANSWER_IDS]))


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
