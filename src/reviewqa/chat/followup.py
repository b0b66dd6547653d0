"""Read a short follow-up ("and for immunotherapy?", "what about CAFs?") in the context of the previous question."""

from __future__ import annotations

import re
from dataclasses import dataclass

# "what about X", "how about X", "and X", "and for X", "same for X", "what of X" (a leading "and"/"but" allowed).
_MARKER = re.compile(
    r"^\s*(?:(?:and|but|or|also|so)[\s,]+)?(?:(?:what|how)\s+about|what\s+of|same\s+(?:for|with)|ditto\s+for)\s+(?P<focus>.+)$"
    r"|^\s*(?:and|but|or|also)[\s,]+(?P<tail>.+)$",
    re.I,
)
# After "and ...": a full question of its own is read on its own ("and how do TAMs suppress T cells?").
_QUESTION_START = re.compile(
    r"^(?:what|how|why|which|who|whom|whose|when|where|do|does|did|is|are|was|were|can|could|should|would|will|has|have)\b",
    re.I,
)
_PREPOSITION = re.compile(
    r"^(?P<prep>for|with|in|on|against|to|by|under|during|after|before|from|of)\s+(?P<rest>.+)$", re.I
)
_SETTING_PREPOSITIONS = frozenset({"in", "during", "under", "after", "before"})
_PRONOUN = re.compile(r"\b(?:they|them|their|it|its|these|those)\b", re.I)
# A named entity: a word with two capitals, or a capital and a digit: EGFR-TKI, CAFs, ICIs, PD-L1, T790M, CD8+.
_ENTITY = re.compile(r"(?<![\w-])(?=[\w+-]*[A-Z][\w+-]*[A-Z0-9])[A-Za-z0-9][\w+-]*(?![\w-])")
MAX_FOLLOWUP_WORDS = 8  # longer messages are questions of their own


@dataclass(frozen=True)
class Reading:
    """The question as searched, and whether it was read as a follow-up of the previous one."""

    question: str
    followup: bool = False


def entities(text: str) -> list[str]:
    """Named entities of a question, in order: 'How do CAFs block drug delivery?' -> ['CAFs']."""
    return [m.group() for m in _ENTITY.finditer(text) if not m.group().isdigit()]


def _strip_end(text: str) -> str:
    return text.strip().rstrip("?.!").strip()


def _substitute(previous: str, focus: str) -> str:
    """The previous question with its topic replaced by `focus` ('for immunotherapy', 'TAMs', 'with chemotherapy')."""
    base = _strip_end(previous)
    prep = _PREPOSITION.match(focus)
    if prep:
        # "...ICIs with anti-angiogenic therapy" + "with chemotherapy" -> "...ICIs with chemotherapy"
        same = list(re.finditer(rf"\b{re.escape(prep.group('prep'))}\b", base, re.I))
        if same:
            return f"{base[: same[-1].start()]}{focus}?"
        if prep.group("prep").casefold() in _SETTING_PREPOSITIONS:
            return f"{base} {focus}?"  # a setting narrows the question: "... in SCLC?"
        focus = prep.group("rest")
    named = entities(base)
    if named:
        first = re.search(rf"(?<![\w-]){re.escape(named[0])}(?![\w-])", base)
        if first is not None:  # `entities` found it there
            return f"{base[: first.start()]}{focus}{base[first.end() :]}?"
    words = base.rsplit(" ", 1)
    return f"{words[0]} {focus}?" if len(words) == 2 else f"{base} {focus}?"


def read_in_context(message: str, previous: str | None) -> Reading:
    """`message` as a standalone question, rewritten from `previous` when it is a short follow-up."""
    text = message.strip()
    if not previous or not text or len(text.split()) > MAX_FOLLOWUP_WORDS:
        return Reading(text)
    match = _MARKER.match(text)
    if match:
        focus = _strip_end(match.group("focus") or match.group("tail") or "")
        if focus and not (match.group("tail") and _QUESTION_START.match(focus)):
            return Reading(_substitute(previous, focus), followup=True)
    named = entities(previous)
    if _PRONOUN.search(text) and named and not entities(text):
        return Reading(_PRONOUN.sub(named[0], text, count=1), followup=True)
    return Reading(text)
