"""Study progress from the quiz history: items seen, due today, and accuracy per section and day."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, tzinfo

from reviewqa.memory.clock import parse_stamp, stamp, utc_now
from reviewqa.memory.database import Store
from reviewqa.memory.scheduling import due_cutoff, study_day


@dataclass(frozen=True)
class SectionDay:
    """One section on one study day: answers given and how many were right."""

    day: str
    section: str
    answered: int
    right: int

    @property
    def accuracy(self) -> float:
        return self.right / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class Progress:
    """The whole history summed up."""

    seen: int  # distinct items answered at least once
    due_today: int
    answered: int
    right: int
    days: tuple[SectionDay, ...]  # by day, then section
    due_now: int = 0  # of the items due today, those due already (the app's Review due)

    @property
    def accuracy(self) -> float:
        return self.right / self.answered if self.answered else 0.0

    def sections(self) -> list[SectionDay]:
        """All days summed per section (day ''), in section order."""
        totals: dict[str, list[int]] = {}
        for row in self.days:
            total = totals.setdefault(row.section, [0, 0])
            total[0] += row.answered
            total[1] += row.right
        return [SectionDay("", section, a, r) for section, (a, r) in sorted(totals.items(), key=_section_order)]

    def to_json(self) -> dict:
        """The JSON of `reviewqa quiz --progress --json`."""
        days = [{**asdict(row), "accuracy": round(row.accuracy, 4)} for row in self.days]
        return {
            "seen": self.seen,
            "due_today": self.due_today,
            "due_now": self.due_now,
            "answered": self.answered,
            "right": self.right,
            "days": days,
        }


def _section_order(entry: tuple[str, object]) -> tuple[int, str]:
    number = entry[0].split(".", 1)[0]
    return (int(number) if number.isdigit() else 1_000, entry[0])


def progress(store: Store, user: str, now: datetime | None = None, zone: tzinfo | None = None) -> Progress:
    """The user's progress at `now` (study days and 'today' in `zone`, default this machine's)."""
    moment = now or utc_now()
    with store.reading() as db:
        answers = db.execute(
            "SELECT answered, section, correct FROM answers WHERE user = ? ORDER BY answered", (user,)
        ).fetchall()
        (seen,) = db.execute("SELECT count(DISTINCT item_key) FROM answers WHERE user = ?", (user,)).fetchone()
        due, due_now = (
            db.execute("SELECT count(*) FROM cards WHERE user = ? AND due < ?", (user, stamp(cutoff))).fetchone()[0]
            for cutoff in (due_cutoff(moment, zone), due_cutoff(moment, zone, today=False))
        )
    grouped: dict[tuple[str, str], list[int]] = {}
    for answered, section, correct in answers:
        counts = grouped.setdefault((study_day(parse_stamp(answered), zone), section), [0, 0])
        counts[0] += 1
        counts[1] += int(correct)
    days = sorted(grouped.items(), key=lambda e: (e[0][0], _section_order((e[0][1], None))))
    rows = tuple(SectionDay(day, section, a, r) for (day, section), (a, r) in days)
    return Progress(int(seen), int(due), len(answers), sum(int(c) for _, _, c in answers), rows, int(due_now))
