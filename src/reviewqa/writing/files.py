"""Files the user names are the user's: never replaced without --force, never a link, pipe or device; all or none.

Every file is first written in full to a short temporary name in its own folder; only when all are written are
they renamed into place, so a failure leaves no partial output and readers see the old file or the new one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from reviewqa.errors import OutputRefused

_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


@dataclass(frozen=True)
class OutputFile:
    path: Path
    content: str | bytes


def output_path(value: str, default_name: str) -> Path:
    """The file meant by `-o VALUE`: 'notes/' or an existing folder means `default_name` inside it."""
    if value in ("", "-"):
        said = "an empty name" if not value else "'-' (standard output)"
        raise OutputRefused(f"name the file to write, not {said}; for a file named '-', give ./-")
    path = Path(value).expanduser()
    with _looking_at(path):
        if value.endswith(("/", os.sep)) or (path.is_dir() and not path.is_symlink()):
            if not path.is_dir():
                raise OutputRefused(f"the folder {value} does not exist")
            return path / default_name
    return path


def check_target(path: Path, force: bool) -> None:
    """OutputRefused unless `path` may be written: a missing file, or (with --force) a writable regular file."""
    with _looking_at(path):
        if not path.parent.is_dir():
            raise OutputRefused(f"the folder of {path} does not exist")
        try:
            info = path.lstat()
        except FileNotFoundError:
            return
    if stat.S_ISLNK(info.st_mode):
        raise OutputRefused(f"{path} is a symbolic link; name a regular file (it is not replaced)")
    for test, what in _SPECIAL:
        if test(info.st_mode):
            raise OutputRefused(f"{path} is {what}; name a regular file (it is not replaced)")
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):  # the mode bits count even for root
        raise OutputRefused(f"{path} is read-only; it is not replaced")
    if not force:
        raise OutputRefused(f"{path} exists; add --force to replace it")


@contextlib.contextmanager
def _looking_at(path: Path) -> Iterator[None]:
    """A name the system refuses (too long, in a folder that cannot be entered) as one line, not a traceback."""
    try:
        yield
    except OSError as exc:
        raise OutputRefused(f"cannot write {path}: {exc.strerror or exc}") from exc


def write_all(files: list[OutputFile], force: bool = False) -> None:
    """Write every file or none: checked, staged in full beside its target, then renamed into place."""
    seen: dict[Path, Path] = {}
    for file in files:
        with _looking_at(file.path):
            resolved = file.path.resolve()
        if resolved in seen:
            raise OutputRefused(f"{file.path} is named twice")
        seen[resolved] = file.path
        check_target(file.path, force)
    staged: list[tuple[Path, Path]] = []
    try:
        for file in files:
            staged.append((_stage(file), file.path))
        _rename_all(staged)
    finally:
        for temporary, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()


def _stage(file: OutputFile) -> Path:
    """The content in a short-named temporary file in the target's folder, with the mode the target will have."""
    try:
        handle, name = tempfile.mkstemp(dir=file.path.parent, prefix=".rq-", suffix=".tmp")
    except OSError as exc:
        raise OutputRefused(f"cannot write in the folder of {file.path}: {exc.strerror}") from exc
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            data = file.content.encode("utf-8") if isinstance(file.content, str) else file.content
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, _mode_for(file.path))
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputRefused(f"cannot write {file.path}: {exc.strerror}") from exc
    return temporary


def _mode_for(path: Path) -> int:
    with contextlib.suppress(FileNotFoundError):
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _rename_all(staged: list[tuple[Path, Path]]) -> None:
    """Rename each staged file over its target; if one fails, put back what the others replaced."""
    done: list[tuple[Path, Path | None]] = []
    try:
        for temporary, target in staged:
            backup = None
            if target.exists():
                backup = target.parent / f".rq-{secrets.token_hex(6)}.old"
                os.link(target, backup)
            os.replace(temporary, target)
            done.append((target, backup))
    except OSError as exc:
        for target, backup in reversed(done):
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        raise OutputRefused(f"cannot write {target}: {exc.strerror}; nothing was written") from exc
    finally:
        for _, backup in done:
            if backup is not None:
                backup.unlink(missing_ok=True)


def named_outputs(values: Mapping[str, str | None], default_names: Mapping[str, str]) -> dict[str, Path]:
    """kind -> path for each output the user named (`-o`, `--bib`, …), folders resolved to default names."""
    return {kind: output_path(value, default_names[kind]) for kind, value in values.items() if value is not None}
