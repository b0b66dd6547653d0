"""The index folder: manifest, row alignment, stale/damaged detection, atomic rebuild (fake embedder)."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from helpers import REPO

from reviewqa.index.store import (
    INDEX_README,
    IndexUnusable,
    build_index,
    index_problems,
    load_or_build,
    open_index,
    read_manifest,
)


@pytest.fixture()
def index_copy(fake_index_dir, tmp_path):
    folder = tmp_path / "index"
    shutil.copytree(fake_index_dir, folder)
    return folder


def test_manifest_records_what_built_it(fake_index_dir, review):
    manifest = read_manifest(fake_index_dir)
    assert manifest["corpus_sha256"] == hashlib.sha256(review.source.read_bytes()).hexdigest()
    assert manifest["chunk_count"] == 269
    assert manifest["model"]["name"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert manifest["model"]["dimension"] == 384
    assert {"faiss-cpu", "bm25s", "onnxruntime", "tokenizers", "reviewqa"} <= set(manifest["libraries"])
    assert {"chunks.jsonl", "dense.faiss", "query_encoder.onnx", "bm25/vocab.index.json"} <= set(manifest["files"])
    assert manifest["chunker_version"] and manifest["embedding_text_version"]


def test_rows_align_across_parts(fake_index_dir, review):
    loaded = open_index(fake_index_dir, review)
    ids = [json.loads(line)["id"] for line in (fake_index_dir / "chunks.jsonl").read_text().splitlines()]
    assert ids == [c.id for c in review.chunks]
    assert loaded.dense.ntotal == loaded.lexical.size == len(loaded.chunks) == 269


def test_index_readme_matches_the_committed_one(fake_index_dir):

    committed = REPO / "index" / "README.md"
    assert (fake_index_dir / "README.md").read_text() == INDEX_README == committed.read_text()


def _edit_manifest(folder, **changes):
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest.update(changes)
    path.write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda f: _edit_manifest(f, corpus_sha256="0" * 64), "corpus_sha256"),
        (lambda f: _edit_manifest(f, chunker_version="0"), "chunker_version"),
        (lambda f: _edit_manifest(f, lexical_text_version="0"), "lexical_text_version"),
        (lambda f: _edit_manifest(f, model={"name": "other/model", "dimension": 768, "package_version": "x"}), "model"),
        (lambda f: _edit_manifest(f, chunk_count=268), "chunk_count"),
        (lambda f: (f / "dense.faiss").write_bytes((f / "dense.faiss").read_bytes()[:1000]), "dense.faiss"),
        (lambda f: (f / "chunks.jsonl").unlink(), "chunks.jsonl is missing"),
        (lambda f: (f / "manifest.json").unlink(), "manifest.json missing"),
        (lambda f: (f / "manifest.json").write_text("{not json"), "unreadable"),
    ],
)
def test_damage_is_detected(index_copy, review, damage, reason):
    damage(index_copy)
    problems = index_problems(index_copy, review)
    assert any(reason in p for p in problems), problems
    with pytest.raises(IndexUnusable, match="reviewqa build"):
        load_or_build(index_copy, review, rebuild=False, quiet=True)


def test_chunk_list_edited_behind_the_manifest_is_refused(index_copy, review):
    lines = (index_copy / "chunks.jsonl").read_text().splitlines()
    (index_copy / "chunks.jsonl").write_text("\n".join(lines[1:] + lines[:1]) + "\n")
    # Same bytes count, different order: the sha256 in the manifest catches it.
    assert any("sha256" in p for p in index_problems(index_copy, review))


def test_stale_index_is_rebuilt_and_says_so(index_copy, review, fake_embedder, capsys):
    _edit_manifest(index_copy, corpus_sha256="0" * 64)
    loaded = load_or_build(index_copy, review, embedder=fake_embedder)
    assert "rebuilding" in capsys.readouterr().err
    assert read_manifest(index_copy)["corpus_sha256"] == review.sha256
    assert loaded.dense.ntotal == 269 and index_problems(index_copy, review) == []


def test_failed_build_leaves_previous_index_intact(index_copy, review):
    before = (index_copy / "manifest.json").read_bytes()

    class Exploding:
        def embed(self, texts, progress=False):
            raise KeyboardInterrupt  # as if the build was killed mid-way

    with pytest.raises(KeyboardInterrupt):
        build_index(review, index_copy, quiet=True, embedder=Exploding())
    assert (index_copy / "manifest.json").read_bytes() == before
    assert index_problems(index_copy, review) == []
    assert not [p for p in index_copy.parent.iterdir() if p.name.startswith(".index.building")]


def test_vectors_that_disagree_with_the_chunks_are_refused_then_rebuilt(index_copy, review, fake_embedder, capsys):
    """A dense.faiss with one vector too few, recorded faithfully in the manifest: only the row counts disagree."""
    import faiss

    dense = faiss.read_index(str(index_copy / "dense.faiss"))
    shorter = faiss.IndexFlatIP(dense.d)
    shorter.add(dense.reconstruct_n(0, dense.ntotal - 1))
    faiss.write_index(shorter, str(index_copy / "dense.faiss"))
    manifest = read_manifest(index_copy)
    data = (index_copy / "dense.faiss").read_bytes()
    manifest["files"]["dense.faiss"] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    (index_copy / "manifest.json").write_text(json.dumps(manifest))
    assert index_problems(index_copy, review) == []  # the manifest alone cannot tell
    with pytest.raises(IndexUnusable, match=r"'vectors': 268, 'bm25 rows': 269}\. Run `reviewqa build`"):
        load_or_build(index_copy, review, rebuild=False, quiet=True)
    loaded = load_or_build(index_copy, review, embedder=fake_embedder)
    assert "'vectors': 268, 'bm25 rows': 269}); rebuilding it." in capsys.readouterr().err
    assert loaded.dense.ntotal == 269
