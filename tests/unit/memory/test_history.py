"""Quiz history and FSRS scheduling on a fixed clock: every answer kept, due today in Anki's sense, progress."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import fsrs
import pytest

from reviewqa.errors import QuizError, UsageError
from reviewqa.memory.history import History
from reviewqa.memory.progress import progress
from reviewqa.memory.scheduling import day_end, describe_wait, study_day
from reviewqa.quiz.bank import item_bank

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


@pytest.fixture(scope="module")
def bank(review):
    return item_bank(review)


@pytest.fixture
def history(store):
    return History(store, "local")


def _independent_due(answers: list[tuple[datetime, fsrs.Rating]]) -> datetime:
    """What the FSRS package itself says, without reviewqa's code: a new card reviewed in order, no fuzz."""
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card(card_id=1, due=answers[0][0])
    for moment, rating in answers:
        card, _ = scheduler.review_card(card, rating, moment)
    return card.due


def test_the_key_is_the_passage_type_and_answer(bank):
    item = bank["cloze|s4-p2|AXL"]
    assert (item.type, item.chunk_id, item.answer) == ("cloze", "s4-p2", "AXL")
    assert bank["study|t1-r1|Utsumi, 2025 (66)"].options  # which study: first author, year, reference


def test_due_today_is_exactly_what_the_scheduler_says(history, review, bank):
    keys = list(bank)
    plan = {  # key -> answers (minutes before NOW, right?, rating or None)
        keys[0]: [(1, False, None)],  # wrong a minute ago: learning step, due now
        keys[1]: [(0, True, None)],  # right just now: the 10-minute learning step, due today
        keys[2]: [(5, True, "easy")],  # easy: graduates, due in days
        keys[3]: [(3 * 1440, True, None), (3 * 1440 - 11, True, None)],  # good twice three days ago
        keys[4]: [(10 * 1440, True, "easy"), (2 * 1440, False, None)],  # forgotten two days ago: relearning
        keys[5]: [(300, False, None), (289, True, "hard"), (200, True, "good")],
    }
    mapping = {None: None, "again": fsrs.Rating.Again, "hard": fsrs.Rating.Hard, "good": fsrs.Rating.Good}
    mapping["easy"] = fsrs.Rating.Easy
    expected_due = {}
    for key, answers in plan.items():
        fsrs_answers = []
        for minutes, right, rating in answers:
            moment = NOW - minutes * MINUTE
            history.record(bank[key], "given", right, rating, now=moment)
            chosen = mapping[rating] or (fsrs.Rating.Good if right else fsrs.Rating.Again)
            fsrs_answers.append((moment, chosen))
        expected_due[key] = _independent_due(fsrs_answers)
    end = datetime(2025, 6, 3, 4, 0, tzinfo=UTC)
    assert day_end(NOW, UTC) == end
    due = history.due(review, now=NOW, zone=UTC)
    wanted = sorted((d, k) for k, d in expected_due.items() if d < end)
    assert [(d.due, d.item_key) for d in due] == wanted
    assert {keys[0], keys[1]} <= {d.item_key for d in due} and keys[2] not in {d.item_key for d in due}
    assert history.due_items(review, now=NOW, zone=UTC) == [bank[k] for _, k in wanted]
    tomorrow = history.due(review, now=end + MINUTE, zone=UTC)  # the next day: more fall due, none go away
    assert {d.item_key for d in due} <= {d.item_key for d in tomorrow}
    # due now (the app's Review due): what the scheduler says is due already, not what falls due later today
    now_due = history.due(review, now=NOW, zone=UTC, today=False)
    assert [(d.due, d.item_key) for d in now_due] == [(d, k) for d, k in wanted if d <= NOW]
    assert keys[0] in {d.item_key for d in now_due} and keys[1] not in {d.item_key for d in now_due}
    later = history.due_items(review, now=NOW + 11 * MINUTE, zone=UTC, today=False)  # its 10-minute step is over
    assert bank[keys[1]] in later


def test_anki_day_starts_at_four_in_the_local_zone():
    zone = timezone(timedelta(hours=2))
    # 03:59 local (UTC+2) is still the day before, which ends at 04:00 local; 04:00 local begins a new day
    assert day_end(datetime(2025, 6, 2, 1, 59, tzinfo=UTC), zone) == datetime(2025, 6, 2, 2, 0, tzinfo=UTC)
    assert day_end(datetime(2025, 6, 2, 2, 0, tzinfo=UTC), zone) == datetime(2025, 6, 3, 2, 0, tzinfo=UTC)
    assert day_end(datetime(2025, 6, 2, 1, 0, tzinfo=UTC), UTC) == datetime(2025, 6, 2, 4, 0, tzinfo=UTC)
    assert study_day(datetime(2025, 6, 2, 3, 59, tzinfo=UTC), UTC) == "2025-06-01"
    assert describe_wait(NOW + 10 * MINUTE, NOW) == "in 10 minutes" and describe_wait(NOW, NOW) == "now"
    assert describe_wait(NOW + timedelta(days=8), NOW) == "in 8 days"


def test_every_answer_is_kept_and_a_rating_can_be_changed(history, review, bank):
    item = bank["cloze|s4-p2|AXL"]
    first = history.record(item, "axl", True, now=NOW)
    assert (first.rating, first.due, first.state) == ("good", NOW + 10 * MINUTE, "learning")
    assert [d.item_key for d in history.due(review, now=NOW, zone=UTC)] == [item.key]
    rated = history.rate(first.answer_id, "easy")
    assert rated.state == "review" and rated.due == _independent_due([(NOW, fsrs.Rating.Easy)])
    assert history.due(review, now=NOW, zone=UTC) == []
    history.record(item, "<b>EGFR</b>", False, now=NOW + timedelta(days=9))
    assert history.answers() == [
        (item.key, "2025-06-02T09:00:00.000000+00:00", True, "axl", "easy"),
        (item.key, "2025-06-11T09:00:00.000000+00:00", False, "<b>EGFR</b>", "again"),
    ]
    with pytest.raises(UsageError, match="unknown rating 'great'; choose from again, hard, good, easy"):
        history.rate(first.answer_id, "great")
    with pytest.raises(QuizError, match="there is no answer 999 to rate"):
        history.rate(999, "good")
    with history.store.reading() as db:
        state = json.loads(db.execute("SELECT state FROM cards").fetchone()[0])
    assert state["state"] == fsrs.State.Relearning


def test_users_have_their_own_history(store, review, bank):
    alice, bob = History(store, "alice"), History(store, "bob")
    alice.record(bank["cloze|s4-p2|AXL"], "x", False, now=NOW)
    assert bob.due(review, now=NOW, zone=UTC) == [] and bob.answers() == []
    assert len(alice.due(review, now=NOW, zone=UTC)) == 1
    with pytest.raises(QuizError):
        bob.rate(1, "good")  # alice's answer


def test_an_item_the_review_no_longer_has_is_reported_not_asked(history, review, bank):
    import dataclasses

    item = dataclasses.replace(bank["cloze|s4-p2|AXL"], chunk_id="s4-p99")
    history.record(item, "x", False, now=NOW)
    history.record(bank["cloze|s4-p2|AXL"], "x", False, now=NOW)
    due = history.due(review, now=NOW, zone=UTC)
    assert [(d.item_key, d.item is None) for d in due] == [("cloze|s4-p2|AXL", False), ("cloze|s4-p99|AXL", True)]
    assert history.due_items(review, now=NOW, zone=UTC) == [bank["cloze|s4-p2|AXL"]]


def test_progress_counts_seen_due_and_accuracy_per_section_and_day(store, bank):
    history = History(store, "local")
    s4 = [k for k in bank if bank[k].section_path[0].startswith("4.")][:3]
    s6 = [k for k in bank if bank[k].section_path[0].startswith("6.")][:2]
    yesterday = NOW - timedelta(days=1)
    history.record(bank[s4[0]], "a", True, "easy", now=yesterday)
    history.record(bank[s4[1]], "a", False, now=yesterday)
    history.record(bank[s4[1]], "a", True, now=NOW)
    history.record(bank[s4[2]], "a", True, "easy", now=NOW)
    history.record(bank[s6[0]], "a", False, now=NOW)
    history.record(bank[s6[1]], "a", True, "easy", now=NOW)
    result = progress(store, "local", now=NOW, zone=UTC)
    assert (result.seen, result.due_today, result.answered, result.right) == (5, 2, 6, 4)
    assert result.due_now == 0  # answered minutes ago: the learning steps (1 and 10 minutes) are not over
    assert progress(store, "local", now=NOW + 2 * MINUTE, zone=UTC).due_now == 1  # the one forgotten
    assert progress(store, "local", now=NOW + 11 * MINUTE, zone=UTC).due_now == 2
    section4 = bank[s4[0]].section_path[0]
    section6 = bank[s6[0]].section_path[0]
    assert [(r.day, r.section, r.answered, r.right) for r in result.days] == [
        ("2025-06-01", section4, 2, 1),
        ("2025-06-02", section4, 2, 2),
        ("2025-06-02", section6, 2, 1),
    ]
    assert [(r.section, r.answered, r.right) for r in result.sections()] == [(section4, 4, 3), (section6, 2, 1)]
    assert result.to_json()["days"][0] == {
        "day": "2025-06-01",
        "section": section4,
        "answered": 2,
        "right": 1,
        "accuracy": 0.5,
    }
    assert progress(store, "nobody", now=NOW).to_json() == {
        "seen": 0,
        "due_today": 0,
        "due_now": 0,
        "answered": 0,
        "right": 0,
        "days": [],
    }
