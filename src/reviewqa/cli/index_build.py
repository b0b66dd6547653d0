"""Before `serve`, `ask` or `chat` answer: a missing or stale index is built in a child process (its model and
memory go when it ends), with a progress bar on a terminal and one line a step otherwise."""

from __future__ import annotations

import sys
from pathlib import Path


def ensure_index(index: str | None) -> None:
    """Build the index at `index` (default: the usual folder) unless it is ready; says why and how long it took."""
    from reviewqa.corpus.review import load_review
    from reviewqa.index.folder import MANIFEST_FILE, check_owned
    from reviewqa.index.manifest import index_problems
    from reviewqa.paths import default_index_dir

    index_dir = Path(index) if index else default_index_dir()
    problems = index_problems(index_dir, load_review())
    if not problems:
        return
    check_owned(index_dir)  # a folder that holds something else: refused before a word is said
    if (index_dir / MANIFEST_FILE).exists():
        why = f"Index at {index_dir} cannot be used ({'; '.join(problems)}); rebuilding it."
    else:
        why = f"No index at {index_dir} yet; building it (about a minute, once)."
    seconds = build_with_progress(index_dir, why)
    if seconds is not None:
        _say(f"Index built in {seconds:.1f} s: {index_dir}")


def build_with_progress(index_dir: Path, why: str) -> float | None:
    """The build in a child process, `why` said as it starts, then a rich progress bar on a terminal, else one
    '[n/5] step' line a step. Its seconds; None when it found the index ready (another process built it)."""
    from reviewqa.index.spawned_build import build_in_child

    said: list[str] = []  # `why` waits for the first step: a folder the child cannot write is its one line alone

    def say_why(out) -> None:
        if not said:
            said.append(why)
            out(why)

    if not sys.stderr.isatty():

        def line(number: int, steps: int, text: str) -> None:
            say_why(_say)
            _say(f"[{number}/{steps}] {text}")

        seconds = build_in_child(index_dir, line)
        return seconds if said else None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    # The step's words last: at 80 columns they are what is cut, not the bar.
    columns = (SpinnerColumn(), "index", BarColumn(bar_width=16), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, TextColumn("{task.description}"), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("starting", total=None)

        def step(number: int, steps: int, text: str) -> None:
            say_why(lambda message: bar.console.print(message, markup=False, highlight=False))
            bar.update(task, completed=number - 1, total=steps, description=text)

        seconds = build_in_child(index_dir, step)
    return seconds if said else None


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
