"""The review-adapted embedding model bundled in the package: verified before any build uses it, and named in
every index manifest so that an index built with another model is rebuilt."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from reviewqa import model
from reviewqa.errors import SetupProblem
from reviewqa.index.manifest import expected_identity


def test_the_bundled_weights_match_their_record():
    record = model.encoder_record()
    weights = model.ENCODER_DIR / "model.safetensors"
    assert hashlib.sha256(weights.read_bytes()).hexdigest() == record["weights_sha256"]
    assert model.encoder_dir() == model.ENCODER_DIR
    assert weights.stat().st_size < 50_000_000  # float16 on disk


def test_changed_weights_are_refused_in_one_line(tmp_path, monkeypatch):
    copy = tmp_path / "encoder"
    shutil.copytree(model.ENCODER_DIR, copy)
    with (copy / "model.safetensors").open("r+b") as handle:
        handle.seek(4096)
        handle.write(b"\x00\x01\x02\x03")
    monkeypatch.setattr(model, "ENCODER_DIR", copy)
    with pytest.raises(SetupProblem, match=r"is not the one recorded .*reinstall reviewqa") as caught:
        model.encoder_dir()
    assert "\n" not in str(caught.value)


def test_a_missing_record_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(model, "ENCODER_DIR", tmp_path)
    with pytest.raises(SetupProblem, match="record .* is missing or unreadable"):
        model.encoder_dir()


def test_the_manifest_names_the_adapted_weights(review):
    identity = expected_identity(review)
    recorded = json.loads((model.ENCODER_DIR / model.ENCODER_RECORD).read_text())
    assert identity["model"]["adapted_sha256"] == recorded["weights_sha256"]
    assert identity["model"]["name"] == "sentence-transformers/all-MiniLM-L6-v2"
