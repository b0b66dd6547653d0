"""Quiz history: every answer recorded (item key, time, right or wrong, the answer given, a rating), each item's
FSRS card kept beside it, and the items due today.

The answers are the record; a card is recomputed from its item's answers whenever one is added or re-rated, in
the same transaction, so the two never disagree.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, tzinfo

from reviewqa.choices import Rating
from reviewqa.corpus.review import Review
from reviewqa.errors import QuizError
from reviewqa.memory.clock import parse_stamp, stamp, utc_now
from reviewqa.memory.database import Store
from reviewqa.memory.scheduling import STATE_NAMES, card_json, due_cutoff, rating_for, replay
from reviewqa.quiz.bank import item_bank
from reviewqa.quiz.items import QuizItem

MAX_GIVEN_CHARS = 500  # an answer is a term; a pasted page is kept only this far


@dataclass(frozen=True)
class Scheduled:
    """What an answer did: its id (to re-rate it), the rating used, the item's next due time and FSRS state."""

    answer_id: int
    item_key: str
    rating: Rating
    due: datetime
    state: str


@dataclass(frozen=True)
class DueItem:
    """An item due today, when, and its quiz item (None when the review no longer has it)."""

    item_key: str
    due: datetime
    item: QuizItem | None


class History:
    """One user's quiz history in a store."""

    def __init__(self, store: Store, user: str):
        self.store = store
        self.user = user

    def record(
        self, item: QuizItem, given: str, correct: bool, rating: Rating | str | None = None, now: datetime | None = None
    ) -> Scheduled:
        """Record an answer and reschedule its item (rating: the user's, else good when right, again when wrong)."""
        chosen = Rating.parse(rating) if rating is not None else rating_for(correct)
        when = now or utc_now()
        section = item.section_path[0] if item.section_path else ""
        with self.store.writing() as db:
            cursor = db.execute(
                "INSERT INTO answers (user, item_key, answered, correct, given, rating, chunk_id, section) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self.user,
                    item.key,
                    stamp(when),
                    int(correct),
                    given[:MAX_GIVEN_CHARS],
                    chosen.value,
                    item.chunk_id,
                    section,
                ),
            )
            answer_id = int(cursor.lastrowid or 0)
            return self._reschedule(db, answer_id, item.key, chosen)

    def rate(self, answer_id: int, rating: Rating | str) -> Scheduled:
        """Change the rating of an answer already recorded (the app's again / hard / good / easy) and reschedule."""
        chosen = Rating.parse(rating)
        with self.store.writing() as db:
            row = db.execute(
                "SELECT item_key FROM answers WHERE id = ? AND user = ?", (answer_id, self.user)
            ).fetchone()
            if row is None:
                raise QuizError(f"there is no answer {answer_id} to rate")
            db.execute("UPDATE answers SET rating = ? WHERE id = ?", (chosen.value, answer_id))
            return self._reschedule(db, answer_id, row[0], chosen)

    def _reschedule(self, db: sqlite3.Connection, answer_id: int, key: str, rating: Rating) -> Scheduled:
        rows = db.execute(
            "SELECT answered, rating FROM answers WHERE user = ? AND item_key = ? ORDER BY answered, id",
            (self.user, key),
        ).fetchall()
        card = replay((parse_stamp(answered), Rating.parse(r)) for answered, r in rows)
        db.execute(
            "INSERT OR REPLACE INTO cards (user, item_key, due, state) VALUES (?, ?, ?, ?)",
            (self.user, key, stamp(card.due), card_json(card)),
        )
        return Scheduled(answer_id, key, rating, card.due, STATE_NAMES[card.state])

    def due(
        self, review: Review, now: datetime | None = None, zone: tzinfo | None = None, *, today: bool = True
    ) -> list[DueItem]:
        """Every item due before the day ends (Anki's 'due today', learning steps included), soonest first; with
        `today=False` only the items due now (one answered right minutes ago waits for its 10-minute step)."""
        end = due_cutoff(now or utc_now(), zone, today=today)
        with self.store.reading() as db:
            rows = db.execute(
                "SELECT item_key, due FROM cards WHERE user = ? AND due < ? ORDER BY due, item_key",
                (self.user, stamp(end)),
            ).fetchall()
        bank = item_bank(review)
        return [DueItem(key, parse_stamp(due), bank.get(key)) for key, due in rows]

    def due_items(
        self, review: Review, now: datetime | None = None, zone: tzinfo | None = None, *, today: bool = True
    ) -> list[QuizItem]:
        """The quiz items due today (`today=False`: due now) that the review still has, soonest first."""
        return [d.item for d in self.due(review, now, zone, today=today) if d.item is not None]

    def next_due(self) -> datetime | None:
        """When the next item falls due, or None when nothing was ever answered."""
        with self.store.reading() as db:
            row = db.execute("SELECT min(due) FROM cards WHERE user = ?", (self.user,)).fetchone()
        return parse_stamp(row[0]) if row and row[0] else None

    def answers(self) -> list[tuple[str, str, bool, str, str]]:
        """(item key, time answered, right, answer given, rating) of every answer, oldest first."""
        with self.store.reading() as db:
            rows = db.execute(
                "SELECT item_key, answered, correct, given, rating FROM answers WHERE user = ? ORDER BY answered, id",
                (self.user,),
            ).fetchall()
        return [(key, answered, bool(correct), given, rating) for key, answered, correct, given, rating in rows]
