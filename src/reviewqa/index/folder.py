"""The index folder on disk: which folders it may use, the staged swap, the build lock, verified file hashes.

A folder is an index only if it holds nothing but index parts. A missing folder is created, an empty one is used;
anything else is refused and left untouched, and a swap removes only the parts an index build writes.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from reviewqa.errors import IndexFolderRefused

CHUNKS_FILE = "chunks.jsonl"
DENSE_FILE = "dense.faiss"
BM25_DIR = "bm25"
ONNX_FILE = "query_encoder.onnx"
SENTENCES_FILE = "sentences.faiss"
SENTENCE_ROWS_FILE = "sentences.json"
MANIFEST_FILE = "manifest.json"
README_FILE = "README.md"
STAMP_FILE = "verified.json"  # stat() of each file when its sha256 last matched: the hash is not redone per load
STAGING_MARK = ".reviewqa-staging"  # inside a staging folder: only folders holding it are ever cleaned up
_STAMP_TEMPORARY = f".{STAMP_FILE}.tmp"
PART_NAMES = frozenset(
    {CHUNKS_FILE, DENSE_FILE, BM25_DIR, ONNX_FILE, MANIFEST_FILE, README_FILE, SENTENCES_FILE, SENTENCE_ROWS_FILE}
    | {STAMP_FILE, _STAMP_TEMPORARY, STAGING_MARK}
)
_BM25_SUFFIXES = (".json", ".npy")  # what bm25s writes into bm25/
_CHUNK = 1 << 20


def foreign_entries(folder: Path) -> list[str]:
    """Entries of `folder` that no index build writes (sorted; empty for an index or an empty folder)."""
    foreign = []
    for entry in sorted(folder.iterdir()):
        if entry.name not in PART_NAMES or entry.is_symlink():
            foreign.append(entry.name)
        elif entry.name == BM25_DIR:
            if not entry.is_dir():
                foreign.append(entry.name)
                continue
            foreign += [
                f"{BM25_DIR}/{inner.name}"
                for inner in sorted(entry.iterdir())
                if not (inner.is_file() and not inner.is_symlink() and inner.name.endswith(_BM25_SUFFIXES))
            ]
        elif not entry.is_file():
            foreign.append(entry.name)
    return foreign


def check_owned(index_dir: Path) -> Path:
    """The folder, resolved, if an index may be written there; IndexFolderRefused (nothing touched) otherwise."""
    resolved = Path(index_dir).expanduser().resolve()
    here = Path.cwd().resolve()
    if resolved == here or resolved in here.parents:
        raise IndexFolderRefused(
            f"{index_dir} is the current folder or holds it; name a folder of its own, e.g. --index ./index"
        )
    if not resolved.exists():
        return resolved
    if not resolved.is_dir():
        raise IndexFolderRefused(f"{index_dir} is a file, not a folder; choose another --index")
    foreign = foreign_entries(resolved)
    if foreign:
        shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
        raise IndexFolderRefused(
            f"{index_dir} is not a reviewqa index and is not empty ({shown}); choose another --index"
        )
    return resolved


@contextlib.contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """One build at a time per index folder; a second waits, then builds on its own staging folder."""
    lock_path = index_dir.parent / f".{index_dir.name}.lock"
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def new_staging(index_dir: Path) -> Path:
    """A fresh staging folder beside `index_dir`, after removing those killed builds left (holding the lock)."""
    for leftover in index_dir.parent.glob(f".{index_dir.name}.building-*"):
        if (leftover / STAGING_MARK).is_file() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.building-", dir=index_dir.parent))
    (staging / STAGING_MARK).touch()
    return staging


def discard_staging(staging: Path) -> None:
    if (staging / STAGING_MARK).is_file():
        shutil.rmtree(staging, ignore_errors=True)


def swap_in(staging: Path, index_dir: Path) -> None:
    """Replace `index_dir` by `staging` in one rename; the old folder's index parts, and only those, are deleted."""
    retired = index_dir.parent / f".{index_dir.name}.old-{os.getpid()}"
    if index_dir.exists():
        os.rename(index_dir, retired)
    os.rename(staging, index_dir)
    (index_dir / STAGING_MARK).unlink()
    if retired.exists():
        remove_parts(retired)


def remove_parts(folder: Path) -> None:
    """Delete the index parts of `folder`, then the folder if nothing else is left in it."""
    for name in PART_NAMES:
        path = folder / name
        if path.is_dir() and not path.is_symlink():
            for inner in path.iterdir():
                if inner.is_file() and inner.name.endswith(_BM25_SUFFIXES):
                    inner.unlink()
            with contextlib.suppress(OSError):
                path.rmdir()
        elif path.is_file() and not path.is_symlink():
            path.unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def file_record(path: Path) -> dict:
    """What the manifest keeps of a file: its size and sha256."""
    return {"bytes": path.stat().st_size, "sha256": file_sha256(path)}


def _stat_key(path: Path) -> list[int]:
    """Changes whenever the file's bytes can have changed: a write moves ctime, which no user can set back."""
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev]


def verified_stamp(folder: Path, manifest_sha256: str) -> dict[str, list[int]]:
    """The files whose bytes were last seen to match this manifest, with their stat() then ({} if none)."""
    with contextlib.suppress(OSError, ValueError, RecursionError):
        stamp = json.loads((folder / STAMP_FILE).read_text(encoding="utf-8"))
        if isinstance(stamp, dict) and stamp.get("manifest_sha256") == manifest_sha256:
            files = stamp.get("files")
            if isinstance(files, dict):
                return files
    return {}


def is_stamped(folder: Path, name: str, stamp: dict[str, list[int]]) -> bool:
    with contextlib.suppress(OSError):
        return stamp.get(name) == _stat_key(folder / name)
    return False


def write_stamp(folder: Path, manifest_sha256: str, names: list[str]) -> None:
    """Record that these files matched; best effort (a read-only index is simply hashed at every load)."""
    with contextlib.suppress(OSError):
        data = {"manifest_sha256": manifest_sha256, "files": {name: _stat_key(folder / name) for name in names}}
        temporary = folder / _STAMP_TEMPORARY
        temporary.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temporary, folder / STAMP_FILE)
