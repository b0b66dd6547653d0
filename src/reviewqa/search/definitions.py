"""Definition questions ("what are TILs?", "define CAFs", "what does VISTA mean?", "MDSCs?"): prefer the passage
that explains the thing (a sentence with it as subject: "TILs are …", "Lactate, a byproduct of …", "Bispecific
antibodies, which …") over one that only spells its abbreviation out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

from reviewqa.corpus.glossary import Glossary
from reviewqa.corpus.review import Review
from reviewqa.corpus.sentences import split_sentences
from reviewqa.index.sentences import SENTENCE_KINDS

SUBJECT_BOOST = 0.2  # a sentence of the passage opens on the thing asked about
DEFINING_BOOST = 0.4  # … and goes on to say what it is ("are", "is a", ", a", ", which", ", known for")
_WH = r"(?:what|wat|wht|whats|what's)"
_BE = r"(?:is|are|r|s|'s|was|were)"
_QUESTION = (
    re.compile(rf"^\s*{_WH}\s+(?:does|do)\s+(?P<x>.+?)\s+(?:mean|stand\s+for)\b.*$", re.I),
    re.compile(rf"^\s*{_WH}\s+is\s+meant\s+by\s+(?:the\s+)?(?P<x>.+?)\s*[?.!]*\s*$", re.I),
    re.compile(rf"^\s*(?:{_WH}\s+{_BE}|what's|whats)\s+(?:an?\s+|the\s+)?(?P<x>.+?)\s*[?.!]*\s*$", re.I),
    re.compile(
        r"^\s*(?:define|definition\s+of|explain|describe|meaning\s+of|tell\s+me\s+about)\s+(?P<x>.+?)\s*[?.!]*$", re.I
    ),
    re.compile(r"^\s*(?P<x>[^?]{2,40}?)\s*[-–:,]\s*what\s+(?:are|is)\s+(?:they|it)\s*[?.!]*\s*$", re.I),
    re.compile(r"^\s*(?P<x>[^?]{2,40}?)\s*(?:=\s*)?\?+\s*$", re.I),
)
# 'what is the role of …', 'what are the mechanisms …': questions about a relation, not a definition.
_NOT_A_THING = re.compile(
    r"^(?:the\s+)?(?:role|roles|mechanisms?|difference|effects?|function|link|impact|relationship|"
    r"evidence|main|best|most|current|recommended|latest)\b",
    re.I,
)
_TRAILING = re.compile(
    r"\s+(?:in|for|within)\s+(?:the\s+)?(?:lung\s+cancer|nsclc|immunology|tumou?rs?|the\s+tme|this\s+review)$", re.I
)
_DEFINING = re.compile(
    r"^(?:\s*\([^)]*\))?\s*(?:,\s*(?:an?|another|the|which|including|known|also)\b|\s+(?:is|are|was|were|refers?|"
    r"represents?|comprises?|consists?|includes?|constitutes?)\b|\s+(?:known|defined|characterized)\b)",
    re.I,
)
MAX_SUBJECT_WORDS = 6
# What may come before the subject of a sentence that is about it: 'Similarly, MDSCs impair …', 'The TME is …'.
_LEAD = (
    r"(?:(?:similarly|additionally|moreover|furthermore|however|notably|importantly|likewise|conversely|also|"
    r"in\s+addition|in\s+particular|in\s+contrast|for\s+example|for\s+instance|in\s+lung\s+cancer),?\s+)?"
    r"(?:the\s+)?"
)


def definition_subject(question: str) -> str | None:
    """What a definition question asks about ('what are TILs?' -> 'TILs'), or None for any other question."""
    for pattern in _QUESTION:
        match = pattern.match(question)
        if match:
            subject = _TRAILING.sub("", match.group("x").strip(" \"'“”‘’-–:,"))
            if _is_a_thing(subject):
                return subject
    return None


def _is_a_thing(subject: str) -> bool:
    """A term or a short noun phrase, not a clause ('the role of hypoxia', 'drives resistance', 'how …')."""
    return (
        bool(subject)
        and len(subject.split()) <= MAX_SUBJECT_WORDS
        and not _NOT_A_THING.match(subject)
        and not re.search(r"\b(?:how|why|when|does|do|did|drives?|causes?|makes?|can|should|would)\b", subject, re.I)
    )


def subject_forms(subject: str, glossary: Glossary) -> list[str]:
    """The subject and its glossary names (abbreviation and long forms), longest first."""
    forms = {subject}
    entry = glossary.lookup(subject)
    if entry is not None:
        forms.add(entry.abbr)
        forms.update(entry.long_forms)
    return sorted(forms, key=len, reverse=True)


class DefinitionFinder:
    """The sentences of the review's passages, to find the ones that open on a subject (row-aligned)."""

    def __init__(self, review: Review):
        self._openings: list[list[str]] = [
            split_sentences(c.text) if c.kind in SENTENCE_KINDS else [] for c in review.chunks
        ]

    def boost(self, forms: Iterable[str]) -> np.ndarray:
        """Per chunk: DEFINING_BOOST for a sentence that defines a form, SUBJECT_BOOST for one that opens on it."""
        patterns = [re.compile(rf"^{_LEAD}{_loose(form)}(?![\w-])", re.I) for form in forms if form.strip()]
        boost = np.zeros(len(self._openings))
        for row, sentences in enumerate(self._openings):
            for sentence in sentences:
                for pattern in patterns:
                    opened = pattern.match(sentence)
                    if opened:
                        rest = sentence[opened.end() :]
                        boost[row] = max(boost[row], DEFINING_BOOST if _DEFINING.match(rest) else SUBJECT_BOOST)
        return boost


def opens_on(sentence: str, forms: Iterable[str]) -> bool:
    """Whether `sentence` opens on one of the forms of a subject ('TILs are …', 'The TME is …')."""
    return any(re.match(rf"^{_LEAD}{_loose(form)}(?![\w-])", sentence, re.I) for form in forms if form.strip())


def _loose(form: str) -> str:
    """A pattern for a term: hyphens and spaces alike, an optional plural 's'."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", form.strip()) if w]
    return r"[\s-]+".join(words) + r"s?"


# 'what does TME stand for?', 'what does TAM mean', 'TKI abbreviation': the long form is the answer.
_STANDS_FOR = re.compile(r"\bstands?\s+for\b|\bshort\s+for\b|\babbreviat\w*|\bacronym\b|\bmeans?\b|\bmeaning\b", re.I)


def asks_what_it_stands_for(question: str) -> bool:
    return bool(_STANDS_FOR.search(question))


def spells_out(sentence: str, abbreviation: str, long_forms: Iterable[str]) -> bool:
    """Whether `sentence` gives the abbreviation's long form with it: 'the tumor microenvironment (TME) is …'."""
    return any(
        re.search(rf"{_loose(long_form)}\s*\(\s*{re.escape(abbreviation)}s?\s*\)", sentence, re.I)
        for long_form in long_forms
    )
