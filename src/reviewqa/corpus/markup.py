"""Turn the PDF conversion's markup ($\\beta$, <sup>+</sup>, *italic*) into readable text."""

from __future__ import annotations

import re

_LATEX = {
    r"\alpha": "α",
    r"\beta": "β",
    r"\gamma": "γ",
    r"\delta": "δ",
    r"\kappa": "κ",
    r"\mu": "μ",
    r"\leq": "≤",
    r"\geq": "≥",
    r"\le": "≤",
    r"\ge": "≥",
    r"\pm": "±",
    r"\times": "×",
    r"\%": "%",
}
_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

# The converter pads each $...$ span with one space on either side; a lone space
# next to a letter may be real, so it is kept (see `_math`).
_MATH = re.compile(r"(?P<before>(?:[ \t]{1,2}))?\$(?P<body>[^$\n]+)\$(?P<after>[ \t]{1,2})?")
_SUP = re.compile(r"\s*<sup>\s*(.*?)\s*</sup>", re.S)
_SUB = re.compile(r"<sub>\s*(.*?)\s*</sub>", re.S)
_INLINE_TAG = re.compile(r"</?(?:i|b|em|strong|u)>")
_LINK = re.compile(r"\[([^\]]+)\]\((?:https?://|www\.)[^)]*\)")
_EMPHASIS = re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1")
_SPACES = re.compile(r"[ \t\u00a0]+")


def _latex_body(body: str) -> str:
    """Replace LaTeX commands by their characters and drop the spaces between them."""
    for command in sorted(_LATEX, key=len, reverse=True):
        body = body.replace(command, _LATEX[command])
    return re.sub(r"\s+", "", body)


def _math(match: re.Match, text: str) -> str:
    body = _latex_body(match.group("body"))
    before = match.group("before") or ""
    after = match.group("after") or ""
    start, end = match.start(), match.end()
    prev_char = text[start - 1] if start > 0 else ""
    next_char = text[end] if end < len(text) else ""
    # Left pad: keep a single space after a lower-case word ("integrin β1"), else drop one.
    if len(before) == 1 and prev_char.islower():
        lead = " "
    else:
        lead = before[1:]
    # Right pad: keep a single space before a word ("β secretion"), else drop one.
    if len(after) == 1 and next_char.isalpha():
        trail = " "
    else:
        trail = after[1:]
    return lead + body + trail


def _superscript(match: re.Match) -> str:
    inner = match.group(1)
    if inner.isdigit():
        return inner.translate(_SUPERSCRIPT_DIGITS)
    return inner


def clean_markup(text: str) -> str:
    """Readable text from converted markdown: Greek letters, CD8+, no emphasis marks."""
    text = _MATH.sub(lambda m: _math(m, text), text)
    text = _SUP.sub(_superscript, text)
    text = _SUB.sub(r"\1", text)
    text = _INLINE_TAG.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _SPACES.sub(" ", text)
    return text.strip()


def normalised(text: str) -> str:
    """Text as answering phrases are matched: markup cleaned, whitespace collapsed, case-folded."""
    return re.sub(r"\s+", " ", clean_markup(text)).strip().casefold()
