"""The index folder: chunks, FAISS vectors, BM25 arrays, ONNX query encoder and a manifest that proves they agree."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
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
from reviewqa.review import Review

FORMAT_VERSION = 1
LEXICAL_TEXT_VERSION = "2"  # bump when `lexical_text` or the tokenizer changes what BM25 indexes
CHUNKS_FILE = "chunks.jsonl"
DENSE_FILE = "dense.faiss"
BM25_DIR = "bm25"
ONNX_FILE = "query_encoder.onnx"
MANIFEST_FILE = "manifest.json"
README_FILE = "README.md"
_HASHED_UP_TO = 16 * 1024 * 1024  # files larger than this (the ONNX graph) are checked by size only

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


def _file_record(path: Path) -> dict:
    record = {"bytes": path.stat().st_size}
    if record["bytes"] <= _HASHED_UP_TO:
        record["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return record


def _say(message: str, quiet: bool) -> None:
    if not quiet:
        print(message, file=sys.stderr, flush=True)


def build_index(review: Review, index_dir: Path, quiet: bool = False, embedder=None) -> dict:
    """Build every part into a temporary folder, then swap it in; a killed build leaves the old index."""
    index_dir = Path(index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(index_dir):
        return _build_locked(review, index_dir, quiet, embedder)


def _build_locked(review: Review, index_dir: Path, quiet: bool, embedder) -> dict:
    started = time.perf_counter()
    # Holding the lock, no other build is running: staging folders left by killed builds are garbage.
    for leftover in index_dir.parent.glob(f".{index_dir.name}.building-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    staging = index_dir.parent / f".{index_dir.name}.building-{os.getpid()}"
    staging.mkdir()
    try:
        manifest = _write_parts(review, staging, quiet, embedder)
        manifest["build_seconds"] = round(time.perf_counter() - started, 2)
        (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        _swap_in(staging, index_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
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
    files = {p.relative_to(folder).as_posix(): _file_record(p) for p in sorted(folder.rglob("*")) if p.is_file()}
    return {
        **expected_identity(review),
        "corpus_file": review.source.name,
        "libraries": _library_versions(),
        "files": files,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def lexical_text(chunk: Chunk) -> str:
    """What BM25 indexes for a chunk: its innermost heading and its text; a table row without the table's
    title, which every row of the table shares and which would otherwise make all of them match it."""
    if chunk.kind is Kind.TABLE_ROW:
        return "\n".join((chunk.table_label, *chunk.table_cells))
    heading = chunk.section_path[-1] if chunk.section_path else ""
    return chunk.text if chunk.text.startswith(heading) else f"{heading}\n{chunk.text}"


@contextlib.contextmanager
def _build_lock(index_dir: Path):
    """One build at a time per index folder; a second waits, then builds on its own staging folder."""
    lock_path = index_dir.parent / f".{index_dir.name}.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _swap_in(staging: Path, index_dir: Path) -> None:
    retired = index_dir.parent / f".{index_dir.name}.old-{os.getpid()}"
    if index_dir.exists():
        os.rename(index_dir, retired)
    os.rename(staging, index_dir)
    shutil.rmtree(retired, ignore_errors=True)


def read_manifest(index_dir: Path) -> dict:
    path = Path(index_dir) / MANIFEST_FILE
    if not path.is_file():
        raise IndexProblem(f"no index at {index_dir} (manifest.json missing)")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IndexProblem(f"manifest.json is unreadable: {exc}") from exc


def index_problems(index_dir: Path, review: Review) -> list[str]:
    """Why the index at `index_dir` cannot serve `review` (empty when it can)."""
    try:
        manifest = read_manifest(index_dir)
    except IndexProblem as exc:
        return [str(exc)]
    problems = []
    for key, expected in expected_identity(review).items():
        if manifest.get(key) != expected:
            problems.append(f"{key} is {manifest.get(key)!r}, expected {expected!r}")
    for name, record in (manifest.get("files") or {}).items():
        path = Path(index_dir) / name
        if not path.is_file():
            problems.append(f"{name} is missing")
        elif path.stat().st_size != record.get("bytes"):
            problems.append(f"{name} has {path.stat().st_size} bytes, manifest says {record.get('bytes')}")
        elif "sha256" in record and hashlib.sha256(path.read_bytes()).hexdigest() != record["sha256"]:
            problems.append(f"{name} does not match its sha256 in the manifest")
    required = (CHUNKS_FILE, DENSE_FILE, ONNX_FILE)
    problems += [f"{name} is not in the manifest" for name in required if name not in (manifest.get("files") or {})]
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
    with open(index_dir / CHUNKS_FILE, encoding="utf-8") as lines:
        chunks = tuple(Chunk.from_json(json.loads(line)) for line in lines)
    try:
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
    """Open the index, rebuilding it (and saying why) when it is missing, stale or damaged."""
    index_dir = Path(index_dir)
    try:
        return open_index(index_dir, review)
    except IndexProblem as exc:
        if not rebuild:
            raise IndexProblem(f"{exc}. Run `reviewqa build` to rebuild the index at {index_dir}.") from exc
        problem = exc
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(index_dir):
        # Another process may have rebuilt it while this one waited for the lock.
        try:
            return open_index(index_dir, review)
        except IndexProblem:
            pass
        if (index_dir / MANIFEST_FILE).exists():
            _say(f"Index at {index_dir} cannot be used ({problem}); rebuilding it.", quiet)
        else:
            _say(f"No index at {index_dir} yet; building it (about 15 s, once).", quiet)
        _build_locked(review, index_dir, quiet, embedder)
    return open_index(index_dir, review)
