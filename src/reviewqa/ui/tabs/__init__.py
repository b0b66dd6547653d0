"""The app's tabs, one module each: a function that lays out the tab's components and wires their events to
the library (nothing here decides an answer, and the HTML comes from the `ui` view modules)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PRIVATE: dict[str, Any] = {"api_visibility": "private"}  # internal events: not part of the public API (only /ask is)


@dataclass(frozen=True)
class Shared:
    """Per-browser-session state that more than one tab reads or writes."""

    collection: Any  # a gr.State holding a reviewqa.writing.collection.Collection
