"""The composed answer as data: its sentences (the review's own words, each with its passage and references), its
form, and how the question's words were read. `ui.replies` and `cli.text` render it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from reviewqa.chat.forms import SHAPES, AnswerForm
from reviewqa.records import Reference


@dataclass(frozen=True)
class AnswerSentence:
    """One unit of the answer: the review's words exactly, the passage they stand in, the refs they cite; when the
    sentence points back ('This previous study…'), `text` holds the sentence before it too, `antecedent` that one."""

    text: str
    chunk_id: str
    rank: int  # the rank of that passage among the hits
    refs: tuple[int, ...]
    position: int = 0  # the sentence's place in its passage (reading order)
    score: float = 0.0
    heading: str = ""  # the heading of the passage's section (an overview's points are grouped under it)
    antecedent: str = ""  # the sentence `text` opens with, which the one pointing back needs

    @property
    def words(self) -> int:
        return len(self.text.split())

    def to_json(self) -> dict:
        shown = {"text": self.text, "chunk_id": self.chunk_id, "refs": list(self.refs), "heading": self.heading}
        return {**shown, "antecedent": self.antecedent} if self.antecedent else shown


@dataclass(frozen=True)
class ComposedAnswer:
    """The answer's sentences in the order they read best; `listed` when they are distinct points of a list; its
    `form` (an overview's points are grouped under their headings); `notes`: how the question's words were read
    (a term the review never uses, and what it says instead)."""

    sentences: tuple[AnswerSentence, ...]
    listed: bool = False
    form: AnswerForm = AnswerForm.PLAIN
    notes: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()  # the references its sentences cite, in full

    def to_json(self) -> list[dict]:
        return [s.to_json() for s in self.sentences]

    def keeping(self, keep: Callable[[str], bool]) -> ComposedAnswer:
        """This answer with only the sentences whose text `keep` accepts, and the references only they cite."""
        kept = tuple(s for s in self.sentences if keep(s.text))
        cited = {n for s in kept for n in s.refs}
        return replace(self, sentences=kept, references=tuple(r for r in self.references if r.n in cited))

    @property
    def words(self) -> int:
        return sum(len(s.text.split()) for s in self.sentences)

    @property
    def grouped(self) -> bool:
        """Whether its points are shown under their headings (an overview, strategies, studies)."""
        return SHAPES[self.form].grouped and len(self.sentences) > 1

    def groups(self) -> list[tuple[str, list[AnswerSentence]]]:
        """(heading, its points) in the answer's order, each heading once."""
        groups: dict[str, list[AnswerSentence]] = {}
        for sentence in self.sentences:
            groups.setdefault(sentence.heading, []).append(sentence)
        return list(groups.items())
