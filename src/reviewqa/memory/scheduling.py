"""Spaced repetition with the FSRS scheduler (Anki's default): a rating per answer, the next due time, and what is
due today in Anki's sense (before the next day starts, at 4 a.m. local time), learning steps included.

Fuzzing is off, so the same answers at the same times always give the same schedule (and tests can fix the clock).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo

import fsrs

from reviewqa.choices import Rating

SCHEDULER = fsrs.Scheduler(enable_fuzzing=False)  # FSRS-6 defaults: retention 0.9, learning steps 1 and 10 minutes
DAY_STARTS_AT_HOUR = 4  # Anki's "next day starts at"
_FSRS_RATING = {
    Rating.AGAIN: fsrs.Rating.Again,
    Rating.HARD: fsrs.Rating.Hard,
    Rating.GOOD: fsrs.Rating.Good,
    Rating.EASY: fsrs.Rating.Easy,
}
STATE_NAMES = {fsrs.State.Learning: "learning", fsrs.State.Review: "review", fsrs.State.Relearning: "relearning"}


def rating_for(correct: bool) -> Rating:
    """The rating an answer gets when the user gives none: good when right, again when wrong."""
    return Rating.GOOD if correct else Rating.AGAIN


def replay(reviews: Iterable[tuple[datetime, Rating]]) -> fsrs.Card:
    """The card after these reviews (UTC times, in order), from a new card: the schedule is a function of the
    answers, so changing a rating afterwards simply replays them."""
    card: fsrs.Card | None = None
    for moment, rating in reviews:
        if card is None:
            card = fsrs.Card(card_id=1, due=moment)
        card, _ = SCHEDULER.review_card(card, _FSRS_RATING[Rating.parse(rating)], review_datetime=moment)
    if card is None:
        raise ValueError("a card needs at least one review")
    return card


def card_json(card: fsrs.Card) -> str:
    return json.dumps(card.to_dict(), sort_keys=True)


def day_end(now: datetime, zone: tzinfo | None = None) -> datetime:
    """When the day `now` falls in ends, Anki's way: the next 4 a.m. in `zone` (default: this machine's)."""
    local = now.astimezone(zone)
    cutoff = local.replace(hour=DAY_STARTS_AT_HOUR, minute=0, second=0, microsecond=0)
    if local >= cutoff:
        cutoff += timedelta(days=1)
    return cutoff.astimezone(now.tzinfo)


def due_cutoff(now: datetime, zone: tzinfo | None = None, *, today: bool = True) -> datetime:
    """The time an item must fall due before to count as due: the day's end (Anki's 'due today'), or (`today=False`)
    just after `now`, so an item due this very moment counts as due now."""
    return day_end(now, zone) if today else now + timedelta(microseconds=1)


def study_day(moment: datetime, zone: tzinfo | None = None) -> str:
    """'2025-06-01': the Anki day `moment` belongs to (before 4 a.m. counts as the day before)."""
    return (moment.astimezone(zone) - timedelta(hours=DAY_STARTS_AT_HOUR)).date().isoformat()


def describe_wait(due: datetime, now: datetime) -> str:
    """'in 10 minutes', 'in 3 days', 'now': how long until `due`."""
    seconds = (due - now).total_seconds()
    if seconds < 60:
        return "now"
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size:
            count = round(seconds / size)
            return f"in {count} {unit}{'s' if count != 1 else ''}"
    return "now"
