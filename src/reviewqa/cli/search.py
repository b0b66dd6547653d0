"""`reviewqa build`, `ask` and `eval`: the search index and the questions put to it."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from reviewqa.cli.common import ExamplesFormatter

if TYPE_CHECKING:
    from reviewqa.search.history import EarlierTurn

ASK_EXAMPLES = """examples:
  reviewqa ask "What drives EGFR-TKI resistance?"
  reviewqa ask --brief "What are CAFs?"       the answer and its references only
  reviewqa ask --full -k 3 T790M              the passages in full
  reviewqa ask --json hypoxia | jq .answer    for scripts"""


def add_parsers(sub: argparse._SubParsersAction) -> None:
    build = sub.add_parser("build", help="build the search index (embeddings, BM25, ONNX query encoder)")
    build.add_argument("--index", help="index folder (default: ./index in a checkout)")
    build.set_defaults(handler=run_build)
    _add_ask(sub)

    evaluate = sub.add_parser("eval", help="hit@1, hit@k and MRR@10 per mode on a JSON Lines question file")
    evaluate.add_argument("file", help="questions in the format of shared/eval/dev_questions.jsonl")
    evaluate.add_argument("-k", type=int, default=5)
    evaluate.add_argument("--index", help="index folder")
    evaluate.add_argument("--misses", action="store_true", help="also list the ids missed at k")
    evaluate.add_argument("--mode", help="only this mode (default: hybrid, dense and bm25)")
    evaluate.add_argument(
        "--without", action="append", default=[], metavar="TECHNIQUE", help="switch a retrieval technique off"
    )
    evaluate.add_argument(
        "--with", dest="adding", action="append", default=[], metavar="TECHNIQUE", help="switch on one that is off"
    )
    evaluate.add_argument("--fusion", default="convex", help="convex (default) or rrf, to compare")
    evaluate.add_argument(
        "--references", default="gated", help="gated (default), free or never: how the reference list competes"
    )
    evaluate.set_defaults(handler=run_eval)


def _add_ask(sub: argparse._SubParsersAction) -> None:
    ask = sub.add_parser(
        "ask",
        help="ask a question: the answer in the review's sentences, each with its passage id",
        description="The answer in the review's own sentences, each with the id of its passage (for show, cite, "
        "notebook add), a line per passage and the answer's references; --full prints the passages themselves.",
        epilog=ASK_EXAMPLES,
        formatter_class=ExamplesFormatter,
    )
    ask.add_argument("question", help="the question, or '-' for stdin (JSON Lines out)")
    ask.add_argument("-k", type=int, default=5, help="passages to return (1..50, default 5)")
    ask.add_argument(
        "--mode",
        default="hybrid",
        help="hybrid: meaning + keywords (default, recommended); dense: meaning only; bm25: keywords only",
    )
    ask.add_argument(
        "--kind",
        action="append",
        dest="kinds",
        help="only this kind (repeatable): text (passages), table_row, figure, reference, front_matter (title page, "
        "abstract), back_matter (funding, declarations)",
    )
    ask.add_argument("--section", action="append", dest="sections", help="only this top-level section (repeatable)")
    detail = ask.add_mutually_exclusive_group()
    detail.add_argument("--brief", action="store_true", help="only the answer and its references")
    detail.add_argument("--full", action="store_true", help="every passage in full and every reference it cites")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("--plain", action="store_true", help="no colour, even on a terminal")
    ask.add_argument(
        "--no-pager",
        action="store_true",
        help="print all at once; by default an answer taller than the terminal opens in $PAGER (less)",
    )
    ask.add_argument(
        "--after",
        action="append",
        default=[],
        metavar="MESSAGE",
        help="an earlier message of the conversation, oldest first (repeatable): the question is read after them",
    )
    ask.add_argument("--index", help="index folder")
    ask.set_defaults(handler=run_ask)


def run_build(args: argparse.Namespace) -> int:
    from pathlib import Path

    from reviewqa.corpus.review import load_review
    from reviewqa.index.store import build_index
    from reviewqa.paths import default_index_dir

    build_index(load_review(), Path(args.index) if args.index else default_index_dir())
    return 0


def _assistant(args: argparse.Namespace):
    from reviewqa.cli.index_build import ensure_index
    from reviewqa.search.assistant import Assistant

    ensure_index(args.index)
    return Assistant.load(args.index)


def run_ask(args: argparse.Namespace) -> int:
    from reviewqa.chat.api import rebuild_settings
    from reviewqa.chat.turn import answer_of, answered_json, grounded
    from reviewqa.choices import Detail
    from reviewqa.cli.text import answer_lines, emit, width

    if args.question == "-":
        return _ask_stream(args)
    assistant = _assistant(args)
    earlier = grounded(assistant, args.after or (), rebuild_settings(args.mode, args.kinds, args.sections))
    result = assistant.search(
        args.question, k=args.k, mode=args.mode, kinds=args.kinds, sections=args.sections, history=earlier
    )
    if args.json:
        print(json.dumps(answered_json(assistant, result, earlier=earlier), ensure_ascii=False))
    else:
        detail = Detail.BRIEF if args.brief else Detail.FULL if args.full else Detail.SHORT
        lines = answer_lines(result, answer_of(assistant, result, earlier=earlier), width(), detail)
        emit(lines, plain=args.plain, paged=not args.no_pager)
    return 0


def _ask_stream(args: argparse.Namespace) -> int:
    """One JSON object per input line; a bad line gets an 'error' object and the stream goes on.

    A line is a question, or a JSON object {"question": str, "history": [...]}: the earlier turns, each a question or
    {"question": str, "answer_chunk_ids": [str, ...], "answer_sentences": [str, ...]} (an earlier reply's own; what is
    left out is rebuilt).
    """
    from reviewqa.chat.api import rebuild_settings
    from reviewqa.chat.turn import answered_json, grounded
    from reviewqa.cli.common import open_stdin
    from reviewqa.errors import InvalidQuery
    from reviewqa.search.history import EarlierTurn

    with open_stdin("pipe questions in, one a line, or give the question itself") as stdin:
        assistant = _assistant(args)
        status = 0
        for line in stdin:
            question, history = line.rstrip("\n"), list[EarlierTurn]()
            try:
                if question.lstrip().startswith("{"):
                    question, history = read_question_line(question)
                earlier = grounded(assistant, history, rebuild_settings(args.mode, args.kinds, args.sections))
                result = assistant.search(
                    question, k=args.k, mode=args.mode, kinds=args.kinds, sections=args.sections, history=earlier
                )
                print(json.dumps(answered_json(assistant, result, earlier=earlier), ensure_ascii=False), flush=True)
            except InvalidQuery as exc:
                print(json.dumps({"query": question, "error": str(exc)}, ensure_ascii=False), flush=True)
                status = 2
    return status


def read_question_line(line: str) -> tuple[str, list[EarlierTurn]]:
    """(question, history) of a JSON line; InvalidQuery says what is wrong with it."""
    from reviewqa.errors import InvalidQuery
    from reviewqa.search.history import earlier_turns

    try:
        data = json.loads(line)
    except (ValueError, RecursionError) as exc:
        raise InvalidQuery(f"a line starting with '{{' must be a JSON object ({type(exc).__name__})") from exc
    history = data.get("history", []) if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("question"), str):
        raise InvalidQuery('a JSON line needs "question" (text) and may have "history" (a list of earlier messages)')
    if not isinstance(history, list):
        raise InvalidQuery('"history" must be a list of earlier turns, oldest first')
    return data["question"], earlier_turns(history)


def _rebuilt_history(assistant, mode: str):
    """The function eval reads each history through: earlier answers rebuilt as the chat gives them."""
    from reviewqa.chat.turn import Settings, grounded

    return lambda history: grounded(assistant, history, Settings(mode=mode))


def run_eval(args: argparse.Namespace) -> int:
    from reviewqa.choices import Mode
    from reviewqa.errors import UsageError
    from reviewqa.search.assistant import Assistant, Techniques
    from reviewqa.search.evaluate import (
        MODES_IN_ORDER,
        by_style,
        flag_quality,
        format_table,
        load_questions,
        run_questions,
        summarise,
    )

    try:
        questions = load_questions(args.file)
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror}") from exc
    if args.k < 1:
        raise UsageError("k must be at least 1")
    loaded = _assistant(args)
    techniques = Techniques.without(args.without, args.adding)
    assistant = Assistant(
        loaded.review, loaded.index, fusion=args.fusion, references=args.references, techniques=techniques
    )
    modes = [args.mode] if args.mode else list(MODES_IN_ORDER)
    outcomes = {mode: run_questions(assistant, questions, mode, _rebuilt_history(assistant, mode)) for mode in modes}
    print(
        f"{len(questions)} questions from {args.file}, k={args.k}, fusion={args.fusion}, references={args.references}"
    )
    print(format_table([summarise(mode, outcomes[mode], args.k) for mode in modes], args.k))
    main = outcomes[modes[0]]
    print(f"\nPer style ({modes[0]}):")
    print(format_table(list(by_style(main, args.k).values()), args.k, first="style"))
    flag = flag_quality(main)
    print(
        f"\nNot-answered flag: precision {flag.precision:.2f} ({flag.correct} of {flag.flagged} flagged), "
        f"recall {flag.recall:.2f} ({flag.correct} of {flag.unanswerable} unanswerable), "
        f"answerable wrongly flagged {flag.false_alarm_rate:.3f} ({flag.flagged - flag.correct} of {flag.answerable})"
    )
    if Mode.HYBRID.value in modes:
        from reviewqa.chat.answer_eval import score_answers

        answers = score_answers(assistant, questions)
        print(
            f"\nComposed answers (hybrid): {answers.contains_share:.3f} of answerable questions answered with an "
            f"answering phrase ({answers.containing} of {answers.answerable}; {answers.answered} answered at all), "
            f"its first sentence {answers.first_share:.3f} ({answers.first_containing}), "
            f"{answers.words:.0f} words on average; sentences not verbatim: {len(answers.not_verbatim)}"
        )
    if args.misses:
        for mode in modes:
            print(f"missed at {args.k} ({mode}): {', '.join(summarise(mode, outcomes[mode], args.k).misses) or 'none'}")
    return 0
