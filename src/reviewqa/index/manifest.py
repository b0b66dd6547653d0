"""What an index folder's manifest records (what built it, each file's size and sha256) and whether the index
still serves this review with this code and model: shape checked, identity compared, every file's bytes verified."""

from __future__ import annotations

import contextlib
import json
from importlib import metadata
from pathlib import Path

from reviewqa.corpus.chunking import CHUNKER_VERSION
from reviewqa.corpus.review import Review
from reviewqa.errors import IndexUnusable
from reviewqa.index.embed import EMBEDDING_TEXT_VERSION, QUERY_ENCODER_VERSION
from reviewqa.index.folder import (
    CHUNKS_FILE,
    DENSE_FILE,
    MANIFEST_FILE,
    ONNX_FILE,
    SENTENCE_ROWS_FILE,
    SENTENCES_FILE,
    file_sha256,
    is_stamped,
    verified_stamp,
    write_stamp,
)
from reviewqa.index.sentences import SENTENCE_TEXT_VERSION
from reviewqa.model import MODEL_DIMENSION, MODEL_NAME, MODEL_PACKAGE, encoder_record
from reviewqa.version import __version__

FORMAT_NAME = "reviewqa-index"  # the marker: a folder is an index only if its manifest says so
FORMAT_VERSION = 3  # 3: sentence vectors
LEXICAL_TEXT_VERSION = "2"  # bump when `lexical_text` or the tokenizer changes what BM25 indexes
MAX_MANIFEST_BYTES = 1 << 20


def model_package_version() -> str:
    try:
        return metadata.version(MODEL_PACKAGE)
    except metadata.PackageNotFoundError:
        return "missing"


def expected_identity(review: Review) -> dict:
    """What an index must have been built from to serve this review with this code and model."""
    return {
        "format_name": FORMAT_NAME,
        "format": FORMAT_VERSION,
        "corpus_sha256": review.sha256,
        "chunker_version": CHUNKER_VERSION,
        "embedding_text_version": EMBEDDING_TEXT_VERSION,
        "query_encoder_version": QUERY_ENCODER_VERSION,
        "sentence_text_version": SENTENCE_TEXT_VERSION,
        "lexical_text_version": LEXICAL_TEXT_VERSION,
        "model": {
            "name": MODEL_NAME,
            "dimension": MODEL_DIMENSION,
            "package_version": model_package_version(),
            "adapted_sha256": encoder_record().get("weights_sha256"),
        },
        "chunk_count": len(review.chunks),
    }


def library_versions() -> dict:
    names = ("faiss-cpu", "bm25s", "sentence-transformers", "torch", "onnxruntime", "tokenizers", "numpy")
    versions = {"reviewqa": __version__}
    for name in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[name] = metadata.version(name)
    return versions


def manifest_sha256(index_dir: Path) -> str:
    with contextlib.suppress(OSError):
        return file_sha256(Path(index_dir) / MANIFEST_FILE)
    return ""


def read_manifest(index_dir: Path) -> dict:
    """The manifest, checked for shape; IndexUnusable ('unreadable', 'wrong shape') otherwise, never a traceback."""
    path = Path(index_dir) / MANIFEST_FILE
    if not path.is_file():
        raise IndexUnusable(f"no index at {index_dir} (manifest.json missing)")
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise ValueError(f"{path.stat().st_size} bytes")
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:  # bad JSON or UTF-8, absurd nesting, a 5,000-digit number
        raise IndexUnusable(f"manifest.json is unreadable ({type(exc).__name__})") from exc
    shape = manifest_shape_problem(manifest)
    if shape:
        raise IndexUnusable(f"manifest.json has the wrong shape ({shape})")
    return manifest


def manifest_shape_problem(manifest: object) -> str:
    """What is wrong with the manifest's structure ('' when nothing is, or when another format version wrote it)."""
    if not isinstance(manifest, dict):
        return f"a JSON {type(manifest).__name__}, not an object"
    if manifest.get("format_name") != FORMAT_NAME or manifest.get("format") != FORMAT_VERSION:
        return ""  # an older reviewqa's index: index_problems names the format
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        return "'files' is not an object of file records"
    for name, record in files.items():
        parts = name.split("/")
        if ".." in parts or name.startswith("/") or len(parts) > 2:
            return f"'files' names a path outside the index: {name[:80]!r}"
        if not isinstance(record, dict) or not isinstance(record.get("bytes"), int):
            return f"the record of {name[:80]!r} has no byte count"
        if not isinstance(record.get("sha256"), str) or len(record["sha256"]) != 64:
            return f"the record of {name[:80]!r} has no sha256"
    return ""


def index_problems(index_dir: Path, review: Review) -> list[str]:
    """Why the index at `index_dir` cannot serve `review` (empty when it can): identity, then every file's bytes.

    A file is hashed unless its stat() is unchanged since its hash last matched this manifest (the stamp).
    """
    try:
        manifest = read_manifest(index_dir)
    except IndexUnusable as exc:
        return [str(exc)]
    problems = [
        f"{key} is {manifest.get(key)!r}, expected {expected!r}"
        for key, expected in expected_identity(review).items()
        if manifest.get(key) != expected
    ]
    if any(p.startswith(("format_name ", "format ")) for p in problems):
        return problems  # written by another version: its file records are not ours to read
    folder, files = Path(index_dir), manifest["files"]
    digest = manifest_sha256(folder)
    stamp = verified_stamp(folder, digest)
    hashed = False
    for name, record in files.items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{name} is missing")
        elif path.stat().st_size != record["bytes"]:
            problems.append(f"{name} has {path.stat().st_size} bytes, manifest says {record['bytes']}")
        elif not is_stamped(folder, name, stamp):
            hashed = True
            if file_sha256(path) != record["sha256"]:
                problems.append(f"{name} does not match its sha256 in the manifest")
    required = (CHUNKS_FILE, DENSE_FILE, ONNX_FILE, SENTENCES_FILE, SENTENCE_ROWS_FILE)
    problems += [f"{name} is not in the manifest" for name in required if name not in files]
    if hashed and not problems:
        write_stamp(folder, digest, sorted(files))
    return problems
