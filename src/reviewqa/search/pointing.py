"""What a follow-up points at in an earlier answer beyond "it", and what it asks that the passage shown did not say.

- "that cytokine", "that ligand", "that matrix", "these fibroblasts": the named thing of the earlier answer the review
  calls so, learned from the review itself — a glossary long form holding the word ('ECM' = 'extracellular matrix',
  'CAFs' = 'cancer-associated fibroblasts'), a list it heads ('cytokines (for example, IL-6 and TNF-α)', 'cytokines
  such as IL-10 and TGF-β') or the word right before the name ('its ligand FGL1'); nothing for a word the review never
  uses of a name ('that approach').
- "any numbers on that?", "how safe was it?", "who found that?", "what phase was it?", "what's the molecular mechanism
  behind that?": the passages near the earlier answer that hold figures, safety findings, a citing study, a trial
  phase or (a study table's row) its resistance mechanism.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from reviewqa.corpus.glossary import Glossary
from reviewqa.records import Chunk, Kind
from reviewqa.search.context import Reading, entities, topic_phrase

# 'that cytokine', 'those cells', 'these fibroblasts', 'the same ligand', "that enzyme's": the word after the pointer.
_POINTER_NOUN = re.compile(r"\b(?:that|those|these|this|the\s+same)\s+(?P<noun>[a-z][a-z-]{2,})\b(?:'s)?")
# 'cytokines such as IL-10 and TGF-β', 'cytokines (for example, IL-6 and TNF-α)', 'its ligand FGL1'.
_NAME = r"[^\s,;.()]+"
_HEADS_LIST = re.compile(
    r"\b(?P<noun>[a-z][a-z-]{3,}),?\s+\(?(?:such\s+as|including|for\s+example,?|e\.g\.,?)\s+"
    rf"(?=(?P<list>{_NAME}(?:(?:,\s*|,?\s+and\s+|,?\s+or\s+){_NAME})*))"
)
_NAMED_AFTER = re.compile(r"\b(?:its|their|the|a|an)\s+(?P<noun>[a-z][a-z-]{3,})\s+(?P<name>\S+)")
_NOT_A_KIND = frozenset(
    "that this these those such other some many most several various which with from into their factor factors "
    "role roles type types".split()
)
MAX_KIND_TERMS = 12  # a word the review uses of more names than this ('cells') says nothing of one


def singular(word: str) -> str:
    """'cytokines' -> 'cytokine', 'cells' -> 'cell', 'matrix' -> 'matrix' (lower case)."""
    word = word.casefold()
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def learn_kinds(texts: Iterable[str], glossary: Glossary) -> dict[str, frozenset[str]]:
    """Each word the review uses of a named thing -> the names it uses it of: 'matrix' -> {'ECM'}."""
    kinds: dict[str, set[str]] = {}
    for entry in glossary.entries:
        for long_form in entry.long_forms:
            for word in re.findall(r"[a-z][a-z-]{3,}", long_form.casefold()):
                kinds.setdefault(singular(word), set()).add(entry.abbr)
    for text in texts:
        for match in _HEADS_LIST.finditer(text):
            for name in entities(match.group("list")):
                kinds.setdefault(singular(match.group("noun")), set()).add(name)
        for match in _NAMED_AFTER.finditer(text):
            names = entities(match.group("name"))
            if names and names[0] == match.group("name").rstrip(",.;:)"):
                kinds.setdefault(singular(match.group("noun")), set()).add(names[0])
    return {
        noun: frozenset(names)
        for noun, names in kinds.items()
        if noun not in _NOT_A_KIND and len(names) <= MAX_KIND_TERMS
    }


@dataclass(frozen=True)
class Pointed:
    """'that cytokine' (the words in the message) and the name of the earlier answer it stands for ('IL-6')."""

    words: str
    name: str


def pointed_names(message: str, answers: Sequence[Sequence[Chunk]], kinds: dict[str, frozenset[str]]) -> list[Pointed]:
    """The names a follow-up's 'that X' stand for: for each, the first name the review calls an X in the most recent
    answer that has one (its passages in answer order); none when no earlier answer names an X."""
    found = []
    for match in _POINTER_NOUN.finditer(message):
        names = kinds.get(singular(match.group("noun")), frozenset())
        if not names:
            continue
        for chunks in answers:
            name = _first_named(chunks, names)
            if name:
                found.append(Pointed(match.group(), name))
                break
    return found


def _first_named(chunks: Sequence[Chunk], names: frozenset[str]) -> str:
    for chunk in chunks:
        places = [
            (m.start(), name)
            for name in names
            for m in [re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", chunk.text)]
            if m is not None
        ]
        if places:
            return min(places)[1]
    return ""


def resolved(message: str, pointed: Sequence[Pointed]) -> str:
    """The message with each 'that X' followed by the name it stands for: 'that cytokine (IL-6)'."""
    for item in pointed:
        message = message.replace(item.words, f"{item.words} ({item.name})", 1)
    return message


# What a follow-up asks beyond the passage shown, and how a passage that says it reads.
_FACETS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "figures": (
        re.compile(
            r"\b(?:numbers?|figures?|percent(?:age)?s?|statistics?|rates?|how\s+(?:many|much|often|effective|big|"
            r"large|long|well))\b|%",
            re.I,
        ),
        re.compile(r"\d\s*%|\b\d+(?:\.\d+)?\s*(?:months?|years?|patients|fold)\b|\b(?:HR|ORR|OR)\s*[=:]?\s*\d", re.I),
    ),
    "safety": (
        re.compile(r"\b(?:safe|safety|side[\s-]effects?|toxic\w*|adverse|tolera\w*)\b", re.I),
        re.compile(r"\b(?:adverse|toxicit\w*|pneumonitis|safety|tolera\w*|side\s+effects?)\b", re.I),
    ),
    "who": (
        re.compile(
            r"^\s*(?:and\s+|so\s+)?who\b|\bwho\s+(?:found|showed|reported|demonstrated|did|studied|discovered|first)\b"
            r"|\bwhich\s+(?:study|studies|group|team|authors?|paper|lab)\b",
            re.I,
        ),
        re.compile(r"\bet al\b|First author, year:"),
    ),
    "phase": (
        re.compile(r"\bphase\b", re.I),
        re.compile(r"\bphase\s+(?:I{1,3}|[1-3])\b", re.I),
    ),
    # a field of the review's study tables: 'what's the molecular mechanism behind that?' (a 'model' facet for Table I's
    # 'Model:' lost hit@1 on heldout8 and tune)
    "mechanism": (
        re.compile(r"\b(?:mechanism|molecular|pathway)", re.I),
        re.compile(r"^Resistance mechanisms:", re.M),
    ),
}


def asked_facets(message: str) -> tuple[str, ...]:
    """What a follow-up asks that a passage may or may not say: 'any numbers on that?' -> ('figures',)."""
    return tuple(name for name, (asks, _) in _FACETS.items() if asks.search(message))


def holds_figures(text: str) -> bool:
    """Whether a text holds a figure: a percentage, months, patients, a hazard or response ratio."""
    return _FACETS["figures"][1].search(text) is not None


def holds(chunk: Chunk, facet: str) -> bool:
    """Whether a passage says what `facet` asks (a reference entry never does: it is a title)."""
    return chunk.kind is not Kind.REFERENCE and _FACETS[facet][1].search(chunk.text) is not None


def regrounded(reading: Reading, previous: str, answer: Sequence[Chunk]) -> Reading:
    """`reading` with a pronoun read as the previous answer's subject, not as an older question's: after 'How common
    is resistance in EGFR-mutant lung cancer?' and 'And with KRAS inhibitors, how well do they work?' (answered
    with the KRAS passage), 'why do those stop working?' is about KRAS inhibitors, not EGFR-mutant. The subject is
    the previous message's first name that its answer's passages hold; `reading` unchanged when there is none, or
    when the pronoun was not replaced by an older topic."""
    if not reading.followup or not reading.context or not reading.slot:
        return reading
    said = " ".join(chunk.text for chunk in answer)
    name = next((n for n in entities(previous) if n != reading.slot and _holds_name(said, n)), "")
    old = topic_phrase(reading.context[0], reading.slot)
    rewritten = reading.question.replace(f"({reading.about})", "")
    if not name or not old or old not in rewritten:
        return reading
    new = topic_phrase(re.sub(r"[,;:]", " ", previous), name)
    return replace(reading, question=reading.question.replace(old, new, 1), slot=name, topic=previous)


def _holds_name(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


_ET_AL = re.compile(r"\b([A-Z][\w'-]+)\s+\*?et al\b")
_TABLE_AUTHOR = re.compile(r"First author, year:\s*([A-Z][\w'-]+)")


def named_studies(chunks: Sequence[Chunk]) -> list[str]:
    """The studies an answer's passages name, in reading order, each once: 'Ott et al (110) … Awad et al (111)' ->
    ['Ott', 'Awad'] (a table row names its first author)."""
    names = []
    for chunk in chunks:
        found = _TABLE_AUTHOR.findall(chunk.text) if chunk.kind is Kind.TABLE_ROW else _ET_AL.findall(chunk.text)
        names += found
    return list(dict.fromkeys(names))


def other_study(shown: Chunk, near: Chunk) -> bool:
    """Whether `near` reports studies and none of them is one `shown` names: its findings are another study's (the
    other part of a paragraph split in two ('s6-p2.1', 's6-p2.2') goes on with what the first part said)."""
    if shown.id.split(".")[0] == near.id.split(".")[0]:
        return False
    mine, theirs = set(named_studies([shown])), set(named_studies([near]))
    return bool(mine and theirs) and not mine & theirs


def says_no_figures(answer: Sequence[Chunk], near: Sequence[Chunk]) -> bool:
    """Whether neither the passages an answer quoted nor those near them that report the same study hold a figure
    (a reference entry never does)."""
    same = [n for n in near if not any(other_study(a, n) for a in answer)]
    return bool(answer) and not any(holds(chunk, "figures") for chunk in [*answer, *same])


def study_passage(chunks: Sequence[Chunk], surname: str) -> Chunk | None:
    """The table row of the study `surname` leads ('First author, year: Awad, 2022'), else None."""
    return next(
        (c for c in chunks if c.kind is Kind.TABLE_ROW and surname in _TABLE_AUTHOR.findall(c.text)),
        None,
    )


# 'what did the same group find with a microRNA?', 'anything else from those authors?': the studies of what was shown.
_SAME_GROUP = re.compile(
    r"\b(?:the\s+same|those|these|that|this)\s+(?:group|team|authors?|lab|labs|researchers|investigators|people)\b",
    re.I,
)


def same_group(message: str, said: Chunk, sentence: str, chunks: Sequence[Chunk]) -> list[int]:
    """For a follow-up asking after 'the same group', the rows of `chunks` naming a study the passage shown (`said`)
    names — those its most likely quoted `sentence` names when it names any ('Wang et al (131) demonstrated…' ->
    every passage naming Wang et al); none for any other message."""
    if _SAME_GROUP.search(message) is None:
        return []
    names = set(named_studies([replace(said, text=sentence)]) or named_studies([said]))
    return [row for row, chunk in enumerate(chunks) if names & set(named_studies([chunk]))]
