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
    add_export_options(export)
    export.set_defaults(handler=run_export)


def run_cite(args: argparse.Namespace) -> int:
    from reviewqa.choices import Markup, Style
    from reviewqa.cli.wrapping import markdown_wrapped
    from reviewqa.corpus.review import load_review
    from reviewqa.writing.quote import quote
    from reviewqa.writing.styles import format_work
    from reviewqa.writing.works import work_from_article

    style, markup = Style.parse(args.style), Markup.parse(args.markup)
    if args.chunk_id is None:
        print(markdown_wrapped(format_work(work_from_article(), style, markup)))
        return 0
    review = load_review()
    sys.stdout.write(markdown_wrapped(quote(review.chunk(args.chunk_id), review, style, markup)))
    return 0


EXPORT_FILE_NAMES = {"notes": "notes.md", "bib": "refs.bib", "ris": "refs.ris", "csl": "refs.json"}


def add_export_options(parser: argparse.ArgumentParser) -> None:
    """-o, --bib, --ris, --csl, --style and --force: the files of an export (`export`, `notebook export`)."""
    parser.add_argument("-o", "--output", help="Markdown notes file (default: print the notes)")
    parser.add_argument("--bib", help="BibTeX file of the review and every reference cited")
    parser.add_argument("--ris", help="RIS file of the same")
    parser.add_argument("--csl", help="CSL-JSON file of the same")
    parser.add_argument("--style", default="vancouver", help="citation style of the notes: vancouver or apa")
    parser.add_argument("--force", action="store_true", help="replace files that exist (never links, pipes, devices)")


def run_export(args: argparse.Namespace) -> int:
    from reviewqa.corpus.review import load_review
    from reviewqa.errors import UsageError
    from reviewqa.writing.collection import Collection

    if not args.ids:
        raise UsageError("name at least one passage with --id (see `reviewqa chunks`)")
    review = load_review()
    collection = Collection()
    for chunk_id in args.ids:
        collection = collection.add(review.chunk(chunk_id).id)
    return write_export(args, collection, review)


def write_export(args: argparse.Namespace, collection, review, notes: dict[str, str] | None = None) -> int:
    """Write the files named by the export options (all or none), or print the notes when no -o is given."""
    from reviewqa.choices import Style
    from reviewqa.writing.files import OutputFile, named_outputs, write_all

    style = Style.parse(args.style)
    named = {"notes": args.output, "bib": args.bib, "ris": args.ris, "csl": args.csl}
    paths = named_outputs(named, EXPORT_FILE_NAMES)
    contents = {
        "notes": lambda: collection.to_markdown(review, style, notes=notes),
        "bib": lambda: collection.to_bibtex(review),
        "ris": lambda: collection.to_ris(review),
        "csl": lambda: collection.to_csl_json(review),
    }
    if "notes" not in paths:  # on the terminal, wrapped to it (a file keeps one line per paragraph)
        from reviewqa.cli.wrapping import markdown_wrapped

        sys.stdout.write(markdown_wrapped(contents["notes"]()))
    write_all([OutputFile(path, contents[kind]()) for kind, path in paths.items()], force=args.force)
    if paths:
        entries = len(collection.reference_numbers(review)) + 1
        written = ", ".join(str(p) for p in paths.values())
        print(
            f"wrote {written}: {len(collection)} passages, {entries} works (the review and the references cited)",
            file=sys.stderr,
        )
    return 0
