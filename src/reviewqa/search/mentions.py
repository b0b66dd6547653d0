"""What an answer's sentences name, in reading order, and what a follow-up's "the second one" names among them.

"The second ones" after an answer saying "immune cells, including TAMs, MDSCs and Tregs" means MDSCs; "the first
drug" the first drug the answer's sentences name; "that second study" the second study they name (Ott et al, a
table row's first author). The names are the review's own: its glossary's abbreviations (a long form followed by its
abbreviation counts as the abbreviation: 'programmed death-ligand 1 (PD-L1)'), the named things of its text (two
capitals or a capital and a digit: PD-L1, KRAS, CHECKMATE-227), drugs by their international nonproprietary names'
stems (nivolumab, osimertinib, cisplatin) and studies by their authors. A list is names joined by commas, 'and' or
'or'; the ordinal reads the list the noun after it names (the names the review calls 'factors'), else the first list
long enough, else the names in reading order.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from reviewqa.corpus.glossary import Glossary
from reviewqa.search.context import entities
from reviewqa.search.history import EarlierTurn
from reviewqa.search.query import MAX_QUERY_CHARS
from reviewqa.search.vocabulary import english_zipf

# International nonproprietary name stems of the drugs a review of lung cancer treatment names.
_DRUG = re.compile(
    r"\b[a-z]{3,}(?:mab|tinib|rafenib|ciclib|rasib|parib|lisib|platin|taxel|tecan|citabine|rubicin|trexed)\b", re.I
)
_STUDY = re.compile(r"\b([A-Z][\w'-]+)\s+\*?et al\b|First author, year:\s*([A-Z][\w'-]+)")
_MIXED = re.compile(r"^(?=[\w+-]*\d)(?=[\w+-]*[A-Z])[\w+-]+$")  # m6A, ac4C: a digit and a capital in any order
_JOINED_WORD = re.compile(r"([A-Za-z][a-z-]{3,})(?:,\s+|,?\s+and\s+|,?\s+or\s+)$")  # 'Integrins and MMPs'
RARE_ZIPF = 3.5  # a word this rare in English joined to a name is a name of a list ('integrins'), not 'cells'
_JOINED = re.compile(r"^(?:,|,?\s*and|,?\s*or|,\s*as\s+well\s+as)$")  # between two names, trimmed
_STUDY_NOUNS = frozenset("study studies trial trials paper papers group groups team author authors".split())
_DRUG_NOUNS = frozenset("drug drugs agent agents inhibitor inhibitors antibody antibodies medicine medicines".split())
_ONE_WORDS = frozenset({"", "one", "ones"})
# "the second one", "that first study", "the latter": the place it names and the noun after it
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "former": 1, "latter": -1, "last": -1}
_ORDINAL = re.compile(rf"\b(?:the|that|this)\s+(?P<word>{'|'.join(_ORDINALS)})(?:\s+(?P<noun>[a-z][\w-]*))?\b", re.I)
_NOT_A_THING = frozenset({"time", "place", "line", "step", "half", "author", "year"})


def ordinal_match(message: str) -> re.Match[str] | None:
    """Where a message points at an item by its place ('the second one'); None if it does not."""
    for match in _ORDINAL.finditer(message):
        if (match.group("noun") or "").casefold() not in _NOT_A_THING:
            return match
    return None


def ordinal(message: str) -> int | None:
    """The item a message points at by its place: 'the second one' -> 2, 'the latter' -> -1; None if none."""
    match = ordinal_match(message)
    return _ORDINALS[match.group("word").casefold()] if match else None


class MentionKind(Enum):
    NAME = "name"  # a glossary abbreviation or a named thing (PD-L1, KRAS, CHECKMATE-227)
    DRUG = "drug"  # a drug by its international nonproprietary name (nivolumab)
    STUDY = "study"  # a study by its first author (Ott et al; a table row's first author)


@dataclass(frozen=True)
class Mention:
    """A name in an answer's text: the name, where its words start and end in the sentence, what it is."""

    name: str
    start: int
    end: int
    kind: MentionKind = MentionKind.NAME


def sentence_mentions(text: str, glossary: Glossary) -> list[Mention]:
    """The names of one sentence in reading order (a long form followed by '(ABBR)' spans both)."""
    found: dict[int, Mention] = {}
    for match in re.finditer(r"(?<![\w-])[\w+-]*[A-Za-z][\w+-]*(?![\w-])", text):
        word = match.group()
        if entities(word) == [word] or _MIXED.match(word) or glossary.abbreviation(word) is not None:
            start = _long_form_start(text, match.start(), word, glossary)
            found[match.start()] = Mention(word, start, match.end())
            joined = _JOINED_WORD.search(text[:start])
            if joined and joined.start() not in found and english_zipf(joined.group(1)) < RARE_ZIPF:
                found[joined.start()] = Mention(joined.group(1), joined.start(), joined.end(1))
    for match in _DRUG.finditer(text):
        found[match.start()] = Mention(match.group().casefold(), match.start(), match.end(), MentionKind.DRUG)
    for match in _STUDY.finditer(text):
        name = match.group(1) or match.group(2)
        found = {k: m for k, m in found.items() if not (match.start() <= m.start < match.end())}
        found[match.start()] = Mention(name, match.start(), match.end(), MentionKind.STUDY)
    return [found[k] for k in sorted(found)]


def _long_form_start(text: str, start: int, abbr: str, glossary: Glossary) -> int:
    """Where the long form before '(ABBR)' starts ('programmed death-ligand 1 (PD-L1)'); `start` when there is none."""
    entry = glossary.abbreviation(abbr)
    before = text[:start]
    if entry is None or not before.endswith("("):
        return start
    for long_form in entry.long_forms:
        head = before[:-1].rstrip()
        if head.casefold().endswith(long_form.casefold()):
            return len(head) - len(long_form)
    return start


def lists(text: str, mentions: Sequence[Mention]) -> list[list[Mention]]:
    """The runs of names joined by commas, 'and' or 'or' in one sentence (two names or more), in reading order."""
    runs: list[list[Mention]] = []
    for mention in mentions:
        if runs and _JOINED.match(text[runs[-1][-1].end : mention.start].strip().strip("()")):
            runs[-1].append(mention)
        else:
            runs.append([mention])
    return [run for run in runs if len(run) > 1]


def ordinal_name(
    place: int,
    noun: str,
    sentences: Sequence[str],
    glossary: Glossary,
    kinds: Mapping[str, frozenset[str]],
    *,
    studies: bool = False,
    common: frozenset[str] = frozenset(),
) -> Mention | None:
    """The name the `place`-th ('the second' = 2, 'the last' = -1) `noun` of `sentences` stands for: of the studies
    or drugs for a noun saying so (or 'the second one' when `studies` were asked for), else of the list naming what
    the review calls a `noun` (for 'one': of the first sentence's list), else of the names in reading order that
    the review calls a `noun`; None if the sentences name too few."""
    noun = noun.casefold()
    per_sentence = [(text, sentence_mentions(text, glossary)) for text in sentences]
    every = [m for _, found in per_sentence for m in found]
    kind = MentionKind.STUDY if noun in _STUDY_NOUNS or (studies and noun in _ONE_WORDS) else None
    kind = MentionKind.DRUG if noun in _DRUG_NOUNS else kind
    if kind is not None:
        found = _nth([m for m in every if m.kind is kind], place)
        if found is not None or kind is MentionKind.DRUG or noun not in _ONE_WORDS:
            return found
    one = noun in _ONE_WORDS  # 'the second one': a list the answer opens with, else the answer's second passage
    runs = [(text, run) for text, found in per_sentence[: 1 if one else None] for run in lists(text, found)]
    called = kinds.get(_singular(noun), frozenset()) if not one else frozenset()
    headed = re.compile(rf"\b{re.escape(_singular(noun))}s?\b[^.;]{{0,30}}$", re.I)  # 'factors such as …'
    named = [run for text, run in runs if not one and headed.search(text[: run[0].start])]
    named += [run for _, run in runs if called and any(m.name in called for m in run)]
    for run in [*named, *(run for _, run in runs)]:
        if len(run) >= abs(place):
            return _nth(run, place)
    if not called:
        return None  # 'the first subtype' with no list: a word the review calls nothing by
    return _nth([m for m in every if m.name not in common and m.name in called], place)


def _nth(mentions: Sequence[Mention], place: int) -> Mention | None:
    """The `place`-th of the names (each once, in order); None when there are fewer."""
    first: dict[str, Mention] = {}
    for mention in mentions:
        first.setdefault(mention.name, mention)
    once = list(first.values())
    return once[place - 1 if place > 0 else place] if 0 < abs(place) <= len(once) else None


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


RESOLVED = 256  # follow-ups whose names are kept (a few per conversation)
_ASKS_STUDIES = re.compile(r"\b(?:trials?|stud(?:y|ies)|papers?|groups?|who)\b", re.I)


class Naming:
    """What 'the first one' of a follow-up names: of the previous question's own list, else of the previous
    answer's sentences as shown."""

    def __init__(self, glossary: Glossary, kinds: Mapping[str, frozenset[str]], common: frozenset[str]):
        self.glossary, self.kinds, self.common = glossary, kinds, common
        # one follow-up asks these several times (its prior, reading, pointed passage, label): each read once
        self._listed = functools.lru_cache(maxsize=RESOLVED)(self._listed_in)
        self._named = functools.lru_cache(maxsize=RESOLVED)(self._named_in)

    def listed(self, turns: Sequence[EarlierTurn], message: str) -> str:
        """'the first one' after 'What did the CHECKMATE-227 and KEYNOTE-024 trials establish?' -> 'CHECKMATE-227'."""
        return self._listed(turns[-1].question if turns else "", message)

    def _listed_in(self, asked: str, message: str) -> str:
        place = ordinal(message)
        mentions = sentence_mentions(asked if place is not None else "", self.glossary)
        named = _nth(mentions, place or 0)
        return named.name if named is not None and len({m.name for m in mentions}) > 1 else ""

    def name(self, turns: Sequence[EarlierTurn], message: str) -> Mention | None:
        """The name 'the second ones' stands for among the previous answer's sentences as shown ('MDSCs' after '…
        including TAMs, MDSCs and Tregs'; a study after a question asking for studies); None when the message points
        at no place, the previous question names that many things itself, or the sentences are not known."""
        if not turns or not turns[-1].answer_sentences:
            return None
        return self._named(turns[-1].question, turns[-1].answer_sentences, message)

    def _named_in(self, asked: str, sentences: tuple[str, ...], message: str) -> Mention | None:
        match = ordinal_match(message)
        if match is None or self._listed(asked, message):
            return None
        place, noun = _ORDINALS[match.group("word").casefold()], match.group("noun") or ""
        studies = _ASKS_STUDIES.search(asked) is not None
        return ordinal_name(place, noun, sentences, self.glossary, self.kinds, studies=studies, common=self.common)

    def label(self, turns: Sequence[EarlierTurn], message: str) -> str:
        """What 'the first one' names when it is a name, not a study: of the previous question's list, else of the
        previous answer's sentences; '' when neither."""
        named = self.name(turns, message)
        return self.listed(turns, message) or (
            named.name if named is not None and named.kind is not MentionKind.STUDY else ""
        )


def named_text(message: str, named: str, place: re.Match[str]) -> str:
    """'how do the second ones shut down T cells?' with the name: 'how do MDSCs shut down T cells?'."""
    return f"{message[: place.start()]}{named}{message[place.end() :]}"[:MAX_QUERY_CHARS].rstrip()
