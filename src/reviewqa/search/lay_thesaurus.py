"""A second, broader thesaurus of lay wording: how a student or a patient's relative says what the review names
('before surgery' -> neoadjuvant, 'worn out' T cells -> exhaustion, 'good or bad' -> dual role).

Written from the review alone by a helper who saw neither the code nor any question set, then cut by hand to
phrases that stand for one concept (generic ones such as 'does it work' or 'new treatments' were dropped, and
so were phrases for topics the review leaves out: search.scope must keep flagging those). Every review word is
checked against the review and no lay phrase occurs in it (tests/unit/search/test_lay_thesaurus.py). A second
helper, again from the review alone, added 963 phrases and 111 concepts (cells, molecules, drugs and methods in
everyday words: 'garbage-eating cells', 'the malaria drug'); those that occur in the review were dropped.

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


_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?")  # a word, with an inner apostrophe ("can't", "smoker's")


_AMERICAN = re.compile(r"^(tum|col|fav|flav|lab|harb|behavi|hum|neighb)our(s?)$")


def _word(token: str) -> str:
    """A word as phrases are keyed: case-folded and in the singular ('Cells' -> 'cell')."""
    word = _AMERICAN.sub(r"\1or\2", token.casefold())  # 'tumour' is keyed as the review spells it, 'tumor'
    return word[:-1] if len(word) > 2 and word.endswith("s") and not word.endswith("ss") else word


# Every phrase by its words (case-folded, singular, hyphens read as spaces) -> its entry's position.
_INDEX: dict[str, int] = {}
# The first words of every phrase ('immune', 'immune brake'): a longer span is looked up only after its start is.
_STARTS: set[str] = set()
for _position, (_words, _phrases) in enumerate(THESAURUS):
    for _phrase in _phrases:
        _phrase_words = [_word(t) for t in _TOKEN.findall(_phrase)]
        _INDEX.setdefault(" ".join(_phrase_words), _position)
        _STARTS.update(" ".join(_phrase_words[:size]) for size in range(1, len(_phrase_words)))


def thesaurus_matches(text: str) -> list[tuple[str, str]]:
    """(what the user typed, the review's words) for each thesaurus entry `text` uses, in the thesaurus's order:
    whole phrases, any case, words joined by spaces or hyphens, in the singular or plural, with at most one
    extra word inside ('garbage-eating immune cells' is 'garbage eating cells')."""
    tokens = list(_TOKEN.finditer(text))
    words = [_word(t.group()) for t in tokens]
    # next_to[i]: token i+1 follows token i with only spaces or hyphens between ('cells, which' is two phrases)
    next_to = [not text[a.end() : b.start()].strip(" -'‘’\"“”") for a, b in zip(tokens, tokens[1:], strict=False)]
    found: dict[int, str] = {}

    def walk(first: int, at: int, key: str, skipped: bool) -> None:
        key = f"{key} {words[at]}" if key else words[at]
        position = _INDEX.get(key)
        if position is not None and position not in found:
            found[position] = text[tokens[first].start() : tokens[at].end()]
        if key not in _STARTS or at + 1 >= len(tokens) or not next_to[at]:
            return  # no phrase goes on from here
        walk(first, at + 1, key, skipped)
        if not skipped and at + 2 < len(tokens) and next_to[at + 1]:
            walk(first, at + 2, key, True)  # one word passed over

    for start in range(len(tokens)):
        walk(start, start, "", False)
    return [(found[position], THESAURUS[position][0]) for position in sorted(found)]
