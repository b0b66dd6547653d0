"""`reviewqa support FILE`: each sentence of a draft with the review's evidence and a verdict; `--cite` gives the
draft back with citation marks and a bibliography, `--bib`/`--ris` write the works cited."""

from __future__ import annotations

import argparse
import json
import sys

SUPPORT_FILE_NAMES = {"bib": "refs.bib", "ris": "refs.ris"}
LABELS = {"supported": "supported", "partly": "partly", "unsupported": "not in the review"}


def add_parsers(sub: argparse._SubParsersAction) -> None:
    support = sub.add_parser(
        "support", help="check a draft's sentences against the review: evidence, reference numbers and a verdict"
    )
    support.add_argument("file", metavar="FILE", help="the draft: plain text or Markdown ('-' for standard input)")
    support.add_argument("--json", action="store_true", help="the result as JSON")
    support.add_argument(
        "--cite", metavar="STYLE", help="print the draft with citations after supported sentences: vancouver or apa"
    )
    support.add_argument("--bib", help="BibTeX file of the works cited")
    support.add_argument("--ris", help="RIS file of the works cited")
    support.add_argument("--force", action="store_true", help="replace files that exist (never links, pipes, devices)")
    support.add_argument("--index", help="index folder")
    support.set_defaults(handler=run_support)


def read_input(name: str) -> str:
    """The draft's text from a file or standard input ('-'); binary data refused."""
    from reviewqa.errors import UsageError
    from reviewqa.writing.draft import MAX_DRAFT_CHARS, decode_draft

    limit = 4 * MAX_DRAFT_CHARS + 1  # bytes enough to tell a draft too long, without reading a huge file whole
    if name == "-":
        from reviewqa.cli.common import open_stdin

        with open_stdin("give the draft as a file"):
            stream = getattr(sys.stdin, "buffer", None)
            return decode_draft(stream.read(limit)) if stream is not None else sys.stdin.read(limit)
    try:
        with open(name, "rb") as file:
            return decode_draft(file.read(limit))
    except FileNotFoundError:
        raise UsageError(f"no such file: {name}") from None
    except IsADirectoryError:
        raise UsageError(f"{name} is a folder; give the draft's file") from None
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror}") from None


def run_support(args: argparse.Namespace) -> int:
    from reviewqa.choices import Style
    from reviewqa.search.assistant import Assistant
    from reviewqa.writing.cited_draft import cite_draft
    from reviewqa.writing.draft import read_draft
    from reviewqa.writing.files import OutputFile, named_outputs, write_all
    from reviewqa.writing.support import Supporter

    style = Style.parse(args.cite) if args.cite else None
    text = read_input(args.file)
    read_draft(text)  # a draft that cannot be checked is refused before the index is opened
    assistant = Assistant.load(args.index, quiet=args.json or style is not None)
    support = Supporter(assistant).check(text)
    cited = cite_draft(support, assistant.review, style or Style.VANCOUVER)
    paths = named_outputs({"bib": args.bib, "ris": args.ris}, SUPPORT_FILE_NAMES)
    write_all(
        [OutputFile(path, cited.export("bibtex" if kind == "bib" else "ris")) for kind, path in paths.items()],
        force=args.force,
    )
    if args.json:
        print(json.dumps(support.to_json(), ensure_ascii=False, indent=2))
    elif style is not None:
        sys.stdout.write(cited.text)
        _list_to_check(cited.to_check)
    else:
        _print_report(support)
    if paths:
        written = ", ".join(str(p) for p in paths.values())
        print(f"wrote {written}: {len(cited.works)} works cited", file=sys.stderr)
    return 0


def _print_report(support) -> None:
    for checked in support.sentences:
        sentence = " ".join(checked.sentence.text.split())
        print(f"{checked.sentence.index + 1}. [{LABELS[checked.verdict.value]}] {sentence}")
        if checked.differs:
            print(f"   differs: {checked.differs}")
        for evidence in checked.evidence[: 1 if not checked.supported else None]:
            refs = ",".join(map(str, evidence.refs)) or "none"
            print(f"   {evidence.chunk_id} ({' > '.join(evidence.section_path)}) refs {refs}: {evidence.text}")
    counts = {verdict: support.count(verdict) for verdict in type(support.sentences[0].verdict)}
    print(
        f"\n{len(support.sentences)} sentences: "
        + ", ".join(f"{n} {LABELS[verdict.value]}" for verdict, n in counts.items())
    )


def _list_to_check(to_check) -> None:
    """The sentences left without a citation, on stderr (stdout is the draft to paste)."""
    if not to_check:
        return
    print(f"\nNot cited ({len(to_check)}; check these against the review):", file=sys.stderr)
    for checked in to_check:
        sentence = " ".join(checked.sentence.text.split())
        why = f" ({checked.differs})" if checked.differs else ""
        print(f"- [{LABELS[checked.verdict.value]}] {sentence}{why}", file=sys.stderr)
