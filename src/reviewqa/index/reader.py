"""The reader at run time: a cross-encoder that reads a question and one candidate sentence together and says how
well the sentence answers it (0..1), as an ONNX graph under onnxruntime, tokenised by `tokenizers` (no torch).

The model is trained by `reviewqa train-reader` (reviewqa.index.reader_train) and committed beside its manifest
(bundled/reader.json: the training data's hash, base model, seed, settings, the ONNX file's sha256); opening it
verifies that sha256, like every index file.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from reviewqa.errors import IndexUnusable
from reviewqa.index.encoder import onnx_session
from reviewqa.index.folder import file_sha256

READER_ONNX = "reader.onnx"
READER_MANIFEST = "reader.json"
READER_TOKENIZER = "reader_tokenizer.json"  # MiniLM's word pieces cut to the review's (reviewqa.index.reader_vocab)
CACHE_SIZE = 16384  # (question, sentence) scores kept: search, compose and the flag read the same pairs


def reader_dir() -> Path:
    """Where the committed reader lives: the package's bundled/ folder."""
    return Path(__file__).resolve().parents[1] / "bundled"


def read_reader_manifest(folder: Path | None = None) -> dict:
    """The reader's manifest; IndexUnusable when it is missing or unreadable."""
    path = (folder or reader_dir()) / READER_MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexUnusable(f"the reader's manifest {path} is unreadable ({type(exc).__name__})") from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("onnx_sha256"), str):
        raise IndexUnusable(f"the reader's manifest {path} has no onnx_sha256")
    return manifest


def reader_available(folder: Path | None = None) -> bool:
    return ((folder or reader_dir()) / READER_ONNX).is_file()


class Reader:
    """Scores (question, sentence) pairs; thread-safe; recent scores cached."""

    def __init__(self, folder: Path | None = None, threads: int | None = None):
        from tokenizers import Tokenizer

        folder = folder or reader_dir()
        self.manifest = read_reader_manifest(folder)
        onnx_path = folder / READER_ONNX
        tokenizer_path = folder / READER_TOKENIZER
        for path, key in ((onnx_path, "onnx_sha256"), (tokenizer_path, "tokenizer_sha256")):
            if not path.is_file() or file_sha256(path) != self.manifest.get(key):
                raise IndexUnusable(
                    f"the reader's file {path} is missing or does not match its sha256 in {READER_MANIFEST}; "
                    "reinstall reviewqa or rerun `reviewqa train-reader`"
                )
        tokenizer = Tokenizer.from_file(str(tokenizer_path))
        tokenizer.enable_truncation(int(self.manifest["max_length"]))
        tokenizer.enable_padding()
        self._tokenizer = tokenizer
        self._session = onnx_session(onnx_path, threads)
        self._cache: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._lock = threading.Lock()

    def forget(self) -> None:
        """Empty the score cache (benchmarks: time the model, not the cache)."""
        with self._lock:
            self._cache.clear()

    def logits(self, question: str, candidates: Sequence[str]) -> np.ndarray:
        """The model's raw scores (one per candidate), uncached."""
        if not candidates:
            return np.zeros(0, dtype=np.float32)
        encodings = self._tokenizer.encode_batch([(question, c) for c in candidates])
        feeds = {
            "input_ids": np.asarray([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.asarray([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.asarray([e.type_ids for e in encodings], dtype=np.int64),
        }
        return self._session.run(None, feeds)[0].reshape(-1).astype(np.float32)

    def scores(self, question: str, candidates: Sequence[str]) -> np.ndarray:
        """How well each candidate answers `question`: a probability (sigmoid of the logit), cached."""
        with self._lock:
            known = {c: self._cache[(question, c)] for c in candidates if (question, c) in self._cache}
        missing = list(dict.fromkeys(c for c in candidates if c not in known))
        if missing:
            fresh = 1.0 / (1.0 + np.exp(-self.logits(question, missing)))
            with self._lock:
                for candidate, score in zip(missing, fresh.tolist(), strict=True):
                    known[candidate] = score
                    self._cache[(question, candidate)] = score
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return np.asarray([known[c] for c in candidates], dtype=np.float32)
