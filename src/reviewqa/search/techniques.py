"""The retrieval techniques a search uses, each of which can be switched off to measure what it brings
(`reviewqa eval FILE --without NAME`; docs/EVALUATION.md has the table)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from reviewqa.errors import UsageError


@dataclass(frozen=True)
class Techniques:
    """Every technique on by default; the names are the ones `--without` takes."""

    conversation: bool = True  # follow-ups read with the conversation and mixed with the message alone
    priors: bool = True  # metadata and reference entries count fully only when the question is about them
    definitions: bool = True  # a definition question prefers the passage whose sentence defines the thing
    sentences: bool = True  # a passage's dense score is the better of its own and its best sentence's
    feedback: bool = True  # pseudo-relevance feedback: the best passages' distinctive terms added to BM25 (RM3)
    siblings: bool = True  # a paragraph cut in two is lifted by its other half's score
    spelling: bool = True  # typos of the review's words mended before searching ('angiogensis')
    lay_terms: bool = True  # a student's words searched with the review's too ('immune brakes' -> checkpoints)
    study_pairs: bool = True  # a study in prose and in a table row: the question decides which answers first
    grounding: bool = True  # a follow-up prefers passages near what the previous answer showed (search.shown)
    thesaurus: bool = True  # a broader lay thesaurus written from the review ('before surgery' -> neoadjuvant)
    sentence_ranker: bool = True  # the answer's sentences scored by the learned ranker (chat.ranker), not by hand

    @classmethod
    def without(cls, names: list[str] | tuple[str, ...]) -> Techniques:
        """All techniques but `names`; UsageError for a name that is not one."""
        fields = [f.name for f in dataclasses.fields(cls)]
        unknown = [n for n in names if n.replace("-", "_") not in fields]  # 'sentence-ranker' or 'sentence_ranker'
        if unknown:
            raise UsageError(f"unknown technique '{unknown[0]}'; choose from {', '.join(fields)}")
        return cls(**{name.replace("-", "_"): False for name in names})
