"""Read a message in the context of the conversation: "and for immunotherapy?", "what about CAFs?", "how is it
overcome?", "why?" — over several hops.

Each earlier message is read in the context of the ones before it, so the topic carries along the whole
conversation. A follow-up gets a `Reading`: the question as rewritten (what the reply shows as "read as"), and the
earlier questions it leans on, which the search also uses (`Assistant.search(…, history=…)` fuses the rewrite,
the message with its context, and the message alone), so a rewrite that reads a follow-up wrongly still finds the
passages about the topic.

A rewrite never grows past what a search reads (MAX_QUERY_CHARS): however long the earlier messages, the question
as read and every text searched are cut there, so a conversation of long messages costs what one long message does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from reviewqa.search.query import MAX_QUERY_CHARS

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
# A pronoun standing for the previous topic (replaced by it); 'that'/'this' only at the end ('which drugs target
# that?').
_PRONOUN = re.compile(r"\b(?:they|them|their|it|its|these|those)\b|\b(?:that|this|them)\s*[?.!]*\s*$", re.I)
# Words that point back without standing for a topic: 'why does that matter?', 'that growth factor', 'which one'.
_POINTER = re.compile(
    r"\b(?:that|this)\s+(?:is|was|does|do|did|means?|matters?|works?|happens?|causes?|affects?|helps?|changes?|"
    r"growth|factor|drug|cell|cells|pathway|protein|gene|study|trial|one|therapy|mechanism)\b|\bwhich\s+one\b|"
    r"\bthe\s+(?:same|other|latter|former|first|second)\b",
    re.I,
)
# Any word pointing back at what was said: 'that approach', 'has that been', 'those cells', 'it', 'they' ('that' as a
# conjunction or a relative pronoun — 'that is', 'that the', 'cells that secrete' — is not one).
POINTS_BACK = re.compile(
    r"\b(?:that|those|these|this)\s+(?!(?:is|are|was|were|the|a|an|it|its|they|we|you|i|he|she|there|can|could|may|"
    r"might|will|would|should|has|have|had|do|does|did|not|in|of|to|for|with|by|on|from)\b)[a-z][\w'-]*"
    r"|\b(?:it|its|they|them|their)\b",
    re.I,
)
# "why?", "how?", "tell me more", "more", "go on", "explain", "details?": the previous question, again.
_MORE = re.compile(
    r"^\s*(?:(?:and|but|so)\s+)?(?:why|how|how come|how so|really|more|tell me more|say more|go on|explain(?: more)?|"
    r"details?|more details?|in what way|what else|anything else|example|examples)\s*(?:please)?\s*[?.!]*\s*$",
    re.I,
)
# A named entity: a word with two capitals, or a capital and a digit: EGFR-TKI, CAFs, ICIs, PD-L1, T790M, CD8+.
_ENTITY = re.compile(r"(?<![\w-])(?=[\w+-]*[A-Z][\w+-]*[A-Z0-9])[A-Za-z0-9][\w+-]*(?![\w-])")
# Nouns that, after an entity, make the topic a phrase: 'EGFR-TKI resistance', 'PD-1 blockade', 'CAF secretion'.
_TOPIC_HEADS = frozenset(
    "resistance therapy therapies treatment treatments inhibitor inhibitors inhibition blockade signaling signalling "
    "pathway pathways expression cells cell infiltration secretion activation mutations mutation amplification "
    "response responses metastasis progression polarization recruitment".split()
)
MAX_FOLLOWUP_WORDS = 8  # longer messages are questions of their own, unless a pronoun ties them to the conversation
MAX_PRONOUN_FOLLOWUP_WORDS = 16
VAGUE_WORDS = 6  # a message this short naming no entity of its own leans on the conversation


@dataclass(frozen=True)
class Reading:
    """A message as the search reads it: rewritten when it is a follow-up, with the earlier questions it needs.

    `context` holds the earlier questions (as read themselves), most recent first; `slot` is the part of
    `question` that names the topic a later "and for X?" replaces.
    """

    question: str
    followup: bool = False
    context: tuple[str, ...] = ()
    slot: str = ""
    topic: str = ""  # what the conversation is about at this point (a question), for a vague follow-up to lean on
    notes: tuple[str, ...] = ()  # what the review does not say of what a follow-up asks ('no figures for …')

    @property
    def about(self) -> str:
        return self.topic or self.question


def entities(text: str) -> list[str]:
    """Named entities of a question, in order: 'How do CAFs block drug delivery?' -> ['CAFs']."""
    return [m.group() for m in _ENTITY.finditer(text) if not m.group().isdigit()]


def _strip_end(text: str) -> str:
    return text.strip().rstrip("?.!").strip()


def _find(word: str, text: str) -> re.Match[str] | None:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.I) if word else None


def topic_phrase(question: str, slot: str = "") -> str:
    """What a question is about, for a pronoun: its slot or first entity, with a head noun that follows it
    ('What drives EGFR-TKI resistance?' -> 'EGFR-TKI resistance')."""
    base = _strip_end(question)
    named = slot or next(iter(entities(base)), "")
    found = _find(named, base)
    if found is None:
        return ""
    after = base[found.end() :].split()
    head = after[0] if after and after[0].casefold() in _TOPIC_HEADS else ""
    return f"{found.group()} {head}".strip()


_READ_AGAINST = re.compile(r"\s*\([^()]*\)\s*$")  # 'what was the toxicity (CheckMate-227)' -> its topic


def _substitute(previous: Reading, focus: str) -> tuple[str, str]:
    """The previous question with its topic replaced by `focus`, and the new slot: ('…ICIs with chemotherapy?', …)."""
    base = _strip_end(previous.question)
    prep = _PREPOSITION.match(focus)
    if prep:
        # "...ICIs with anti-angiogenic therapy" + "with chemotherapy" -> "...ICIs with chemotherapy"
        same = list(re.finditer(rf"\b{re.escape(prep.group('prep'))}\b", base, re.I))
        if same:
            return f"{base[: same[-1].start()]}{focus}?", prep.group("rest")
        if prep.group("prep").casefold() in _SETTING_PREPOSITIONS:
            return f"{base} {focus}?", previous.slot  # a setting narrows the question: "... in SCLC?"
        focus = prep.group("rest")
    slot = _find(previous.slot, base) or _find(next(iter(entities(base)), ""), base)
    if slot is not None:
        return f"{base[: slot.start()]}{focus}{base[slot.end() :]}?", focus
    last = re.search(r"\b(?:of|in|on|for|about|with|by)\s+(?P<word>[\w-]+)$", base, re.I)
    if last:  # "What is the role of hypoxia?" + "what about acidity?" -> "What is the role of acidity?"
        return f"{base[: last.start('word')]}{focus}?", focus
    # nothing to replace: the focus, in the context of the previous question (without the topic that question was
    # read against, which the focus replaces: no nested brackets in 'read as')
    return f"{focus} ({_strip_end(_READ_AGAINST.sub('', base))}?)", focus


def _fresh(text: str) -> Reading:
    named = entities(text)
    return Reading(text, slot=named[0] if named else "")


def _never(word: str) -> bool:
    return False


def read_in_context(message: str, previous: Reading | str | None, topical: Callable[[str], bool] = _never) -> Reading:
    """`message` as a standalone question, rewritten from `previous` when it is a short follow-up, at most
    MAX_QUERY_CHARS long.

    `topical(word)` says whether a word names a subject of the review by itself ('hypoxia', not 'numbers'): a short
    message with neither such a word nor an entity of its own leans on the conversation.
    """
    reading = _read(message, previous, topical)
    if len(reading.question) <= MAX_QUERY_CHARS:
        return reading
    return replace(reading, question=reading.question[:MAX_QUERY_CHARS].rstrip())


# The words a pointing 'that' follows ('has that been…', 'behind that', 'how does that network…'); after any other word
# it is a relative 'that' ('cells that secrete IL-6').
_BEFORE_POINTER = re.compile(
    r"(?:^|\b(?:has|have|had|can|could|does|do|did|is|are|was|were|will|would|should|might|may|how|why|what|when|"
    r"where|which|on|of|about|behind|for|with|from|to|by|in|into|at|besides|beyond|like|and|or|but|so|than|"
    r"against|after|before|through|all|any)\s+)$",
    re.I,
)


# 'any trial of that in…', 'has anyone combined that with…': a demonstrative right after a preposition or a verb of
# trying stands for what was said, whatever follows it (POINTS_BACK passes over 'that in', mostly a relative 'that').
_AFTER_PREPOSITION = re.compile(
    r"\b(?:of|on|about|behind|with|for|from|beyond|besides|like|than|against|combin\w*|tr(?:y|ied|ying)|test\w*|"
    r"us(?:e|ed|ing)|block\w*|target\w*|pair\w*)\s+(?:that|this|those|these)\b"
    r"(?!\s+(?:is|are|was|were|the|a|an)\b)",
    re.I,
)


def _points_back(text: str) -> bool:
    """'Has that been tied to…', 'how does that network…', 'do they…', 'any trial of that in…': a word pointing back
    at what was said."""
    return _AFTER_PREPOSITION.search(text) is not None or any(
        m.group().casefold().split()[0] not in {"that", "those", "these", "this"}
        or _BEFORE_POINTER.search(text[: m.start()])
        for m in POINTS_BACK.finditer(text)
    )


def _read(message: str, previous: Reading | str | None, topical: Callable[[str], bool]) -> Reading:
    text = message.strip()
    if isinstance(previous, str):
        previous = _fresh(previous.strip()) if previous.strip() else None
    words = len(text.split())
    pronoun = _PRONOUN.search(text) is not None
    pointer = pronoun or _POINTER.search(text) is not None or _points_back(text)
    if previous is None or not text or words > (MAX_PRONOUN_FOLLOWUP_WORDS if pointer else MAX_FOLLOWUP_WORDS):
        return _fresh(text)
    context = (previous.question, *previous.context)
    if _MORE.match(text):
        word = _strip_end(text)
        return Reading(f"{word.capitalize()}: {previous.about}", True, context, previous.slot, previous.about)
    match = _MARKER.match(text)
    if match and words <= MAX_FOLLOWUP_WORDS:
        focus = _strip_end(match.group("focus") or match.group("tail") or "")
        if focus and not (match.group("tail") and _QUESTION_START.match(focus)):
            question, slot = _substitute(previous, focus)
            return Reading(question, True, context, slot)
    named = entities(text)
    topic = topic_phrase(previous.question, previous.slot)
    if pronoun and topic and not named:
        return Reading(_PRONOUN.sub(topic, text, count=1), True, context, previous.slot, previous.about)
    vague = words <= VAGUE_WORDS and not named and not any(topical(w) for w in re.findall(r"[a-z]+", text.lower()))
    if pointer or vague:  # "what are its drawbacks?", "why does that matter?", "what were the numbers?"
        # what it leans on: the previous topic ('EGFR-TKI resistance'), else its subject words ('lactate'), else it all
        said = topic or topical_words(previous.about, topical) or previous.about
        return Reading(f"{text} ({said})", True, context, previous.slot, previous.about)
    return Reading(text, context=context, slot=named[0] if named else "")


MAX_TOPICAL_WORDS = 3


def topical_words(question: str, topical: Callable[[str], bool]) -> str:
    """The words of a question that name a subject of the review by themselves, in order ('What does lactate do in
    the lung tumour microenvironment?' -> 'lactate'); '' when it has none."""
    words = dict.fromkeys(w for w in re.findall(r"[A-Za-z][a-z-]+", question) if topical(w.lower()))
    return " ".join(list(words)[:MAX_TOPICAL_WORDS])


def read_in_conversation(message: str, history: Sequence[str] = (), topical: Callable[[str], bool] = _never) -> Reading:
    """`message` read after `history` (earlier messages, oldest first), each read in the context before it."""
    previous: Reading | None = None
    for earlier in history:
        if earlier and earlier.strip():
            previous = read_in_context(earlier, previous, topical)
    return read_in_context(message, previous, topical)


# How much the message with its context, and the message alone, count beside the question as read (tuned on the
# follow-ups of eval/chats, heldout7 and heldout8, checked on chats2 and heldout9 and the other way round: the message's
# own words at 0.5 find what it asks beyond the previous answer; 0.25 and 0.75 lost hit@1).
JOINED_WEIGHT = 0.25
ALONE_WEIGHT = 0.5
IMPLICIT_WEIGHT = 0.5  # a short message with no follow-up sign: its context counts, less


def search_texts(message: str, reading: Reading) -> list[tuple[str, float]]:
    """The texts a search scores for `message` read as `reading`, with their weights, the question as read first."""
    if not reading.context:
        return [(reading.question, 1.0)]
    joined = f"{message} {reading.context[0]}"[:MAX_QUERY_CHARS].rstrip()
    if reading.followup:
        return [(reading.question, 1.0), (joined, JOINED_WEIGHT), (message, ALONE_WEIGHT)]
    return [(reading.question, 1.0), (joined, IMPLICIT_WEIGHT)]


SHORT_MESSAGE_WORDS = 12  # 'how toxic was the combo?', 'has anything been shown to cut down how many get recruited?'


def leans_on_conversation(message: str, reading: Reading, earlier: Sequence[str]) -> bool:
    """Whether `message` may need the earlier turns to be understood: a follow-up, or a short message after them
    (even one read as a question of its own)."""
    return bool(earlier) and (reading.followup or len(message.split()) <= SHORT_MESSAGE_WORDS)
