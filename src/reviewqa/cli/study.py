"""The study side of `reviewqa quiz`: the items due today (`--due`), an Anki deck (`--anki`), the progress table
(`--progress`)."""

from __future__ import annotations

import argparse
import json
import sys

SECTION_WIDTH = 44


def due_session(args: argparse.Namespace, review):
    """A quiz of the items due today (filtered by --section / --type, cut to -n) and the history to record in."""
    from reviewqa.choices import QuizType
    from reviewqa.cli.common import open_store, user_of
    from reviewqa.memory import clock
    from reviewqa.memory.history import History
    from reviewqa.memory.scheduling import describe_wait
    from reviewqa.quiz.session import QuizSession, resolve_section

    history = History(open_store(args, "quiz"), user_of(args))
    section = resolve_section(review, args.section)
    kind = QuizType.parse(args.quiz_type).value if args.quiz_type else None
    now = clock.utc_now()
    due = history.due(review, now=now)
    gone = [d.item_key for d in due if d.item is None]
    if gone:
        print(
            f"reviewqa quiz: {len(gone)} due item(s) are no longer in the review, skipped: {gone[0]} …", file=sys.stderr
        )
    items = [
        d.item
        for d in due
        if d.item is not None
        and (section is None or d.item.section_path[:1] == (section,))
        and kind in (None, d.item.type)
    ]
    items = items[: args.n] if args.n is not None else items
    if not items and not args.json:
        upcoming = history.next_due()
        after = f" The next review is due {describe_wait(upcoming, now)}." if upcoming and upcoming > now else ""
        print(f"Nothing is due today.{after}" if due or upcoming else "Nothing is due: answer a quiz first.")
    return QuizSession(review, tuple(items)), history


def write_deck(args: argparse.Namespace) -> int:
    """An Anki deck of the quiz's items (all of them without -n) through the all-or-none file writer."""

    from reviewqa.corpus.review import load_review
    from reviewqa.errors import QuizError
    from reviewqa.memory import clock
    from reviewqa.quiz.anki import DECK_NAME, deck_bytes
    from reviewqa.quiz.bank import bank_items
    from reviewqa.quiz.items import TYPES
    from reviewqa.quiz.mix import make_quiz
    from reviewqa.quiz.session import new_seed, resolve_section
    from reviewqa.writing.files import OutputFile, output_path, write_all

    review = load_review()
    section = resolve_section(review, args.section)
    types = (args.quiz_type,) if args.quiz_type else TYPES
    if args.n is not None:
        seed = args.seed if args.seed is not None else new_seed()
        items = make_quiz(review, n=args.n, seed=seed, section=section, types=types)
    else:
        items = bank_items(review, section, types)
    if not items:
        raise QuizError(f"no quiz items of type {'/'.join(map(str, types))} in section '{section}'")
    path = output_path(args.anki, "reviewqa.apkg")
    write_all([OutputFile(path, deck_bytes(items, review, clock.utc_now()))], force=args.force)
    count = len({item.key for item in items})
    print(
        f"wrote {path}: {count} notes in the Anki deck '{DECK_NAME}' (import it again to update them)", file=sys.stderr
    )
    return 0


def print_progress(args: argparse.Namespace) -> int:
    """Items seen, due today and accuracy, per section and per study day, as a table (or JSON)."""
    from reviewqa.cli.common import open_store, user_of
    from reviewqa.memory.progress import progress

    result = progress(open_store(args, "quiz"), user_of(args))
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    share = f" ({result.accuracy:.0%})" if result.answered else ""
    print(
        f"Items seen: {result.seen} · due today: {result.due_today} · answers: {result.answered}, "
        f"{result.right} right{share}"
    )
    if not result.answered:
        print("No answers yet: `reviewqa quiz` records every answer.")
        return 0
    print(f"\n{'Section':<{SECTION_WIDTH}} {'answered':>8} {'right':>6} {'accuracy':>9}")
    for row in result.sections():
        print(f"{_cut(row.section):<{SECTION_WIDTH}} {row.answered:>8} {row.right:>6} {row.accuracy:>9.0%}")
    print(f"\n{'Day':<10}  {'Section':<{SECTION_WIDTH - 12}} {'answered':>8} {'right':>6} {'accuracy':>9}")
    for row in result.days:
        section = _cut(row.section, SECTION_WIDTH - 12)
        print(f"{row.day:<10}  {section:<{SECTION_WIDTH - 12}} {row.answered:>8} {row.right:>6} {row.accuracy:>9.0%}")
    return 0


def _cut(text: str, width: int = SECTION_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
