"""`reviewqa chunks`, `refs` (with exports and cited-by) and `glossary`: the parsed review, no model needed."""

from __future__ import annotations

import argparse
import json
import sys


def add_parsers(sub: argparse._SubParsersAction) -> None:
    chunks = sub.add_parser("chunks", help="print every chunk of the review")
    chunks.add_argument("--json", action="store_true", help="JSON Lines: id, kind, section_path, text, refs")
    chunks.set_defaults(handler=run_chunks)

    refs = sub.add_parser("refs", help="print the review's numbered references")
    refs.add_argument("numbers", nargs="*", metavar="N", help="reference numbers (all when none)")
    refs.add_argument("--json", action="store_true", help="a JSON list of parsed references")
    refs.add_argument("--format", default="text", help="text (default), bibtex, ris or csl-json")
    refs.add_argument("--style", help="with text: vancouver or apa (default: the entry as printed)")
    refs.add_argument("--cited-by", action="store_true", help="the passages citing each reference, in reading order")
    refs.set_defaults(handler=run_refs)

    show = sub.add_parser("show", help="a passage in its place: its section path and the passages around it")
    show.add_argument("chunk_id", metavar="CHUNK_ID", help="a passage id (see `reviewqa chunks`)")
    show.add_argument("--context", type=int, default=1, metavar="N", help="passages shown on each side (default 1)")
    show.add_argument("--json", action="store_true", help="{section_path, before, passage, after} as JSON")
    show.set_defaults(handler=run_show)

    glossary = sub.add_parser("glossary", help="abbreviations and their long forms")
    glossary.add_argument("term", nargs="?", help="an abbreviation or a long form to look up")
    glossary.add_argument("--json", action="store_true")
    glossary.set_defaults(handler=run_glossary)


def run_chunks(args: argparse.Namespace) -> int:
    from reviewqa.corpus.review import load_review

    for chunk in load_review().chunks:
        if args.json:
            print(json.dumps(chunk.to_json(), ensure_ascii=False))
        else:
            print(f"{chunk.id} [{chunk.kind.value}] {' > '.join(chunk.section_path)}")
            print(chunk.text)
            print()
    return 0


def run_refs(args: argparse.Namespace) -> int:
    from reviewqa.choices import ExportFormat
    from reviewqa.cli.common import parse_reference_numbers
    from reviewqa.corpus.review import load_review
    from reviewqa.errors import UsageError

    formats = ("text", *(f.value for f in ExportFormat))
    fmt = args.format
    if fmt not in formats:
        raise UsageError(f"unknown format '{fmt}'; choose from {', '.join(formats)}")
    if fmt != "text" and (args.json or args.cited_by or args.style):
        raise UsageError(f"--format {fmt} does not combine with --json, --cited-by or --style")
    if args.style and (args.json or args.cited_by):
        raise UsageError("--style formats the text list; it does not combine with --json or --cited-by")
    review = load_review()
    numbers = parse_reference_numbers(args.numbers, len(review.references)) or range(1, len(review.references) + 1)
    chosen = [review.reference(n) for n in numbers]
    if args.cited_by:
        return _print_cited_by(review, chosen, args.json)
    if fmt != "text":
        from reviewqa.writing.exports import export
        from reviewqa.writing.works import reference_works

        sys.stdout.write(export(reference_works(review.references, list(numbers)), fmt))
    elif args.json:
        print(json.dumps([r.to_json() for r in chosen], ensure_ascii=False, indent=2))
    elif args.style:
        from reviewqa.choices import Style
        from reviewqa.writing.styles import format_work
        from reviewqa.writing.works import reference_works

        style = Style.parse(args.style)
        for work in reference_works(review.references, list(numbers)):
            _print_entry(work.n, format_work(work, style))
    else:
        for reference in chosen:
            _print_entry(reference.n, reference.citation)
    return 0


def _print_entry(n: int | None, citation: str) -> None:
    """'[12] Author A: Title…' wrapped with its lines after the first set under the text."""
    from reviewqa.cli.wrapping import echo

    label = f"[{n}] "
    echo(citation, label, " " * len(label))


def _print_cited_by(review, references: list, as_json: bool) -> int:
    """Each reference, then the passages citing it with the sentences that do."""
    from reviewqa.writing.cited_by import cited_by

    rows = [(reference, cited_by(review, reference.n)) for reference in references]
    if as_json:
        data = [{"n": r.n, "citation": r.citation, "cited_by": [p.to_json() for p in ps]} for r, ps in rows]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    from reviewqa.cli.wrapping import echo

    for reference, passages in rows:
        _print_entry(reference.n, reference.citation)
        if not passages:
            print("  no passage of the review cites it")
        for passage in passages:
            echo(f"{passage.chunk.id} · {' > '.join(passage.chunk.section_path)}", "  ", "      ")
            echo(passage.excerpt, "    ")
    return 0


MAX_CONTEXT = 20


def run_show(args: argparse.Namespace) -> int:
    from reviewqa.corpus.review import load_review
    from reviewqa.errors import UsageError

    if not 0 <= args.context <= MAX_CONTEXT:
        raise UsageError(f"--context must be 0..{MAX_CONTEXT}, not {args.context}")
    review = load_review()
    chunk = review.chunk(args.chunk_id)
    before, after = review.neighbours(chunk.id, args.context)
    if args.json:
        data = {"section_path": list(chunk.section_path), "before": [c.to_json() for c in before]}
        data |= {"passage": chunk.to_json(), "after": [c.to_json() for c in after]}
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    from reviewqa.cli.wrapping import echo

    echo(" > ".join(chunk.section_path))
    for neighbour in before:
        _print_neighbour(neighbour)
    print()
    echo(f"{chunk.id} (the passage)", ">> ")
    echo(chunk.text, ">> ")
    for neighbour in after:
        _print_neighbour(neighbour)
    return 0


def _print_neighbour(neighbour) -> None:
    from reviewqa.cli.wrapping import echo

    print()
    echo(f"{neighbour.id} · {' > '.join(neighbour.section_path[1:]) or neighbour.top_section}", "  ", "    ")
    echo(neighbour.text, "  ")


def run_glossary(args: argparse.Namespace) -> int:
    from reviewqa.corpus.review import load_review

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
        from reviewqa.cli.wrapping import echo
        from reviewqa.corpus.glossary import shown_long_forms

        for entry in entries:
            echo(f"{entry.abbr}: {'; '.join(shown_long_forms(entry))}", "", "    ")
    return 0
