"""Abbreviation legends printed under tables and figures ('CAFs, cancer-associated fibroblasts; …')."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Legend:
    """An abbreviation list printed under a table or figure ('CAFs, cancer-associated fibroblasts; …')."""

    source: str
    text: str


def is_abbreviation_legend(text: str) -> bool:
    """True for 'ABBR, long form; ABBR, long form; …' lists."""
    parts = [p.strip() for p in text.rstrip(".").split(";")]
    if len(parts) < 2:
        return False
    shaped = [_is_legend_item(p) for p in parts]
    return shaped[0] and sum(shaped) >= 0.8 * len(parts)


def _is_legend_item(item: str) -> bool:
    abbr = re.match(r"^(\S+), \S", item)
    return abbr is not None and len(abbr.group(1)) <= 16 and any(c.isupper() for c in abbr.group(1))


def split_figure_legend(caption: str) -> tuple[str, str]:
    """Split a figure caption from the abbreviation list that ends it."""
    for match in re.finditer(r"[.)]\s+(?=\S)", caption):
        rest = caption[match.end() :]
        if is_abbreviation_legend(rest):
            return caption[: match.start() + 1].strip(), rest.strip()
    return caption.strip(), ""
