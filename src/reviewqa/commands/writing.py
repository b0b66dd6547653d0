"""`reviewqa cite` and `export`: passages quoted with their citations, notes and reference files for writing."""

from __future__ import annotations

import argparse
import sys


def add_parsers(sub: argparse._SubParsersAction) -> None:
    cite = sub.add_parser("cite", help="quote a passage with the review cited and its references as footnotes")
    cite.add_argument(
        "chunk_id", nargs="?", metavar="CHUNK_ID", help="a passage id (see `reviewqa chunks`); none: the review"
    )
    cite.add_argument("--style", default="vancouver", help="vancouver (the review's own, default) or apa")
    cite.add_argument("--format", default="md", dest="markup", help="md (default) or text")
    cite.set_defaults(handler=run_cite)

    export = sub.add_parser("export", help="collected passages as one Markdown file plus .bib/.ris of their references")
    export.add_argument("--id", action="extend", nargs="+", dest="ids", metavar="ID", help="passage ids (repeatable)")
    export.add_argument("-o", "--output", help="Markdown notes file (default: print the notes)")
    export.add_argument("--bib", help="BibTeX file of the review and every reference cited")
    export.add_argument("--ris", help="RIS file of the same")
    export.add_argument("--csl", help="CSL-JSON file of the same")
    export.add_argument("--style", default="vancouver", help="citation style of the notes: vancouver or apa")
    export.add_argument("--force", action="store_true", help="replace files that exist (never links, pipes, devices)")
    export.set_defaults(handler=run_export)


def check_choice(value: str, choices: tuple[str, ...], what: str) -> str:
    """`value` if it is one of `choices`; else a UsageError listing them."""
    from reviewqa.cli import UsageError

    if value not in choices:
        raise UsageError(f"unknown {what} '{value}'; choose from {', '.join(choices)}")
    return value


def find_chunk(review, chunk_id: str):
    """The chunk with this id, or a UsageError."""
    from reviewqa.cli import UsageError

    try:
        return review.chunk(chunk_id)
    except KeyError:
        raise UsageError(f"there is no passage '{chunk_id}'; list the ids with `reviewqa chunks`") from None


def run_cite(args: argparse.Namespace) -> int:
    from reviewqa.bibliography import work_from_article
    from reviewqa.citation_styles import MARKUPS, STYLES, format_work
    from reviewqa.quote import quote
    from reviewqa.review import load_review

    style = check_choice(args.style, STYLES, "style")
    markup = check_choice(args.markup, MARKUPS, "format")
    if args.chunk_id is None:
        print(format_work(work_from_article(), style, markup))
        return 0
    review = load_review()
    sys.stdout.write(quote(find_chunk(review, args.chunk_id), review, style, markup))
    return 0


EXPORT_FILE_NAMES = {"notes": "notes.md", "bib": "refs.bib", "ris": "refs.ris", "csl": "refs.json"}


def run_export(args: argparse.Namespace) -> int:
    from reviewqa.citation_styles import STYLES
    from reviewqa.cli import UsageError
    from reviewqa.collection import Collection
    from reviewqa.outfiles import OutputFile, named_outputs, write_all
    from reviewqa.review import load_review

    style = check_choice(args.style, STYLES, "style")
    if not args.ids:
        raise UsageError("name at least one passage with --id (see `reviewqa chunks`)")
    review = load_review()
    collection = Collection()
    for chunk_id in args.ids:
        collection = collection.add(find_chunk(review, chunk_id).id)
    named = {"notes": args.output, "bib": args.bib, "ris": args.ris, "csl": args.csl}
    paths = named_outputs(named, EXPORT_FILE_NAMES)
    contents = {
        "notes": lambda: collection.to_markdown(review, style),
        "bib": lambda: collection.to_bibtex(review),
        "ris": lambda: collection.to_ris(review),
        "csl": lambda: collection.to_csl_json(review),
    }
    if "notes" not in paths:
        sys.stdout.write(contents["notes"]())
    write_all([OutputFile(path, contents[kind]()) for kind, path in paths.items()], force=args.force)
    if paths:
        entries = len(collection.reference_numbers(review)) + 1
        written = ", ".join(str(p) for p in paths.values())
        print(
            f"wrote {written}: {len(collection)} passages, {entries} works (the review and the references cited)",
            file=sys.stderr,
        )
    return 0
