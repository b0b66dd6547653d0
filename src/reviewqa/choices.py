"""Every choice a user makes by name (search mode, fusion, reference policy, quiz type, rating, citation style,
formats), listed once as an enum that accepts its string and refuses an unknown one in the words of the place given."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from reviewqa.errors import InvalidQuery, QuizError, UsageError

_C = TypeVar("_C", bound="Choice")
# Each kind of choice: (what it is called, the error an unknown name raises, how the choices are introduced).
_REFUSED_AS: dict[type, tuple[str, type[UsageError], str]] = {}


class Choice(str, Enum):
    """A choice given by name ('hybrid', 'apa'): `parse` accepts the member or its string, and an unknown name
    is refused with the error and wording of the place it is given in."""

    def __init_subclass__(
        cls, *, what: str = "choice", error: type[UsageError] = UsageError, phrase: str = "choose from", **kwargs
    ) -> None:
        """`class Mode(Choice, what="mode", error=InvalidQuery, phrase="choose one of")`: how an unknown name is
        refused (what it is called, the error raised, how the choices are introduced)."""
        super().__init_subclass__(**kwargs)
        _REFUSED_AS[cls] = (what, error, phrase)

    @classmethod
    def parse(cls: type[_C], value: object) -> _C:
        if isinstance(value, cls):
            return value
        try:
            return cls(value)
        except ValueError:
            what, error, phrase = _REFUSED_AS[cls]
            names = ", ".join(member.value for member in cls)
            raise error(f"unknown {what} '{value}'; {phrase} {names}") from None

    def __str__(self) -> str:
        return self.value

    # Equal to its string, so hashed as its string: a member and its name are the same dict key.
    __hash__ = str.__hash__


class Mode(Choice, what="mode", error=InvalidQuery, phrase="choose one of"):
    """How a search ranks: by meaning and keywords fused, by meaning, or by keywords."""

    HYBRID = "hybrid"
    DENSE = "dense"
    BM25 = "bm25"


class Fusion(Choice, what="fusion"):
    """How the dense and BM25 scores are fused (convex is the measured choice; RRF kept to compare)."""

    CONVEX = "convex"
    RRF = "rrf"


class Detail(Choice, what="detail"):
    """How much of an answer the terminal prints: the answer and its references, plus a line per passage (the
    default), or every passage in full."""

    BRIEF = "brief"
    SHORT = "short"
    FULL = "full"


class ReferencePolicy(Choice, what="reference policy"):
    """When the 150 reference entries may rank: only when asked for (gated), always, or never."""

    GATED = "gated"
    FREE = "free"
    NEVER = "never"


class QuizType(Choice, what="quiz type", error=QuizError):
    CLOZE = "cloze"
    MC = "mc"
    STUDY = "study"


class Rating(Choice, what="rating"):
    """How well an answer was recalled, as Anki asks it: again (forgotten), hard, good, easy."""

    AGAIN = "again"
    HARD = "hard"
    GOOD = "good"
    EASY = "easy"

    @property
    def words(self) -> str:
        """What a student calls it: 'Forgot', 'Hard', 'Knew it', 'Easy' (the value is the scheduler's word)."""
        return {"again": "Forgot", "hard": "Hard", "good": "Knew it", "easy": "Easy"}[self.value]


class Style(Choice, what="style"):
    """Citation style: the review's own (Vancouver) or APA 7."""

    VANCOUVER = "vancouver"
    APA = "apa"


class Markup(Choice, what="format"):
    MD = "md"
    TEXT = "text"


class ExportFormat(Choice, what="export format"):
    """Reference-manager formats."""

    BIBTEX = "bibtex"
    RIS = "ris"
    CSL_JSON = "csl-json"


class Support(Choice, what="verdict"):
    """How far the review supports a sentence of a draft: it states the claim, a related statement that differs
    (another drug, population, number, direction), or nothing in it does."""

    SUPPORTED = "supported"
    PARTLY = "partly"
    UNSUPPORTED = "unsupported"
