"""Build, open and rebuild the index folder: chunks, FAISS vectors, BM25 arrays, the ONNX query encoder and a
manifest that proves they agree."""

from __future__ import annotations

import contextlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from reviewqa.corpus.review import Review
from reviewqa.errors import IndexUnusable
from reviewqa.index.folder import (
    BM25_DIR,
    CHUNKS_FILE,
    DENSE_FILE,
    MANIFEST_FILE,
    ONNX_FILE,
    README_FILE,
    SENTENCE_ROWS_FILE,
    SENTENCES_FILE,
    STAGING_MARK,
    build_lock,
    check_owned,
    discard_staging,
    file_record,
    new_staging,
    swap_in,
    write_stamp,
)
from reviewqa.index.interfaces import Embedder
from reviewqa.index.lexical import LexicalIndex
from reviewqa.index.manifest import expected_identity, index_problems, library_versions, manifest_sha256, read_manifest
from reviewqa.records import Chunk

if TYPE_CHECKING:
    import faiss

# Told each step of a build as it starts: (step number, steps in all, what it does). Default: a line on stderr.
BuildProgress = Callable[[int, int, str], None]
BUILD_STEPS = 5

INDEX_README = """# index/

`reviewqa build` writes the search index here (it is not committed): the FAISS vectors,
the BM25 arrays, the chunk list, the ONNX query encoder and `manifest.json`, which records
the corpus hash, chunker version, model and library versions. Loading checks the manifest
and rebuilds when any of them changed.
"""


def _say(message: str, quiet: bool) -> None:
    if not quiet:
        print(message, file=sys.stderr, flush=True)


def build_index(
    review: Review,
    index_dir: Path,
    quiet: bool = False,
    embedder: Embedder | None = None,
    progress: BuildProgress | None = None,
) -> dict:
    """Build every part into a staging folder, then swap it in; a killed build leaves the old index.

    IndexFolderRefused, before anything is written, when `index_dir` holds anything but an index.
    """
    index_dir = check_owned(Path(index_dir))
    try:
        index_dir.parent.mkdir(parents=True, exist_ok=True)
        with build_lock(index_dir):
            return _build_locked(review, index_dir, quiet, embedder, progress)
    except PermissionError as exc:
        raise IndexUnusable(
            f"cannot write the index at {index_dir}: {exc.strerror}; choose a folder you can write with --index"
        ) from exc


def _build_locked(
    review: Review, index_dir: Path, quiet: bool, embedder: Embedder | None, progress: BuildProgress | None = None
) -> dict:
    started = time.perf_counter()
    check_owned(index_dir)  # again, now that no other build can be changing it
    staging = new_staging(index_dir)
    step = progress or (lambda number, steps, text: _say(f"[{number}/{steps}] {text}", quiet))
    try:
        manifest = _write_parts(review, staging, step, embedder, progress=not quiet and progress is None)
        manifest["build_seconds"] = round(time.perf_counter() - started, 2)
        (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        swap_in(staging, index_dir)
    except BaseException:
        discard_staging(staging)
        raise
    write_stamp(index_dir, manifest_sha256(index_dir), sorted(manifest["files"]))
    _say(f"Index built in {manifest['build_seconds']:.1f} s: {index_dir}", quiet)
    return manifest


def _write_parts(
    review: Review, folder: Path, step: BuildProgress, embedder: Embedder | None = None, progress: bool = False
) -> dict:
    """Every part of the index into `folder`, telling `step` as each begins; `progress`: the embedder's own bars."""
    from reviewqa.index.dense import build_dense_index, save_dense_index
    from reviewqa.index.embed import SentenceTransformerEmbedder, embedding_text
    from reviewqa.index.lexical import lexical_text
    from reviewqa.index.sentences import save_rows, sentence_texts
    from reviewqa.index.terms import tokenize

    chunks = review.chunks
    step(1, BUILD_STEPS, f"writing {len(chunks)} chunks")
    with open(folder / CHUNKS_FILE, "w", encoding="utf-8") as out:
        for chunk in chunks:
            out.write(json.dumps(chunk.to_json(), ensure_ascii=False) + "\n")
    step(2, BUILD_STEPS, "BM25 index")
    LexicalIndex.build([tokenize(lexical_text(c)) for c in chunks]).save(folder / BM25_DIR)
    step(3, BUILD_STEPS, "embedding chunks with all-MiniLM-L6-v2 (offline)")
    embedder = embedder or SentenceTransformerEmbedder()
    vectors = embedder.embed([embedding_text(c, review.glossary) for c in chunks], progress=progress)
    save_dense_index(build_dense_index(vectors), folder / DENSE_FILE)
    rows, sentences = sentence_texts(review)
    step(4, BUILD_STEPS, f"embedding {len(sentences)} sentences")
    save_dense_index(build_dense_index(embedder.embed(sentences, progress=progress)), folder / SENTENCES_FILE)
    save_rows(rows, folder / SENTENCE_ROWS_FILE)
    step(5, BUILD_STEPS, "exporting the query encoder to ONNX")
    embedder.export_query_encoder(folder / ONNX_FILE)
    (folder / README_FILE).write_text(INDEX_README, encoding="utf-8")
    parts = [p for p in sorted(folder.rglob("*")) if p.is_file() and p.name != STAGING_MARK]
    return {
        **expected_identity(review),
        "corpus_file": review.source.name,
        "libraries": library_versions(),
        "files": {p.relative_to(folder).as_posix(): file_record(p) for p in parts},
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


@dataclass(frozen=True)
class LoadedIndex:
    """The parts of one index folder, row-aligned: row i of each is chunks[i]."""

    folder: Path
    manifest: dict
    chunks: tuple[Chunk, ...]
    dense: faiss.Index
    lexical: LexicalIndex
    onnx_path: Path
    sentences: faiss.Index  # one vector per sentence of the prose
    sentence_rows: np.ndarray  # the chunk row of each sentence vector


def open_index(index_dir: Path, review: Review) -> LoadedIndex:
    """Load a valid index; IndexUnusable says what is wrong otherwise."""
    from reviewqa.index.dense import load_dense_index
    from reviewqa.index.sentences import load_rows

    problems = index_problems(index_dir, review)
    if problems:
        raise IndexUnusable("; ".join(problems))
    index_dir = Path(index_dir)
    try:
        with open(index_dir / CHUNKS_FILE, encoding="utf-8") as lines:
            chunks = tuple(Chunk.from_json(json.loads(line)) for line in lines)
        dense = load_dense_index(index_dir / DENSE_FILE)
        lexical = LexicalIndex.load(index_dir / BM25_DIR)
        sentences = load_dense_index(index_dir / SENTENCES_FILE)
        sentence_rows = load_rows(index_dir / SENTENCE_ROWS_FILE, len(chunks))
    except Exception as exc:  # a damaged file faiss or bm25s cannot read
        raise IndexUnusable(f"index files are damaged: {exc}") from exc
    counts = {"chunks": len(chunks), "vectors": dense.ntotal, "bm25 rows": lexical.size}
    if len(set(counts.values())) != 1 or chunks != review.chunks or sentences.ntotal != len(sentence_rows):
        raise IndexUnusable(f"index parts disagree with each other or with the review: {counts}")
    return LoadedIndex(
        index_dir, read_manifest(index_dir), chunks, dense, lexical, index_dir / ONNX_FILE, sentences, sentence_rows
    )


def load_or_build(
    index_dir: Path,
    review: Review,
    rebuild: bool = True,
    quiet: bool = False,
    embedder: Embedder | None = None,
    progress: BuildProgress | None = None,
) -> LoadedIndex:
    """Open the index, rebuilding it (and saying why) when it is missing, stale or damaged.

    A folder that holds anything but an index is refused (IndexFolderRefused) and left untouched.
    """
    index_dir = Path(index_dir)
    try:
        return open_index(index_dir, review)
    except IndexUnusable as exc:
        if not rebuild:
            raise IndexUnusable(f"{exc}. Run `reviewqa build` to rebuild the index at {index_dir}.") from exc
        problem = exc
    owned = check_owned(index_dir)
    try:
        owned.parent.mkdir(parents=True, exist_ok=True)
        with build_lock(owned):
            # Another process may have rebuilt it while this one waited for the lock.
            with contextlib.suppress(IndexUnusable):
                return open_index(owned, review)
            if (owned / MANIFEST_FILE).exists():
                _say(f"Index at {index_dir} cannot be used ({problem}); rebuilding it.", quiet)
            else:
                _say(f"No index at {index_dir} yet; building it (about a minute, once).", quiet)
            _build_locked(review, owned, quiet, embedder, progress)
    except PermissionError as exc:
        raise IndexUnusable(
            f"the index at {index_dir} cannot be used ({problem}) and its folder cannot be written "
            f"({exc.strerror}); run `reviewqa build --index {index_dir}` as a user who can write there, "
            "or choose another --index"
        ) from exc
    return open_index(owned, review)
