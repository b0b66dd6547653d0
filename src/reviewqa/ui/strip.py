"""Where in the review: an inline SVG strip of the seven numbered sections under an answer, each shaded by the
share of the shown passages' relevance that falls in it. A segment is a button (the page's script sends its number
to the Ask tab, which searches the question again in that section only); its title and aria-label carry the
numbers. Drawn here, on the server: no chart library, no script to draw it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reviewqa.search.results import Hit
from reviewqa.ui.cards import esc

HEIGHT, GAP = 32, 0.6  # px; % of the width between segments
LIGHTEST = 0.08  # a section with none of the relevance is still drawn, faintly
_NUMBERED = re.compile(r"^(\d+)\. ")


@dataclass(frozen=True)
class SectionShare:
    """One numbered top-level section: its number, heading, share of the relevance and passages shown from it."""

    number: str
    heading: str
    share: float
    passages: int

    @property
    def label(self) -> str:
        passages = f"{self.passages} passage{'s' if self.passages != 1 else ''}"
        return f"{self.heading}: {round(100 * self.share)}% of the shown passages' relevance ({passages})"


def section_shares(hits: Sequence[Hit], sections: Sequence[str]) -> list[SectionShare]:
    """The share of the hits' summed relevance in each numbered section ('1. Introduction' … '7. Conclusion')."""
    numbered = [s for s in sections if _NUMBERED.match(s)]
    total = sum(max(0.0, hit.score) for hit in hits) or 1.0
    shares = []
    for heading in numbered:
        mine = [hit for hit in hits if hit.chunk.top_section == heading]
        number = _NUMBERED.match(heading).group(1)  # type: ignore[union-attr]
        shares.append(SectionShare(number, heading, sum(max(0.0, h.score) for h in mine) / total, len(mine)))
    return shares


def section_strip(hits: Sequence[Hit], sections: Sequence[str]) -> str:
    """The strip as one line of escaped HTML (empty without hits)."""
    shares = section_shares(hits, sections)
    if not hits or not shares:
        return ""
    width = (100 - GAP * (len(shares) - 1)) / len(shares)  # percentages: the strip fits any screen, text unscaled
    segments = []
    for position, share in enumerate(shares):
        x = position * (width + GAP)
        opacity = LIGHTEST + (1 - LIGHTEST) * share.share
        ink = "rq-strip-ink-light" if share.share >= 0.45 else "rq-strip-ink"
        segments.append(
            f'<g class="rq-strip-seg rq-strip-{share.number}" role="button" tabindex="0" aria-label="{esc(share.label)}'
            f'. Search this section only.">'
            f"<title>{esc(share.label)} · click to search this section only</title>"
            f'<rect x="{x:.2f}%" y="0" width="{width:.2f}%" height="{HEIGHT}" rx="4" class="rq-strip-cell"/>'
            f'<rect x="{x:.2f}%" y="0" width="{width:.2f}%" height="{HEIGHT}" rx="4" class="rq-strip-fill" '
            f'fill-opacity="{opacity:.2f}"/>'
            f'<text x="{x + width / 2:.2f}%" y="{HEIGHT / 2 + 5:.0f}" text-anchor="middle" class="{ink}">'
            f'§{esc(share.number)}<tspan class="rq-strip-pct"> {round(100 * share.share)}%</tspan></text></g>'
        )
    summary = "; ".join(f"section {s.number} {round(100 * s.share)}%" for s in shares)
    title = f"Share of the shown passages' relevance by section: {summary}"
    return (
        '<div class="rq-strip"><div class="rq-label">Where in the review (click a section to search only there)</div>'
        f'<svg class="rq-strip-svg" width="100%" height="{HEIGHT}" role="group" '
        f'aria-label="{esc(title)}"><title>{esc(title)}</title>{"".join(segments)}</svg></div>'
    )
