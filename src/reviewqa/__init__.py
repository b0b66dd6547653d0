"""reviewqa: cited retrieval over one review of the lung cancer tumor microenvironment."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Assistant", "__version__"]


def __getattr__(name: str):
    # Lazy, so `import reviewqa` (and `reviewqa --help`) stays free of numpy/faiss.
    if name == "Assistant":
        from reviewqa.search.assistant import Assistant

        return Assistant
    raise AttributeError(name)
