"""How much each kind of chunk may compete for a question: the review's prose fully; its metadata (title, authors,
history, keywords, funding, …) and its reference entries only when the question is about them.

A chunk of the front or back matter shares the review's most common words ('lung cancer', 'tumor
microenvironment') without saying anything about them; a reference entry names a study without saying what it
found. Both are kept (they still answer 'who wrote this review?' or 'ref 66'), at a fraction of their score when
the question asks about the topic rather than about the document or its sources.
"""

from __future__ import annotations

import re

import numpy as np

from reviewqa.corpus.review import Review
from reviewqa.records import Kind

METADATA_PRIOR = 0.5  # front and back matter (not the abstract) when the question is not about the review itself
ENTRY_PRIOR = 0.6  # a reference entry when the question asks what a study found, not for the reference itself
_ABOUT_THE_DOCUMENT = re.compile(
    r"\b(?:this|the|present)\s+(?:review|paper|article|work)\b|\bauthors?\b|\bwho\s+wrote\b|\bfund(?:ing|ed|er)s?\b|"
    r"\bpaid\b|\bsponsor\w*|\bfinanc\w*|"
    r"\bgrants?\b|\bcompeting\b|\bconflicts?\s+of\s+interest\b|\bcorrespond\w*\b|\bpublished\b|\bpublication\b|"
    r"\bkey\s*words?\b|\btitle\b|\bjournal\b|\bdoi\b|\bcontribut\w*\b|\backnowledg\w*\b|\bdata\s+availab\w*\b|"
    r"\bethic\w*\b|\bconsent\b|\breceived\b|\baccepted\b|\babstract\b|\baffiliat\w*\b|\bemail\b|\bcontact\b",
    re.I,
)
# Asking for the entry itself: its full citation, title, journal, year, DOI, where or when it appeared.
_ABOUT_THE_ENTRY = re.compile(
    r"\b(?:full\s+)?(?:citation|reference\s+(?:list|entry|number)|title|journal|doi|volume|pages|"
    r"published\s+(?:in|when)|which\s+year|what\s+year|bibliograph\w*)\b|\bref(?:erence)?s?\s*\.?\s*#?\d",
    re.I,
)


def about_the_document(question: str) -> bool:
    """Whether `question` asks about the article itself (its authors, funding, dates, …), not its topic."""
    return bool(_ABOUT_THE_DOCUMENT.search(question))


class ChunkPriors:
    """The multiplier of every chunk's score for a question (row-aligned with the index)."""

    def __init__(self, review: Review):
        kinds = [c.kind for c in review.chunks]
        self._metadata = np.array([c.is_metadata for c in review.chunks])
        self._entries = np.array([k is Kind.REFERENCE for k in kinds])

    def for_question(self, question: str) -> np.ndarray | None:
        """The multipliers for `question`, or None when every chunk counts in full."""
        prior = np.ones(len(self._metadata))
        if not about_the_document(question):
            prior[self._metadata] = METADATA_PRIOR
        if not _ABOUT_THE_ENTRY.search(question):
            prior[self._entries] = ENTRY_PRIOR
        return None if (prior == 1.0).all() else prior


def apply(scores: np.ndarray, prior: np.ndarray | None) -> np.ndarray:
    """Scores times their prior (a negative score, as BM25 never gives, is left as it is)."""
    if prior is None:
        return scores
    return np.where(scores > 0, scores * prior, scores)
