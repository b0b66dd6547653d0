"""The store's files on disk: private to their owner, decided about by one process at a time, never overwritten.

The data folder is made 0700 and the store 0600 (SQLite gives its -wal and -shm the store's mode), so another
account of the machine cannot read one's notes. Opening holds a lock on the data folder while it checks, sets
aside, backs up and migrates, so two processes never both act on one damaged file. A file kept aside (damaged, or
a copy before a migration) gets a name no other file has (a hard link, which fails rather than replace), and a
copy is written under a temporary name first, so a dated name only ever holds a whole copy.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from reviewqa.errors import StoreUnavailable

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
SIDECARS = ("-wal", "-shm")  # SQLite's files beside the store while it is open in WAL mode
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK}


def private_folder(folder: Path) -> tuple[str, ...]:
    """Make `folder` (0700) if it is missing; a one-line warning when an existing one is open to other users."""
    try:
        folder.mkdir(parents=True, mode=PRIVATE_FOLDER)
        return ()
    except FileExistsError:
        pass
    except OSError as exc:
        raise StoreUnavailable(f"cannot create the data folder {folder}: {exc.strerror}") from exc
    if not folder.is_dir():
        raise StoreUnavailable(f"cannot create the data folder {folder}: Not a directory")
    mode = folder.stat().st_mode & 0o777
    if mode & 0o077 and os.name == "posix":  # (Windows reports 0777 for every folder; its ACLs decide)
        return (
            f"the data folder {folder} is open to other users of this machine (mode {mode:04o}): they may read "
            f"your notebooks and quiz history; `chmod 700 {folder}` makes it private",
        )
    return ()


@contextlib.contextmanager
def deciding(folder: Path) -> Iterator[None]:
    """Hold the data folder's lock while the block runs: one process at a time checks and changes the store's
    files (a lock on the folder itself, so a read-only folder needs no lock file)."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; names are still never reused, so nothing is overwritten
        yield
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise StoreUnavailable(f"cannot use the data folder {folder}: {exc.strerror}") from exc
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock (so does the end of the process, however it ends)


def create_private(path: Path) -> None:
    """Create the empty file `path` with mode 0600 unless it exists: SQLite then opens it as it is."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        return
    except OSError as exc:
        raise StoreUnavailable(f"cannot create the study store {path}: {exc.strerror}") from exc


def writable_sidecars(path: Path) -> None:
    """A -wal or -shm left read-only by a read-only open (SQLite gives them the store's mode) is made writable
    once the store is; StoreUnavailable names the file when that cannot be done."""
    if not os.access(path, os.W_OK):
        return  # a read-only store: SQLite reads it as it is
    for suffix in SIDECARS:
        sidecar = path.with_name(path.name + suffix)
        if not sidecar.exists() or os.access(sidecar, os.W_OK):
            continue
        try:
            os.chmod(sidecar, PRIVATE_FILE)
        except OSError as exc:
            fix = "delete it with no reviewqa running" if suffix == "-shm" else f"run `chmod 600 {sidecar}`"
            raise StoreUnavailable(
                f"the study store {path} is writable but {sidecar} is not ({exc.strerror}): {fix}"
            ) from exc


def set_aside(path: Path, label: str) -> Path:
    """Give the damaged store (and its -wal, -shm) a new name beside it, '<name>.<label>' or '…-2', '…-3': never
    one another file has; the store's own name is freed for a new one. The name that holds the file is returned."""
    present = [suffix for suffix in ("", *SIDECARS) if path.with_name(path.name + suffix).exists()]
    try:
        aside = _link_unique(path, label, present)
    except OSError as exc:
        raise StoreUnavailable(f"the study store {path} is damaged and cannot be set aside: {exc.strerror}") from exc
    for suffix in reversed(present):  # the sidecars first: the store's name is freed last
        path.with_name(path.name + suffix).unlink(missing_ok=True)  # (already gone if renamed)
    return aside


def write_copy(connection: sqlite3.Connection, path: Path, label: str) -> Path:
    """A whole copy of the open store as '<name>.<label>' (or '…-2'): written in full under a temporary name,
    then given its name, so a process killed while copying leaves no partial copy under a dated name."""
    temporary = path.with_name(f"{path.name}.copy-partial")
    leftovers = (temporary, temporary.with_name(temporary.name + "-journal"))
    try:
        for leftover in leftovers:  # a partial copy (and its journal) a killed process left: we hold the lock
            leftover.unlink(missing_ok=True)
        create_private(temporary)
        target = sqlite3.connect(temporary)
        try:
            connection.backup(target)
        finally:
            target.close()
        copy = _link_unique(temporary, label, [""], base=path)
        temporary.unlink(missing_ok=True)
    except (OSError, sqlite3.Error) as exc:  # a full disk, most likely: the partial copy is not left to fill it
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise StoreUnavailable(f"the study store {path} cannot be copied before its upgrade: {reason}") from exc
    return copy


def _link_unique(source: Path, label: str, suffixes: list[str], base: Path | None = None) -> Path:
    """Hard-link `source` (with each of `suffixes`) to '<base name>.<label>[-n]', the first n free for all."""
    base = base or source
    for attempt in itertools.count(1):
        name = base.with_name(f"{base.name}.{label}" + (f"-{attempt}" if attempt > 1 else ""))
        if any(name.with_name(name.name + suffix).exists() for suffix in suffixes):
            continue
        linked: list[tuple[Path, Path]] = []
        try:
            for suffix in suffixes:
                pair = (source.with_name(source.name + suffix), name.with_name(name.name + suffix))
                _link(*pair)
                linked.append(pair)
        except FileExistsError:  # another process took the name after all: undo, try the next
            for original, done in linked:
                if original.exists():
                    done.unlink()
                else:  # renamed, on a file system without hard links: back to its own name
                    os.rename(done, original)
            continue
        return name
    raise AssertionError("unreachable")


def _link(source: Path, target: Path) -> None:
    """A second name for `source`; FileExistsError if `target` exists (never replaced)."""
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        # A file system without hard links: under the folder's lock no reviewqa process takes the name meanwhile.
        if target.exists():
            raise FileExistsError(errno.EEXIST, "File exists", str(target)) from exc
        os.rename(source, target)
