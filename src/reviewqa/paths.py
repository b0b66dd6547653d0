"""Where the bundled review and the index folder are found."""

from __future__ import annotations

import os
from pathlib import Path

CORPUS_FILE_NAME = "000_8215765f11a8c15b.txt"
_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_DIR = _PACKAGE_DIR.parents[1]


def corpus_file() -> Path:
    """The review text: $REVIEWQA_CORPUS, else the checkout's corpus/, else the copy inside the wheel."""
    if os.environ.get("REVIEWQA_CORPUS"):
        return Path(os.environ["REVIEWQA_CORPUS"])
    for candidate in (_CHECKOUT_DIR / "corpus" / CORPUS_FILE_NAME, _PACKAGE_DIR / "bundled" / CORPUS_FILE_NAME):
        if candidate.is_file():
            return candidate
    return _CHECKOUT_DIR / "corpus" / CORPUS_FILE_NAME


def default_index_dir() -> Path:
    """$REVIEWQA_INDEX, else the checkout's index/, else a per-user cache folder."""
    if os.environ.get("REVIEWQA_INDEX"):
        return Path(os.environ["REVIEWQA_INDEX"])
    if (_CHECKOUT_DIR / "pyproject.toml").is_file():
        return _CHECKOUT_DIR / "index"
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return cache / "reviewqa" / "index"
