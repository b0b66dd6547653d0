"""`reviewqa chunks`, `refs` and `glossary`: the parsed review, no model needed."""

from __future__ import annotations

import argparse
import json


def add_parsers(sub: argparse._SubParsersAction) -> None:
    chunks = sub.add_parser("chunks", help="print every chunk of the review")
    chunks.add_argument("--json", action="store_true", help="JSON Lines: id, kind, section_path, text, refs")
    chunks.set_defaults(handler=run_chunks)

    refs = sub.add_parser("refs", help="print the review's numbered references")
    refs.add_argument("numbers", nargs="*", metavar="N", help="reference numbers (all when none)")
    refs.add_argument("--json", action="store_true", help="a JSON list of parsed references")
    refs.set_defaults(handler=run_refs)

    glossary = sub.add_parser("glossary", help="abbreviations and their long forms")
    glossary.add_argument("term", nargs="?", help="an abbreviation or a long form to look up")
    glossary.add_argument("--json", action="store_true")
    glossary.set_defaults(handler=run_glossary)


def run_chunks(args: argparse.Namespace) -> int:
    from reviewqa.review import load_review

    for chunk in load_review().chunks:
        if args.json:
            print(json.dumps(chunk.to_json(), ensure_ascii=False))
        else:
            print(f"{chunk.id} [{chunk.kind.value}] {' > '.join(chunk.section_path)}")
            print(chunk.text)
            print()
    return 0


def parse_reference_numbers(values: list[str], count: int) -> list[int]:
    """Reference numbers from the command line; a UsageError names the first bad one."""
    from reviewqa.cli import UsageError

    numbers = []
    for value in values:
        text = value.strip().strip("[]()")
        if not text.isdigit() or not 1 <= int(text) <= count:
            raise UsageError(f"'{value}' is not a reference number; the review lists 1..{count}")
        numbers.append(int(text))
    return numbers


def run_refs(args: argparse.Namespace) -> int:
    from reviewqa.review import load_review

    review = load_review()
    numbers = parse_reference_numbers(args.numbers, len(review.references)) or range(1, len(review.references) + 1)
    chosen = [review.reference(n) for n in numbers]
    if args.json:
        print(json.dumps([r.to_json() for r in chosen], ensure_ascii=False, indent=2))
    else:
        for reference in chosen:
            print(f"[{reference.n}] {reference.citation}")
    return 0


def run_glossary(args: argparse.Namespace) -> int:
    from reviewqa.review import load_review

    glossary = load_review().glossary
    if args.term is None:
        entries = list(glossary.entries)
    else:
        entry = glossary.lookup(args.term)
        if entry is None:
            print(f"'{args.term}' is not in the glossary ({len(glossary)} abbreviations; run `reviewqa glossary`).")
            return 1
        entries = [entry]
    if args.json:
        print(json.dumps([e.to_json() for e in entries], ensure_ascii=False, indent=2))
    else:
        for entry in entries:
            print(f"{entry.abbr}: {'; '.join(entry.long_forms)}")
    return 0
