"""Query embeddings without torch: the exported ONNX graph under onnxruntime, tokenised by `tokenizers`."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from reviewqa.errors import UsageError
from reviewqa.model import MAX_WORD_PIECES, model_dir

# Benchmarks only: REVIEWQA_QUERY_ENCODER=sentence-transformers makes a process embed queries the heavy way,
# so the light path can be timed against it in the same run. Unset (or "onnx"), the ONNX graph is used.
ENCODER_VARIABLE = "REVIEWQA_QUERY_ENCODER"


def requested_encoder() -> str:
    """'onnx' (always, outside benchmarks) or 'sentence-transformers', from ENCODER_VARIABLE."""
    choice = os.environ.get(ENCODER_VARIABLE, "onnx")
    if choice not in ("onnx", "sentence-transformers"):
        raise UsageError(f"{ENCODER_VARIABLE} must be 'onnx' or 'sentence-transformers', not '{choice}'")
    return choice


def onnx_session(onnx_path: Path, threads: int | None = None):
    """An onnxruntime CPU session of the graph, quiet, on `threads` threads (default: up to 2)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    # Two threads halve a query's forward pass (3 ms instead of 5.5 ms on 2 cores); more buy nothing.
    options.intra_op_num_threads = threads or min(2, os.cpu_count() or 1)
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])


class OnnxQueryEncoder:
    """Same vectors as sentence-transformers' all-MiniLM-L6-v2 (cosine ≥ 0.999), a fraction of the start-up."""

    def __init__(self, onnx_path: Path, threads: int | None = None):
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
        # The bundled tokenizer.json pads every input to 128 tokens; a query needs only its own.
        tokenizer.no_padding()
        tokenizer.enable_truncation(MAX_WORD_PIECES)
        self._tokenizer = tokenizer
        self._session = onnx_session(onnx_path, threads)

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        rows = [self._encode_one(text) for text in texts]
        return np.vstack(rows) if rows else np.zeros((0, 384), dtype=np.float32)

    def _encode_one(self, text: str) -> np.ndarray:
        encoding = self._tokenizer.encode(text)
        ids = np.asarray([encoding.ids], dtype=np.int64)
        feeds = {
            "input_ids": ids,
            "attention_mask": np.ones_like(ids),
            "token_type_ids": np.asarray([encoding.type_ids], dtype=np.int64),
        }
        return self._session.run(None, feeds)[0].astype(np.float32)


class SentenceTransformerQueryEncoder:
    """The heavy reference path (torch): used to build, to prove equivalence and to benchmark against."""

    def __init__(self, model=None):
        from reviewqa.index.embed import load_sentence_transformer

        self._model = model or load_sentence_transformer()

    def encode(self, texts: list[str]) -> np.ndarray:
        from reviewqa.index.embed import embed_texts

        return embed_texts(self._model, texts)
