"""`reviewqa notebook …`: named notebooks of passages kept in the study store (the app's Notebooks tab)."""

from __future__ import annotations

import argparse
import json
import sys

from reviewqa.cli.common import ExamplesFormatter, add_memory_options
from reviewqa.cli.wrapping import echo
from reviewqa.cli.writing import add_export_options

COMMAND = "notebook"
NOTEBOOK_EXAMPLES = """examples:
  reviewqa notebook add s3-p8 --note "HGF/c-MET bypass"   ids from reviewqa ask
  reviewqa notebook add s3-p8 t1-r1 --note "HGF" --note "AXL"   a note per id
  reviewqa notebook show default
  reviewqa notebook export default -o notes.md --bib refs.bib"""


def add_parsers(sub: argparse._SubParsersAction) -> None:
    notebook = sub.add_parser(
        COMMAND,
        help="collect passages for writing: notebooks kept between runs (shared with the app)",
        epilog=NOTEBOOK_EXAMPLES,
        formatter_class=ExamplesFormatter,
    )
    actions = notebook.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, help: str, handler) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, help=help)
        add_memory_options(parser)
        parser.set_defaults(handler=handler)
        return parser

    listing = action("list", "every notebook, with its number of passages", run_list)
    listing.add_argument("--json", action="store_true", help='[{"name", "passages", "updated"}]')
    action("create", "a new, empty notebook", run_create).add_argument("name", metavar="NAME")
    add = action("add", "add passages (ids from `reviewqa ask` or `reviewqa chunks`)", run_add)
    add.add_argument("ids", nargs="+", metavar="ID")
    add.add_argument("--notebook", default="default", help="which notebook (default: 'default'; made if missing)")
    add.add_argument(
        "--note",
        action="append",
        dest="notes",
        default=[],
        metavar="NOTE",
        help="a personal note (up to 2,000 characters) on the passage; with several ids, one --note per id, in order",
    )
    show = action("show", "a notebook's passages in order, with notes", run_show)
    show.add_argument("name", metavar="NAME")
    show.add_argument("--json", action="store_true", help='{"name", "items": [{"chunk_id", "note", "added"}]}')
    remove = action("remove", "take passages out of a notebook", run_remove)
    remove.add_argument("name", metavar="NAME")
    remove.add_argument("ids", nargs="+", metavar="ID")
    rename = action("rename", "rename a notebook", run_rename)
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    move = action("move", "move a passage to another place in the notebook (1 = first)", run_move)
    move.add_argument("name", metavar="NAME")
    move.add_argument("chunk_id", metavar="ID")
    move.add_argument("position", type=int, metavar="POSITION")
    note = action("note", "set (or with '' clear) the note on a passage", run_note)
    note.add_argument("name", metavar="NAME")
    note.add_argument("chunk_id", metavar="ID")
    note.add_argument("text", metavar="TEXT")
    action("delete", "delete a notebook and its notes", run_delete).add_argument("name", metavar="NAME")
    export = action("export", "notes.md (with your notes) and .bib/.ris/CSL-JSON of a notebook", run_export)
    export.add_argument("name", metavar="NAME")
    add_export_options(export)


def _notebooks(args: argparse.Namespace):
    from reviewqa.cli.common import open_store, user_of
    from reviewqa.memory.notebooks import Notebooks

    return Notebooks(open_store(args, COMMAND), user_of(args))


def _review():
    from reviewqa.corpus.review import load_review

    return load_review()


def run_list(args: argparse.Namespace) -> int:
    summaries = _notebooks(args).summaries()
    if args.json:
        print(json.dumps([{"name": s.name, "passages": s.size, "updated": s.updated} for s in summaries], indent=2))
        return 0
    if not summaries:
        print("No notebooks yet: `reviewqa notebook add ID` starts 'default'.")
    for summary in summaries:
        when = summary.updated[:16].replace("T", " ")
        echo(f"{summary.name}: {_plural(summary.size, 'passage')}, changed {when} UTC", "", "    ")
    return 0


def run_create(args: argparse.Namespace) -> int:
    name = _notebooks(args).create(args.name)
    echo(f"created notebook '{name}'")
    return 0


def run_add(args: argparse.Namespace) -> int:
    from reviewqa.errors import UsageError
    from reviewqa.memory.notebooks import checked_note

    if args.notes and len(args.notes) != len(args.ids):
        raise UsageError(
            f"{_plural(len(args.ids), 'id')} and {_plural(len(args.notes), 'note')}: a note is for one passage; "
            "give one --note per id, in the same order, or add the passages one at a time"
        )
    notes = [checked_note(note) for note in args.notes]  # every note checked before anything is added
    notebooks, review = _notebooks(args), _review()
    added = notebooks.add(args.notebook, args.ids, review)
    for chunk_id, note in zip(args.ids, notes):
        if note:
            notebooks.set_note(args.notebook, review.chunk(chunk_id.strip()).id, note)
    notebook = notebooks.get(args.notebook)
    kept = len(set(args.ids)) - added
    already = f", {kept} already in it" if kept else ""
    echo(f"added {_plural(added, 'passage')}{already} to '{notebook.name}' ({len(notebook.items)} in all)")
    return 0


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def run_show(args: argparse.Namespace) -> int:
    notebook = _notebooks(args).get(args.name)
    if args.json:
        print(json.dumps(notebook.to_json(), ensure_ascii=False, indent=2))
        return 0
    review = _review()
    missing = set(notebook.missing(review))
    count = len(notebook.items)
    echo(f"Notebook '{notebook.name}': {_plural(count, 'passage')}")
    for number, item in enumerate(notebook.items, start=1):
        if item.chunk_id in missing:
            where = "(no longer in the review: kept here, left out of exports)"
        else:
            where = " > ".join(review.chunk(item.chunk_id).section_path)
        lead = f"{number}. "
        added = item.added[:16].replace("T", " ")
        echo(f"{item.chunk_id} · {where} (added {added} UTC)", lead, " " * len(lead))
        for line in item.note.splitlines():
            echo(line, f"{' ' * len(lead)}note: ", " " * (len(lead) + 6))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    notebooks = _notebooks(args)
    notebooks.remove(args.name, args.ids)
    left = len(notebooks.get(args.name).items)
    echo(f"removed {len(set(args.ids))} from '{args.name.strip()}' ({left} left)")
    return 0


def run_rename(args: argparse.Namespace) -> int:
    new = _notebooks(args).rename(args.old, args.new)
    echo(f"renamed '{args.old.strip()}' to '{new}'")
    return 0


def run_move(args: argparse.Namespace) -> int:
    notebooks = _notebooks(args)
    notebooks.move(args.name, args.chunk_id, args.position)
    order = [item.chunk_id for item in notebooks.get(args.name).items]
    print(f"moved {args.chunk_id} to place {order.index(args.chunk_id) + 1} of {len(order)}")
    return 0


def run_note(args: argparse.Namespace) -> int:
    _notebooks(args).set_note(args.name, args.chunk_id, args.text)
    print(f"{'noted' if args.text.strip() else 'cleared the note on'} {args.chunk_id}")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    size = _notebooks(args).delete(args.name)
    echo(f"deleted notebook '{args.name.strip()}' ({_plural(size, 'passage')})")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from reviewqa.cli.writing import write_export
    from reviewqa.errors import NotebookError

    notebook = _notebooks(args).get(args.name)
    review = _review()
    if not notebook.collection(review):
        raise NotebookError(f"notebook '{notebook.name}' has no passages to export")
    for chunk_id in notebook.missing(review):
        print(
            f"reviewqa notebook: left out {chunk_id}: no longer in the review (kept in the notebook)", file=sys.stderr
        )
    return write_export(args, notebook.collection(review), review, notes=notebook.notes())
