"""Every choice a user makes by name (search mode, fusion, reference policy, quiz type, rating, citation style,
formats), listed once as an enum that accepts its string and refuses an unknown one in the words of the place given."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from reviewqa.errors import InvalidQuery, QuizError, UsageError

_C = TypeVar("_C", bound="Choice")


class Choice(str, Enum):
    """A choice given by name ('hybrid', 'apa'): `parse` accepts the member or its string, and an unknown name
    is refused with the error and wording of the place it is given in."""

    @classmethod
    def refusal(cls) -> tuple[str, type[UsageError], str]:
        """(what it is called, the error an unknown name raises, how the choices are introduced)."""
        return "choice", UsageError, "choose from"

    @classmethod
    def parse(cls: type[_C], value: object) -> _C:
        if isinstance(value, cls):
            return value
        try:
            return cls(value)
        except ValueError:
            what, error, phrase = cls.refusal()
            names = ", ".join(member.value for member in cls)
            raise error(f"unknown {what} '{value}'; {phrase} {names}") from None

    def __str__(self) -> str:
        return self.value

    # Equal to its string, so hashed as its string: a member and its name are the same dict key.
    __hash__ = str.__hash__


class Mode(Choice):
    """How a search ranks: by meaning and keywords fused, by meaning, or by keywords."""

    @classmethod
    def refusal(cls) -> tuple[str, type[UsageError], str]:
        return "mode", InvalidQuery, "choose one of"

    HYBRID = "hybrid"
    DENSE = "dense"
    BM25 = "bm25"


class Fusion(Choice):
    """How the dense and BM25 scores are fused (convex is the measured choice; RRF kept to compare)."""

    @classmethod
    def refusal(cls) -> tuple[str, type[UsageError], str]:
        return "fusion", UsageError, "choose from"

    CONVEX = "convex"
    RRF = "rrf"


class ReferencePolicy(Choice):
    """When the 150 reference entries may rank: only when asked for (gated), always, or never."""

    @classmethod
    def refusal(cls) -> tuple[str, type[UsageError], str]:
        return "reference policy", UsageError, "choose from"

    GATED = "gated"
    FREE = "free"
    NEVER = "never"


class QuizType(Choice):
    @classmethod
    def refusal(cls) -> tuple[str, type[UsageError], str]:
        return "quiz type", QuizError, "choose from"

    CLOZE = "cloze"
    MC = "mc"
    STUDY = "study"


class Rating(Choice):
    """How well an answer was recalled, as Anki asks it: again (forgotten), hard, good, easy."""

    @classmethod
    def refusal(cls) -> tuple[str, type[UsageError], str]:
        return "rating", UsageError, "choose from"

    AGAIN = "again"
    HARD = "hard"
    GOOD = "good"
    EASY = "easy"


class Style(Choice):
    """Citation style: the review's own (Vancouver) or APA 7."""

    @classmethod
    def refusal(cls) -> tuple[str, type[UsageError], str]:
        return "style", UsageError, "choose from"

    VANCOUVER = "vancouver"
    APA = "apa"


class Markup(Choice):
    @classmethod
    def refusal(cls) -> tuple[str, type[UsageError], str]:
        return "format", UsageError, "choose from"

    MD = "md"
    TEXT = "text"


class ExportFormat(Choice):
    """Reference-manager formats."""

    @classmethod
    def refusal(cls) -> tuple[str, type[UsageError], str]:
        return "export format", UsageError, "choose from"

    BIBTEX = "bibtex"
    RIS = "ris"
    CSL_JSON = "csl-json"
