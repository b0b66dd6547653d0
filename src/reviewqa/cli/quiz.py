"""`reviewqa quiz`: questions drawn from the review, asked in the terminal (or printed as JSON); every answer is
recorded in the study store and scheduled (`--due` asks what is due today), `--anki` writes a deck, `--progress`
shows the history."""

from __future__ import annotations

import argparse
import json
import sys

from reviewqa.cli.common import ExamplesFormatter, add_memory_options

DEFAULT_COUNT = 10
QUIZ_EXAMPLES = """examples:
  reviewqa quiz -n 5                 five questions; every answer is recorded
  reviewqa quiz --section 4          only section 4 (a number or heading start)
  reviewqa quiz --due                the questions due again (spaced repetition)
  reviewqa quiz --progress           what you answered, per section and day"""


def add_parsers(sub: argparse._SubParsersAction) -> None:
    quiz = sub.add_parser(
        "quiz",
        help="quiz yourself on the review: fill the blank, multiple choice, which study",
        epilog=QUIZ_EXAMPLES,
        formatter_class=ExamplesFormatter,
    )
    quiz.add_argument("--section", help="only this top-level section (number or heading start)")
    quiz.add_argument("-n", type=int, help=f"number of questions (default {DEFAULT_COUNT}; with --due or --anki: all)")
    quiz.add_argument("--seed", type=int, help="the same seed gives the same quiz (default: a new one each run)")
    quiz.add_argument("--type", dest="quiz_type", help="cloze, mc or study (default: all, in turn)")
    quiz.add_argument("--json", action="store_true", help="print the items as a JSON list instead of asking")
    quiz.add_argument("--due", action="store_true", help="the items due today (spaced repetition of your answers)")
    quiz.add_argument("--anki", metavar="FILE", help="write the items as an Anki deck (.apkg) instead of asking")
    quiz.add_argument("--force", action="store_true", help="with --anki: replace the file if it exists")
    quiz.add_argument("--progress", action="store_true", help="items seen, due today, accuracy per section and day")
    add_memory_options(quiz)
    quiz.set_defaults(handler=run_quiz)


def run_quiz(args: argparse.Namespace) -> int:
    from reviewqa.errors import UsageError

    modes = [flag for flag in ("due", "anki", "progress") if getattr(args, flag) not in (None, False)]
    if len(modes) > 1:
        raise UsageError(f"--{modes[0]} and --{modes[1]} do not combine")
    if args.json and args.anki is not None:
        raise UsageError("--anki writes a deck; it does not combine with --json")
    if args.progress:
        from reviewqa.cli.study import print_progress

        return print_progress(args)
    if args.anki is not None:  # (an empty name is refused, not taken as no --anki)
        from reviewqa.cli.study import write_deck

        return write_deck(args)
    return _run_items(args)


def _run_items(args: argparse.Namespace) -> int:
    from reviewqa.cli.common import open_stdin
    from reviewqa.corpus.review import load_review
    from reviewqa.quiz.session import QuizSession, new_seed

    review = load_review()
    seed = args.seed if args.seed is not None else new_seed()
    if args.due:
        from reviewqa.cli.study import due_session

        session, history = due_session(args, review)
    else:
        n = args.n if args.n is not None else DEFAULT_COUNT
        session = QuizSession.start(n=n, seed=seed, section=args.section, quiz_type=args.quiz_type, review=review)
        history = None if args.json else _history_or_none(args)
    if args.json:
        print(json.dumps([item.to_json() for item in session.items], ensure_ascii=False, indent=2))
        return 0
    if not session.items:
        return 0
    with open_stdin("answer in a terminal or pipe the answers in, or use --json") as answers:
        return _ask(session, "due today" if args.due else f"seed {seed}", answers, history)


def _history_or_none(args: argparse.Namespace):
    """The user's quiz history, or None (said in one line) when the store cannot be used: the quiz goes on."""
    from reviewqa.cli.common import open_store, user_of
    from reviewqa.errors import StoreUnavailable
    from reviewqa.memory.history import History

    try:
        return History(open_store(args, "quiz"), user_of(args))
    except StoreUnavailable as exc:
        print(f"reviewqa quiz: answers are not recorded: {exc}", file=sys.stderr)
        return None


def _wrap(text: str, indent: str = "  ", rest: str | None = None) -> str:
    from reviewqa.cli.wrapping import wrapped

    return wrapped(text, indent, rest)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def item_heading(number: int, total: int, item) -> str:
    """'Q2/10 · multiple choice · drug · 4. TME-driven …': the kind of question in words, its category when that
    says more than the kind ('which study' is its own category)."""
    from reviewqa.quiz.session import TYPE_WORDS

    kind = TYPE_WORDS.get(item.type, item.type)
    parts = [f"Q{number}/{total}", kind] + ([item.category] if item.category != item.type else [])
    return " · ".join([*parts, item.section_path[0]])


def _print_source(feedback) -> None:
    print(_wrap(f"Source [{feedback.item.chunk_id}] {feedback.section}", "  ", "    "))
    print(_wrap(feedback.passage, "    "))
    if feedback.citations:
        print("  Refs:")
        for citation in feedback.citations:
            label = citation.split(" ", 1)[0]  # '[81]': the lines after the first go under the text
            print(_wrap(citation, "    ", " " * (len(label) + 5)))


def _record(history, feedback) -> str:
    """Record the answer; '  next: in 10 minutes' (or '' when answers are not kept)."""
    from reviewqa.errors import StoreUnavailable
    from reviewqa.memory import clock
    from reviewqa.memory.scheduling import describe_wait

    if history is None:
        return ""
    now = clock.utc_now()
    try:
        scheduled = history.record(feedback.item, feedback.given, feedback.correct, now=now)
    except StoreUnavailable as exc:
        print(f"reviewqa quiz: this answer is not recorded: {exc}", file=sys.stderr)
        return ""
    return f"  next review {describe_wait(scheduled.due, now)}"


def _ask(session, label: str, answers, history) -> int:
    total = len(session.items)
    echoed = not answers.isatty()  # piped answers are shown after the prompt, so the output reads as a transcript
    intro = f"Self-quiz: {_plural(total, 'question')} ({label}). Type your answer; an empty line skips; Ctrl-D ends."
    print(_wrap(intro, ""))
    while session.current is not None:
        item = session.current
        number = len(session.feedback) + 1
        print(f"\n{_wrap(item_heading(number, total, item), '', ' ' * len(f'Q{number}/{total} '))}")
        print(_wrap(item.question))
        for letter, option in zip("ABCD", item.options):
            print(_wrap(option, f"    {letter}) ", "       "))
        print("> ", end="", flush=True)
        line = answers.readline()
        if not line:
            print()
            break
        if echoed:
            print(line.strip() or "(skipped)")
        feedback = session.answer(line.strip())
        verdict = "Right." if feedback.correct else f"Wrong. The answer is: {feedback.expected}"
        right, answered = session.score
        print(_wrap(f"{verdict}  (score {right}/{answered}){_record(history, feedback)}", "", "  "))
        print(_wrap(f"From: {item.sentence}"))
        if not feedback.correct:  # after a right answer the sentence is enough; the passage is for a miss
            _print_source(feedback)
    _summary(session, total)
    return 0


def score_sentence(right: int, answered: int, total: int) -> str:
    """'You answered 2 of 5 correctly.'; ended early, 'You stopped after 3 of 5 questions; 2 correct.'"""
    if answered < total:
        return f"You stopped after {answered} of {_plural(total, 'question')}; {right} correct."
    return f"You answered {right} of {total} correctly."


def _summary(session, total: int) -> None:
    """The score in a sentence, then each missed item once: the question, the answer and the passage's id (its
    text and references were printed when it was missed)."""
    right, answered = session.score
    print(f"\n{_wrap(score_sentence(right, answered, total), '')}")
    missed = list({feedback.item.key: feedback for feedback in session.missed}.values())
    if not missed:
        return
    print(_wrap(f"Missed ({len(missed)}); read a passage again with `reviewqa show ID`:", ""))
    for feedback in missed:
        print(_wrap(feedback.item.question, "- ", "  "))
        said = f" (you said: {feedback.given})" if feedback.given else ""
        print(_wrap(f"Answer: {feedback.expected}{said} · passage {feedback.item.chunk_id}", "  ", "    "))
