"""Open or build the index in a child process (multiprocessing, spawn): the model, torch and the build's ~1 GB live
and die with the child, so the process that then serves the index stays the size of one that found it ready."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
from pathlib import Path

from reviewqa.errors import IndexUnusable, ReviewqaError
from reviewqa.index.store import BuildProgress

WAIT_SECONDS = 0.2  # how often the parent looks whether the child is still there
STOP_SECONDS = 10  # a child interrupted with its parent (Ctrl+C) gets this long to clear its staging folder


def build_in_child(index_dir: Path, progress: BuildProgress) -> float:
    """Open (or build) the index at `index_dir` in a spawned process, passing its steps to `progress`; the seconds
    its build took. The child's ReviewqaError is raised here; a child that dies without one is IndexUnusable."""
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    child = context.Process(target=_child, args=(str(index_dir), messages), name="reviewqa-index-build")
    child.start()
    try:
        while (message := _next(messages, child)) is not None:
            kind, *payload = message
            if kind == "step":
                progress(*payload)
            elif kind == "error":
                raise payload[0]
            else:
                return float(payload[0])
        raise IndexUnusable(
            f"the index build stopped (exit code {child.exitcode}); run `reviewqa build --index {index_dir}` to see why"
        )
    finally:
        child.join(STOP_SECONDS)
        if child.is_alive():
            child.terminate()
            child.join()
        messages.close()


def _next(messages, child) -> tuple | None:
    """The child's next message, or None once it has ended with nothing more to say."""
    while True:
        try:
            return messages.get(timeout=WAIT_SECONDS)
        except queue.Empty:
            if not child.is_alive():
                try:  # what it sent just before it ended
                    return messages.get(timeout=WAIT_SECONDS)
                except queue.Empty:
                    return None


def _child(index_dir: str, messages) -> None:
    """In the child: load_or_build, each step and then the build's seconds (or the error) sent to the parent."""
    # The parent shows the progress: no download or loading bars of the model libraries on its terminal.
    os.environ.update(HF_HUB_DISABLE_PROGRESS_BARS="1", TQDM_DISABLE="1", TRANSFORMERS_VERBOSITY="error")
    from reviewqa.corpus.review import load_review
    from reviewqa.index.store import load_or_build

    def step(number: int, steps: int, text: str) -> None:
        messages.put(("step", number, steps, text))

    try:
        index = load_or_build(Path(index_dir), load_review(), quiet=True, progress=step)
    except ReviewqaError as exc:
        messages.put(("error", _picklable(exc)))
    except KeyboardInterrupt:  # with the parent (Ctrl+C): the build has cleared its staging folder
        pass
    else:
        messages.put(("done", index.manifest.get("build_seconds", 0.0)))
    messages.close()
    messages.join_thread()


def _picklable(exc: ReviewqaError) -> ReviewqaError:
    """The error itself when it can cross to the parent, else one with its message."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return IndexUnusable(str(exc))
    return exc
