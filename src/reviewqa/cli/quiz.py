"""`reviewqa quiz`: questions drawn from the review, asked in the terminal (or printed as JSON)."""

from __future__ import annotations

import argparse
import json
import random
import textwrap


def add_parsers(sub: argparse._SubParsersAction) -> None:
    quiz = sub.add_parser("quiz", help="quiz yourself on the review: cloze, multiple choice, which study")
    quiz.add_argument("--section", help="only this top-level section (number or heading start)")
    quiz.add_argument("-n", type=int, default=10, help="number of questions (default 10)")
    quiz.add_argument("--seed", type=int, help="the same seed gives the same quiz (default: a new one each run)")
    quiz.add_argument("--type", dest="quiz_type", help="cloze, mc or study (default: all, in turn)")
    quiz.add_argument("--json", action="store_true", help="print the items as a JSON list instead of asking")
    quiz.set_defaults(handler=run_quiz)


def run_quiz(args: argparse.Namespace) -> int:
    from reviewqa.cli.common import open_stdin
    from reviewqa.quiz.session import QuizSession

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1_000_000)
    session = QuizSession.start(n=args.n, seed=seed, section=args.section, quiz_type=args.quiz_type)
    if args.json:
        print(json.dumps([item.to_json() for item in session.items], ensure_ascii=False, indent=2))
        return 0
    with open_stdin("answer in a terminal or pipe the answers in, or use --json") as answers:
        return _ask(session, seed, answers)


def _wrap(text: str, indent: str = "  ") -> str:
    lines = text.split("\n")
    return "\n".join(textwrap.fill(line, 100, initial_indent=indent, subsequent_indent=indent) for line in lines)


def _print_source(feedback) -> None:
    print(f"  Source [{feedback.item.chunk_id}] {feedback.section}")
    print(_wrap(feedback.passage, "    "))
    if feedback.citations:
        print("  Refs:")
        for citation in feedback.citations:
            print(_wrap(citation, "    "))


def _ask(session, seed: int, answers) -> int:
    total = len(session.items)
    print(f"Self-quiz: {total} questions (seed {seed}). Type your answer; an empty line skips; Ctrl-D ends.")
    while session.current is not None:
        item = session.current
        number = len(session.feedback) + 1
        print(f"\nQ{number}/{total} [{item.type}, {item.category}] {item.section_path[0]}")
        print(_wrap(item.question))
        for letter, option in zip("ABCD", item.options):
            print(f"    {letter}) {option}")
        print("> ", end="", flush=True)
        line = answers.readline()
        if not line:
            print()
            break
        feedback = session.answer(line.strip())
        verdict = "Right." if feedback.correct else f"Wrong. The answer is: {feedback.expected}"
        right, answered = session.score
        print(f"{verdict}  (score {right}/{answered})")
        _print_source(feedback)
    right, answered = session.score
    print(f"\nFinal score: {right}/{answered} answered ({total} asked for).")
    if session.missed:
        print("Missed:")
        for feedback in session.missed:
            print(f"- {feedback.item.question}")
            print(f"  Answer: {feedback.expected}" + (f" (you said: {feedback.given})" if feedback.given else ""))
            _print_source(feedback)
    return 0
