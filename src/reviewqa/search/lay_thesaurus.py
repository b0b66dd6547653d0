"""A second, broader thesaurus of lay wording: how a student or a patient's relative says what the review names
('before surgery' -> neoadjuvant, 'worn out' T cells -> exhaustion, 'good or bad' -> dual role).

Written from the review alone by a helper who saw neither the code nor any question set, then cut by hand to
phrases that stand for one concept (generic ones such as 'does it work' or 'new treatments' were dropped, and
so were phrases for topics the review leaves out: search.scope must keep flagging those). Every review word is
checked against the review and no lay phrase occurs in it (tests/unit/search/test_lay_thesaurus.py).

A technique of its own (`--without thesaurus`), used like search.lay_terms: a match adds the review's words to
BM25 at half weight and beside the question for the embedding model.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# (the review's words, the lay phrases that mean them), from lay_thesaurus.json beside this module
THESAURUS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (entry["review_words"], tuple(entry["lay"]))
    for entry in json.loads(Path(__file__).with_name("lay_thesaurus.json").read_text(encoding="utf-8"))
)


def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Whole phrases, any case, words joined by spaces or hyphens, the last word in the plural too."""
    alternatives = [r"[\s-]+".join(re.escape(word) for word in phrase.split()) + "s?" for phrase in phrases]
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])", re.I)


_PATTERNS = tuple((_pattern(phrases), words) for words, phrases in THESAURUS)


def thesaurus_matches(text: str) -> list[tuple[str, str]]:
    """(what the user typed, the review's words) for each thesaurus entry `text` uses, in the thesaurus's order."""
    found = []
    for pattern, words in _PATTERNS:
        match = pattern.search(text)
        if match:
            found.append((match.group(), words))
    return found
