"""The errors reviewqa reports to users in one line: the CLI and the app catch this base class."""

from __future__ import annotations


class ReviewqaError(Exception):
    """A problem the user can fix; its message says how."""
