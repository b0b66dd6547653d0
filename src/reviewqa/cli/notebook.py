"""`reviewqa notebook …`: named notebooks of passages kept in the study store (the app's Notebooks tab)."""

from __future__ import annotations

import argparse
import json
import sys

from reviewqa.cli.common import add_memory_options
from reviewqa.cli.writing import add_export_options

COMMAND = "notebook"


def add_parsers(sub: argparse._SubParsersAction) -> None:
    notebook = sub.add_parser(COMMAND, help="notebooks of passages, kept between runs (and shared with the app)")
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
    add.add_argument("--note", default="", help="a personal note on the passages added (up to 2,000 characters)")
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
        plural = "s" if summary.size != 1 else ""
        print(f"{summary.name}\t{summary.size} passage{plural}\tchanged {summary.updated[:16].replace('T', ' ')} UTC")
    return 0


def run_create(args: argparse.Namespace) -> int:
    name = _notebooks(args).create(args.name)
    print(f"created notebook '{name}'")
    return 0


def run_add(args: argparse.Namespace) -> int:
    notebooks = _notebooks(args)
    added = notebooks.add(args.notebook, args.ids, _review(), note=args.note)
    notebook = notebooks.get(args.notebook)
    kept = len(set(args.ids)) - added
    already = f", {kept} already in it" if kept else ""
    print(
        f"added {added} passage{'s' if added != 1 else ''}{already} to '{notebook.name}' ({len(notebook.items)} in all)"
    )
    return 0


def run_show(args: argparse.Namespace) -> int:
    notebook = _notebooks(args).get(args.name)
    if args.json:
        print(json.dumps(notebook.to_json(), ensure_ascii=False, indent=2))
        return 0
    review = _review()
    missing = set(notebook.missing(review))
    count = len(notebook.items)
    print(f"Notebook '{notebook.name}': {count} passage{'s' if count != 1 else ''}")
    for number, item in enumerate(notebook.items, start=1):
        if item.chunk_id in missing:
            where = "(no longer in the review: kept here, left out of exports)"
        else:
            where = " > ".join(review.chunk(item.chunk_id).section_path)
        print(f"{number}. {item.chunk_id}  {where}  (added {item.added[:16].replace('T', ' ')} UTC)")
        for line in item.note.splitlines():
            print(f"   note: {line}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    notebooks = _notebooks(args)
    notebooks.remove(args.name, args.ids)
    left = len(notebooks.get(args.name).items)
    print(f"removed {len(set(args.ids))} from '{args.name.strip()}' ({left} left)")
    return 0


def run_rename(args: argparse.Namespace) -> int:
    new = _notebooks(args).rename(args.old, args.new)
    print(f"renamed '{args.old.strip()}' to '{new}'")
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
    print(f"deleted notebook '{args.name.strip()}' ({size} passage{'s' if size != 1 else ''})")
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
