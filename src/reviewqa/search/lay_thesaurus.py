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


MAX_PHRASE_WORDS = 6
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?")  # a word, with an inner apostrophe ("can't", "smoker's")


def _key(words: list[str]) -> str:
    return " ".join(words).casefold()


def _singular(key: str) -> str:
    return key[:-1] if key.endswith("s") and not key.endswith("ss") else key


# Every phrase by its words (case-folded, hyphens read as spaces), in the singular too: phrase -> entry's position.
_INDEX: dict[str, int] = {}
# The first words of every phrase ('immune', 'immune brakes'): a longer span is looked up only after its start is.
_STARTS: set[str] = set()
for _position, (_words, _phrases) in enumerate(THESAURUS):
    for _phrase in _phrases:
        _phrase_words = _TOKEN.findall(_phrase)
        _INDEX.setdefault(_key(_phrase_words), _position)
        _STARTS.update(_key(_phrase_words[:size]) for size in range(1, len(_phrase_words)))


def thesaurus_matches(text: str) -> list[tuple[str, str]]:
    """(what the user typed, the review's words) for each thesaurus entry `text` uses, in the thesaurus's order:
    whole phrases, any case, words joined by spaces or hyphens, the last word in the plural too."""
    tokens = list(_TOKEN.finditer(text))
    found: dict[int, str] = {}
    for start in range(len(tokens)):
        for size in range(1, min(MAX_PHRASE_WORDS, len(tokens) - start) + 1):
            span = tokens[start : start + size]
            if any(text[a.end() : b.start()].strip(" -") for a, b in zip(span, span[1:], strict=False)):
                break  # the words are not next to each other ('cells, which')
            key = _key([t.group() for t in span])
            position = _INDEX.get(key, _INDEX.get(_singular(key)))
            if position is not None and position not in found:
                found[position] = text[span[0].start() : span[-1].end()]
            if key not in _STARTS:
                break  # no phrase goes on from here
    return [(found[position], THESAURUS[position][0]) for position in sorted(found)]
