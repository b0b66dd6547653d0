"""The one clock of the store: aware UTC times, written as ISO 8601 text; tests pass their own fixed `now`."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """The current time, timezone-aware, in UTC (what the FSRS scheduler requires)."""
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """'2025-06-01T09:30:00.123456+00:00': sortable as text, so SQL compares times as strings."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_stamp(text: str) -> datetime:
    """The time a `stamp` wrote."""
    return datetime.fromisoformat(text).astimezone(UTC)
