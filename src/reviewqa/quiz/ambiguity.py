"""Blanks a reader could not fill from the sentence, so no item is made of them: a term that is one of a list
('TAMs, _____ and Tregs'; 'spatial transcriptomics, single-cell sequencing and _____'), an example of a class
('such as _____', 'PD-1 blockade (_____)'), a bare appositive ('_____, another immune checkpoint molecule') or one
more of a class ('_____ also serve a role in …', '… and _____ further reinforce …'). Another term of the same
category fits such a blank equally."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reviewqa.quiz.checking import normalise
from reviewqa.quiz.terms import Term

_INTRO = r"(?:such\s+as|including|include[sd]?|comprising|namely)"
# 'such as _____', 'including _____', '(for example, _____': the blank is one example of a class. 'For example, TAMs
# secrete …' opening a sentence only introduces it: there the term is the sentence's subject.
_EXAMPLE = re.compile(
    rf"(?:\b{_INTRO}|(?<=\S)\s+(?:for\s+example|for\s+instance|e\.g\.),?|"
    r"\(\s*(?:for\s+example|for\s+instance|e\.g\.),?|(?<![\w-])like)\s*\(?\s*$",
    re.I,
)
# '… such as T-cell exhaustion, _____ and …': a later item of a list of examples.
_LATER_EXAMPLE = re.compile(rf"\b{_INTRO}\s+[^.;:()]{{1,80}}(?:,|,?\s+(?:and|or))\s+$", re.I)
_SEPARATOR = re.compile(r"(?:,|,?\s+(?:and|or))\s+")
_SPLIT = re.compile(r"(,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)")
_CLAUSE_START = re.compile(r"\s*(?:which|that|who|whose|where|when|while|although|as|because)\b", re.I)
_CLAUSE = re.compile(r"[;:()]|\.\s")
# '_____, another immune checkpoint molecule, …': the apposition names only the class.
_BARE_APPOSITIVE = re.compile(r"^\s*,\s*(?:another|other)\b", re.I)
# '_____ also serve a role …', '_____ may also contribute …', '_____, while …, can also …': one more of a class
# (a relative clause between, '_____, which targets Trop-2, has also …', names the term: kept).
_ONE_MORE = re.compile(
    r"^\s*(?:,\s*(?:while|although|though|like)\b[^,]{0,80},)?\s*"
    r"(?:may|can|could|might|has|have|had|is|are|was|were|will)?\s*(?:also|further)\b",
    re.I,
)

LIST_ITEM_WORDS = 4  # a list's items are short: 'stromal components', 'single-cell sequencing'
BLANK_EXTRA_WORDS = 2  # the blank's own item may carry a word or two: '_____ cells', '_____ blockade'


def ambiguous(sentence: str, term: Term, candidates: Sequence[Term]) -> bool:
    """Whether blanking `term` in `sentence` leaves a blank that another term of its category fits equally.

    `candidates` are the sentence's key terms (`TermFinder.candidates`): two items ('PD-1 and _____') make a list
    when they are of one category. A numbered series ('ILC1s, _____ and ILC3s') is kept: its order gives the answer.
    """
    before, after = sentence[: term.start], sentence[term.end :]
    if _series_item(sentence, term, candidates):
        return False
    if _EXAMPLE.search(before) or _LATER_EXAMPLE.search(before):
        return True
    if _BARE_APPOSITIVE.match(after) or _ONE_MORE.match(after):
        return True
    if before.rstrip().endswith("(") and after.lstrip().startswith(")"):
        return True  # 'neoadjuvant PD-1 blockade (_____)': an example of the class before it
    peers = [c for c in candidates if c.category is term.category and c.start != term.start]
    return any(_joined(sentence, p, term) or _joined(sentence, term, p) for p in peers) or _in_list(before, after)


def _joined(sentence: str, first: Term, second: Term) -> bool:
    """`first` and `second` are neighbours in a list: 'A, B', 'A and B', 'A, and B', 'A or B'."""
    if first.end > second.start:
        return False
    return _SEPARATOR.fullmatch(sentence[first.end : second.start]) is not None


def _in_list(before: str, after: str) -> bool:
    """The blank is an item of a list of three or more short items in its clause, joined by 'and' or 'or' at least
    once ('A, B, _____ and C'; not the commas of an apposition, 'Another ADC, _____, which targets Trop-2')."""
    head = _SPLIT.split(_CLAUSE.split(before)[-1])  # item, separator, item, …, the blank's own left part
    tail = _SPLIT.split(_CLAUSE.split(after)[0])  # the blank's own right part, separator, item, …
    if len(f"{head[-1]} {tail[0]}".split()) > BLANK_EXTRA_WORDS:
        return False
    items, joins = 1, list[str]()
    for position in range(len(head) - 3, -1, -2):  # leftwards: each item and the separator after it
        if not _short_item(head[position], strip_intro=True):
            break
        items, joins = items + 1, [*joins, head[position + 1]]
    for position in range(2, len(tail), 2):  # rightwards: each item and the separator before it
        if not _short_item(tail[position]):
            break
        items, joins = items + 1, [*joins, tail[position - 1]]
    return items >= 3 and any(re.search(r"\b(?:and|or)\b", join) for join in joins)


def _short_item(part: str, strip_intro: bool = False) -> bool:
    """A list item: one to four words, not a clause ('which targets Trop-2')."""
    if strip_intro:
        part = re.sub(rf"^\s*{_INTRO}\s+", "", part, flags=re.I)
    words = part.split()
    return 0 < len(words) <= LIST_ITEM_WORDS and not _CLAUSE_START.match(part)


def _series_item(sentence: str, term: Term, candidates: Sequence[Term]) -> bool:
    """'ILC1s, _____ and ILC3s', 'M1 and _____': the blank's neighbours are the same name but for its number."""
    neighbours = [c for c in candidates if _joined(sentence, c, term) or _joined(sentence, term, c)]
    return bool(neighbours) and all(_series(c.text, term.text) for c in neighbours)


def _series(peer: str, answer: str) -> bool:
    return re.sub(r"\d+", "#", normalise(peer)) == re.sub(r"\d+", "#", normalise(answer)) and peer != answer
