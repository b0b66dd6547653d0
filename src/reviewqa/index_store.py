"""The index folder: chunks, FAISS vectors, BM25 arrays, ONNX query encoder and a manifest that proves they agree."""

from __future__ import annotations

import contextlib
import json
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from reviewqa import __version__
from reviewqa.bundled_model import MODEL_DIMENSION, MODEL_NAME, MODEL_PACKAGE
from reviewqa.chunks import CHUNKER_VERSION
from reviewqa.datatypes import Chunk, Kind
from reviewqa.embed import EMBEDDING_TEXT_VERSION
from reviewqa.errors import ReviewqaError
from reviewqa.index_folder import (
    BM25_DIR,
    CHUNKS_FILE,
    DENSE_FILE,
    MANIFEST_FILE,
    ONNX_FILE,
    README_FILE,
    STAGING_MARK,
    build_lock,
    check_owned,
    discard_staging,
    file_record,
    file_sha256,
    is_stamped,
    new_staging,
    swap_in,
    verified_stamp,
    write_stamp,
)
from reviewqa.review import Review

FORMAT_NAME = "reviewqa-index"  # the marker: a folder is an index only if its manifest says so
FORMAT_VERSION = 2
LEXICAL_TEXT_VERSION = "2"  # bump when `lexical_text` or the tokenizer changes what BM25 indexes
MAX_MANIFEST_BYTES = 1 << 20

INDEX_README = """# index/

`reviewqa build` writes the search index here (it is not committed): the FAISS vectors,
the BM25 arrays, the chunk list, the ONNX query encoder and `manifest.json`, which records
the corpus hash, chunker version, model and library versions. Loading checks the manifest
and rebuilds when any of them changed.
"""


class IndexProblem(ReviewqaError, RuntimeError):
    """The index folder cannot be used as it is."""


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
        "lexical_text_version": LEXICAL_TEXT_VERSION,
        "model": {"name": MODEL_NAME, "dimension": MODEL_DIMENSION, "package_version": model_package_version()},
        "chunk_count": len(review.chunks),
    }


def _library_versions() -> dict:
    names = ("faiss-cpu", "bm25s", "sentence-transformers", "torch", "onnxruntime", "tokenizers", "numpy")
    versions = {"reviewqa": __version__}
    for name in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[name] = metadata.version(name)
    return versions


def _say(message: str, quiet: bool) -> None:
    if not quiet:
        print(message, file=sys.stderr, flush=True)


def build_index(review: Review, index_dir: Path, quiet: bool = False, embedder=None) -> dict:
    """Build every part into a staging folder, then swap it in; a killed build leaves the old index.

    IndexFolderRefused, before anything is written, when `index_dir` holds anything but an index.
    """
    index_dir = check_owned(Path(index_dir))
    try:
        index_dir.parent.mkdir(parents=True, exist_ok=True)
        with build_lock(index_dir):
            return _build_locked(review, index_dir, quiet, embedder)
    except PermissionError as exc:
        raise IndexProblem(
            f"cannot write the index at {index_dir}: {exc.strerror}; choose a folder you can write with --index"
        ) from exc


def _build_locked(review: Review, index_dir: Path, quiet: bool, embedder) -> dict:
    started = time.perf_counter()
    check_owned(index_dir)  # again, now that no other build can be changing it
    staging = new_staging(index_dir)
    try:
        manifest = _write_parts(review, staging, quiet, embedder)
        manifest["build_seconds"] = round(time.perf_counter() - started, 2)
        (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        swap_in(staging, index_dir)
    except BaseException:
        discard_staging(staging)
        raise
    write_stamp(index_dir, _manifest_sha256(index_dir), sorted(manifest["files"]))
    _say(f"Index built in {manifest['build_seconds']:.1f} s: {index_dir}", quiet)
    return manifest


def _write_parts(review: Review, folder: Path, quiet: bool, embedder=None) -> dict:
    from reviewqa.dense import build_dense_index, save_dense_index
    from reviewqa.embed import SentenceTransformerEmbedder, embedding_text
    from reviewqa.lexical import LexicalIndex
    from reviewqa.tokenize import tokenize

    chunks = review.chunks
    _say(f"[1/4] writing {len(chunks)} chunks", quiet)
    with open(folder / CHUNKS_FILE, "w", encoding="utf-8") as out:
        for chunk in chunks:
            out.write(json.dumps(chunk.to_json(), ensure_ascii=False) + "\n")
    _say("[2/4] BM25 index", quiet)
    LexicalIndex.build([tokenize(lexical_text(c)) for c in chunks]).save(folder / BM25_DIR)
    _say("[3/4] embedding chunks with all-MiniLM-L6-v2 (offline)", quiet)
    embedder = embedder or SentenceTransformerEmbedder()
    vectors = embedder.embed([embedding_text(c) for c in chunks], progress=not quiet)
    save_dense_index(build_dense_index(vectors), folder / DENSE_FILE)
    _say("[4/4] exporting the query encoder to ONNX", quiet)
    embedder.export_query_encoder(folder / ONNX_FILE)
    (folder / README_FILE).write_text(INDEX_README, encoding="utf-8")
    parts = [p for p in sorted(folder.rglob("*")) if p.is_file() and p.name != STAGING_MARK]
    return {
        **expected_identity(review),
        "corpus_file": review.source.name,
        "libraries": _library_versions(),
        "files": {p.relative_to(folder).as_posix(): file_record(p) for p in parts},
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def lexical_text(chunk: Chunk) -> str:
    """What BM25 indexes for a chunk: its innermost heading and its text; a table row without the table's
    title, which every row of the table shares and which would otherwise make all of them match it."""
    if chunk.kind is Kind.TABLE_ROW:
        return "\n".join((chunk.table_label, *chunk.table_cells))
    heading = chunk.section_path[-1] if chunk.section_path else ""
    return chunk.text if chunk.text.startswith(heading) else f"{heading}\n{chunk.text}"


def _manifest_sha256(index_dir: Path) -> str:
    with contextlib.suppress(OSError):
        return file_sha256(Path(index_dir) / MANIFEST_FILE)
    return ""


def read_manifest(index_dir: Path) -> dict:
    """The manifest, checked for shape; IndexProblem ('unreadable', 'wrong shape') otherwise, never a traceback."""
    path = Path(index_dir) / MANIFEST_FILE
    if not path.is_file():
        raise IndexProblem(f"no index at {index_dir} (manifest.json missing)")
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise ValueError(f"{path.stat().st_size} bytes")
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:  # bad JSON or UTF-8, absurd nesting, a 5,000-digit number
        raise IndexProblem(f"manifest.json is unreadable ({type(exc).__name__})") from exc
    shape = _manifest_shape_problem(manifest)
    if shape:
        raise IndexProblem(f"manifest.json has the wrong shape ({shape})")
    return manifest


def _manifest_shape_problem(manifest: object) -> str:
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
    except IndexProblem as exc:
        return [str(exc)]
    problems = [
        f"{key} is {manifest.get(key)!r}, expected {expected!r}"
        for key, expected in expected_identity(review).items()
        if manifest.get(key) != expected
    ]
    if any(p.startswith(("format_name ", "format ")) for p in problems):
        return problems  # written by another version: its file records are not ours to read
    folder, files = Path(index_dir), manifest["files"]
    digest = _manifest_sha256(folder)
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
    problems += [f"{name} is not in the manifest" for name in (CHUNKS_FILE, DENSE_FILE, ONNX_FILE) if name not in files]
    if hashed and not problems:
        write_stamp(folder, digest, sorted(files))
    return problems


@dataclass(frozen=True)
class LoadedIndex:
    """The parts of one index folder, row-aligned: row i of each is chunks[i]."""

    folder: Path
    manifest: dict
    chunks: tuple[Chunk, ...]
    dense: object
    lexical: object
    onnx_path: Path


def open_index(index_dir: Path, review: Review) -> LoadedIndex:
    """Load a valid index; IndexProblem says what is wrong otherwise."""
    from reviewqa.dense import load_dense_index
    from reviewqa.lexical import LexicalIndex

    problems = index_problems(index_dir, review)
    if problems:
        raise IndexProblem("; ".join(problems))
    index_dir = Path(index_dir)
    try:
        with open(index_dir / CHUNKS_FILE, encoding="utf-8") as lines:
            chunks = tuple(Chunk.from_json(json.loads(line)) for line in lines)
        dense = load_dense_index(index_dir / DENSE_FILE)
        lexical = LexicalIndex.load(index_dir / BM25_DIR)
    except Exception as exc:  # a damaged file faiss or bm25s cannot read
        raise IndexProblem(f"index files are damaged: {exc}") from exc
    counts = {"chunks": len(chunks), "vectors": dense.ntotal, "bm25 rows": lexical.size}
    if len(set(counts.values())) != 1 or chunks != review.chunks:
        raise IndexProblem(f"index parts disagree with each other or with the review: {counts}")
    return LoadedIndex(index_dir, read_manifest(index_dir), chunks, dense, lexical, index_dir / ONNX_FILE)


def load_or_build(
    index_dir: Path, review: Review, rebuild: bool = True, quiet: bool = False, embedder=None
) -> LoadedIndex:
    """Open the index, rebuilding it (and saying why) when it is missing, stale or damaged.

    A folder that holds anything but an index is refused (IndexFolderRefused) and left untouched.
    """
    index_dir = Path(index_dir)
    try:
        return open_index(index_dir, review)
    except IndexProblem as exc:
        if not rebuild:
            raise IndexProblem(f"{exc}. Run `reviewqa build` to rebuild the index at {index_dir}.") from exc
        problem = exc
    owned = check_owned(index_dir)
    try:
        owned.parent.mkdir(parents=True, exist_ok=True)
        with build_lock(owned):
            # Another process may have rebuilt it while this one waited for the lock.
            with contextlib.suppress(IndexProblem):
                return open_index(owned, review)
            if (owned / MANIFEST_FILE).exists():
                _say(f"Index at {index_dir} cannot be used ({problem}); rebuilding it.", quiet)
            else:
                _say(f"No index at {index_dir} yet; building it (about 15 s, once).", quiet)
            _build_locked(review, owned, quiet, embedder)
    except PermissionError as exc:
        raise IndexProblem(
            f"the index at {index_dir} cannot be used ({problem}) and its folder cannot be written "
            f"({exc.strerror}); run `reviewqa build --index {index_dir}` as a user who can write there, "
            "or choose another --index"
        ) from exc
    return open_index(owned, review)
