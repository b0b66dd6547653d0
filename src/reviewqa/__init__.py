"""reviewqa: cited retrieval over one review of the lung cancer tumor microenvironment.

The public API: `Assistant` (search the review), the error tree in `reviewqa.errors`, and the records in
`reviewqa.records` (choices in `reviewqa.choices`). See docs/GUIDE.md "How it works" for the subpackages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reviewqa.version import __version__

if TYPE_CHECKING:
    from reviewqa.search.assistant import Assistant

__all__ = ["Assistant", "__version__"]


def __getattr__(name: str) -> Any:
    # Lazy, so `import reviewqa` (and `reviewqa --help`) stays free of numpy/faiss.
    if name == "Assistant":
        from reviewqa.search.assistant import Assistant

        return Assistant
    raise AttributeError(name)
