"""Where the study store lives: --data-dir, else $REVIEWQA_DATA_DIR, else the user's data folder (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "reviewqa"
DATABASE_NAME = "reviewqa.db"
DATA_DIR_VARIABLE = "REVIEWQA_DATA_DIR"


def data_folder(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: `explicit`, else $REVIEWQA_DATA_DIR, else ~/.local/share/reviewqa (Linux),
    ~/Library/Application Support/reviewqa (macOS) or %LOCALAPPDATA%\\reviewqa (Windows)."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(DATA_DIR_VARIABLE):
        return Path(os.environ[DATA_DIR_VARIABLE]).expanduser()
    return Path(user_data_dir(APP_NAME, appauthor=False))
