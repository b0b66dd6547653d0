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
    answer_first: bool = True  # the composed answer opens on its best-scored sentence, not the top passage's first
    passage_ranker: bool = True  # a hybrid search's top passages reordered by learned trees (search.passage_ranker)
    sentence_ranker: bool = True  # the answer's sentences scored by the learned ranker (chat.ranker), not by hand
    neighbours: bool = True  # both rankers read what answered similar earlier questions (search.neighbours)
    named_table: bool = True  # 'summarise table 1': only that table's rows (search.filters.named_table)
    # The reader (a cross-encoder trained on the review, reviewqa.index.reader): each use switchable; one that did
    # not beat the scoring without it on the evaluation sets is off (docs/experiments/READER.md). With the adapted
    # encoder the rerank gained 2 of 115 heldout questions at rank 1 and none of dev's, at ~90 MB and ~200 ms: off.
    reader_rerank: bool = False  # a standalone question's top passages reordered by retrieval blended with the reader
    reader_sentences: bool = False  # the reader's sentence scores join compose's (no gain on heldout and dev: off)
    reader_flag: bool = False  # 'not answered' also when no sentence of the top passages reads as an answer

    @classmethod
    def without(cls, names: list[str] | tuple[str, ...], adding: list[str] | tuple[str, ...] = ()) -> Techniques:
        """The default techniques but `names`, and also `adding` (a technique off by default, to measure it);
        UsageError for a name that is not one."""
        fields = [f.name for f in dataclasses.fields(cls)]
        names = [n.replace("-", "_") for n in names]  # 'reader-rerank' as the issue spells it
        adding = [n.replace("-", "_") for n in adding]
        unknown = [n for n in [*names, *adding] if n not in fields]
        if unknown:
            raise UsageError(f"unknown technique '{unknown[0]}'; choose from {', '.join(fields)}")
        return dataclasses.replace(cls(), **{**dict.fromkeys(adding, True), **dict.fromkeys(names, False)})
