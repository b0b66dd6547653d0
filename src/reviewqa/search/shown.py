"""What the earlier replies of a conversation showed, and how a follow-up leans on it.

A history item is an earlier question (text) or `{"question": str, "answer_chunk_ids": [str]}`: the question and the
passages its reply's answer came from, in answer order. A follow-up ("how do you get around that?", "any numbers on
that?", "the second one") points at what the previous *answer* said, so the search gives the passages near it a
modest conversation prior — the answer's own passages, the next and previous passage, the other part of a split
paragraph, the same study's table row or prose, the same subsection — and "read as" names what the answer was
about. "The second one" is the previous answer's second passage (or the previous question's second named study).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from reviewqa.corpus.review import Review
from reviewqa.corpus.sentences import split_sentences
from reviewqa.index.terms import tokenize
from reviewqa.records import Chunk, Kind
from reviewqa.search.context import POINTS_BACK, Reading, entities
from reviewqa.search.expansion import expand_query
from reviewqa.search.history import EarlierTurn
from reviewqa.search.mentions import MentionKind, Naming, named_text, ordinal, ordinal_match
from reviewqa.search.pointing import (
    Pointed,
    asked_facets,
    holds,
    learn_kinds,
    named_studies,
    other_study,
    pointed_names,
    regrounded,
    resolved,
    same_group,
    says_no_figures,
    study_passage,
)
from reviewqa.search.query import MAX_QUERY_CHARS
from reviewqa.search.reading import quoted_from

# The conversation prior, added to a follow-up's scores (which are about 0-1): the previous answer's passages most,
# their neighbours less, an earlier answer at a fraction. Tuned on eval/chats_questions.jsonl, checked on the
# follow-ups of eval/heldout*_questions.jsonl.
ANSWER_PRIOR = 0.06
FIRST_PASSAGE_PRIOR = -0.03  # the passage the answer opened with has been read: a follow-up asks a little beyond it
NEAR_PRIOR = 0.04  # the next/previous passage, the other part of a split paragraph, the study's row or prose
SECTION_PRIOR = 0.02  # the same subsection
OLDER_TURN = 0.5  # the answer before the previous one counts at this share
ANSWER_TEXT_WEIGHT = 0.25  # the message with what the previous answer was about (0.5 and 1.0: lower hit@1)
OTHER_PRIOR = -0.2  # "another one", "what other …", "besides that": the passages already shown, set back
_OTHER = re.compile(r"\b(?:other|another|else|besides|apart\s+from|aside\s+from|instead|different|next\s+to)\b", re.I)
ORDINAL_PRIOR = 1.0  # "the second one": the passage it names comes first (its score doubled)
# "any numbers on that?", "how safe was it?", "who found that?": the answer's passages that say it (else their
# neighbours that do, the answer's own set back). Tuned on the chats' follow-ups (tune, heldout7 and heldout8 the same
# from 0.15 to 0.5); 0.5 lets "how safe was it?" after the Forde answer find s6-p2.2's adverse events.
FACET_PRIOR = 0.5
LACKS_FACET_PRIOR = -0.25
POINTED_WEIGHT = 1.0  # the message with 'that cytokine' followed by the name it stands for ('IL-6')
_FIRST_AUTHOR = re.compile(r"First author, year:\s*(.+)")
_LABEL_ENTITIES = 3
_ET_AL = re.compile(r"\b([A-Z][\w'-]+)\s+\*?et al\b")
COMMON_ENTITY_CHUNKS = 12  # a named thing in more passages than this (TME, NSCLC, ICIs) says nothing of one answer


class Shown:
    """The passages of one review near each passage an answer can quote, by row."""

    def __init__(self, review: Review, pairs: Sequence[tuple[int, int]] = ()):
        self.review = review
        self._row = {c.id: row for row, c in enumerate(review.chunks)}
        self._near: dict[int, set[int]] = {row: set() for row in range(len(review.chunks))}
        prose = [row for row, c in enumerate(review.chunks) if c.kind is not Kind.REFERENCE]
        for before, after in zip(prose, prose[1:], strict=False):
            self._near[before].add(after)
            self._near[after].add(before)
        for table_row, passage in pairs:  # the same study in a table row and in prose
            self._near[table_row].add(passage)
            self._near[passage].add(table_row)
        self.common = {  # named in many passages (TME, NSCLC): says nothing of one answer
            e
            for e, n in Counter(e for c in review.chunks for e in set(entities(c.text))).items()
            if n > COMMON_ENTITY_CHUNKS
        }
        sections: dict[tuple[str, ...], list[int]] = {}
        for row in prose:
            sections.setdefault(review.chunks[row].section_path, []).append(row)
        self._section = {row: rows for rows in sections.values() for row in rows}
        self._kinds = learn_kinds((c.text for c in review.chunks), review.glossary)
        self.naming = Naming(review.glossary, self._kinds, frozenset(self.common))

    def near(self, row: int) -> list[int]:
        """The next and previous prose passage of `row`, and the same study's table row or prose, by row."""
        return sorted(self._near[row])

    def section(self, row: int) -> list[int]:
        """The prose passages of `row`'s subsection, by row (none for a table row or a reference)."""
        return list(self._section.get(row, ()))

    def known(self, ids: Sequence[str] | None) -> list[int]:
        """The rows of the ids the review has, in order, each once (unknown ids are passed over)."""
        return list(dict.fromkeys(self._row[i] for i in ids or () if i in self._row))

    def prior(self, turns: Sequence[EarlierTurn], message: str) -> np.ndarray | None:
        """The conversation prior for a follow-up after `turns`; None when no earlier answer is known."""
        boost = np.zeros(len(self.review.chunks))
        weight = 1.0
        for turn in reversed(turns[-2:]):
            rows = self.known(turn.answer_chunk_ids)
            for row in rows:
                for near in self._section.get(row, ()):
                    boost[near] = max(boost[near], weight * SECTION_PRIOR)
                for near in self._near[row]:
                    boost[near] = max(boost[near], weight * NEAR_PRIOR)
            other = _OTHER.search(message) is not None
            for position, row in enumerate(rows):
                shown = OTHER_PRIOR if other else ANSWER_PRIOR + (FIRST_PASSAGE_PRIOR if position == 0 else 0)
                boost[row] = weight * shown if other else max(boost[row], weight * shown)
            weight *= OLDER_TURN
        self._facet_prior(boost, turns, message)
        pointed = self.pointed_at(turns, message)
        if pointed is not None:
            boost[self._row[pointed.id]] += ORDINAL_PRIOR
        boost[self._same_group(turns, message)] += FACET_PRIOR

        return boost if boost.any() else None

    def _same_group(self, turns: Sequence[EarlierTurn], message: str) -> list[int]:
        """'what did the same group find…?': the passages near the one leaned on (the same subsection, the next or
        previous) that name the studies it names; none for any other message."""
        focus = self.focus(turns, message)
        if focus is None:
            return []
        row = self._row[focus[0].id]
        near = {row, *self._near[row], *self._section.get(row, ())}
        return [r for r in same_group(message, *focus, self.review.chunks) if r in near]

    def _facet_prior(self, boost: np.ndarray, turns: Sequence[EarlierTurn], message: str) -> None:
        """'any numbers on that?', 'who found that?': the previous answers' passages that say what is asked (figures,
        a citing study, …) get FACET_PRIOR, the passage the answer opened with included; when none does, their
        neighbours that say it get it, and the answer's own passages are set back. Not for a message that names
        things of its own."""
        facets = () if entities(message) else asked_facets(message)  # 'how many get EGFR T790M?' asks of its own
        weight = 1.0
        for turn in reversed(turns[-2:] if facets else ()):
            if boost.max() >= weight * FACET_PRIOR:
                break  # the later answer (or a neighbour) says it: an older turn's study is not what is asked
            rows = self.known(turn.answer_chunk_ids)
            saying = [row for row in rows if any(holds(self.review.chunks[row], f) for f in facets)]
            if not saying:
                chunks = self.review.chunks  # a neighbour reporting another study says not what is asked of this one
                near = dict.fromkeys(
                    n for r in rows for n in self.near(r) if n not in rows and not other_study(chunks[r], chunks[n])
                )
                saying = [row for row in near if any(holds(self.review.chunks[row], f) for f in facets)]
                for row in rows if saying else ():
                    boost[row] = min(boost[row], 0.0) + weight * LACKS_FACET_PRIOR
            for row in saying:
                boost[row] = max(boost[row], 0.0) + weight * FACET_PRIOR
            weight *= OLDER_TURN

    def pointed_names(self, turns: Sequence[EarlierTurn], message: str) -> list[Pointed]:
        """'that cytokine' -> the name of the previous answers the review calls a cytokine ('IL-6')."""
        answers = [[self.review.chunks[row] for row in self.known(t.answer_chunk_ids)] for t in reversed(turns[-2:])]
        return pointed_names(message, answers, self._kinds)

    def regrounded(self, reading: Reading, turns: Sequence[EarlierTurn], message: str) -> Reading:
        """`reading` with a pronoun read as the previous answer's subject ('those' after 'and with KRAS inhibitors?'
        answered with the KRAS passage: KRAS inhibitors), when context.py read it as an older question's; with 'the
        second ones' replaced by the name it stands for ('how do MDSCs shut down T cells?')."""
        named, place = self.naming.label(turns, message), ordinal_match(message)
        if named and place is not None:
            return replace(reading, question=named_text(message, named, place), followup=True)
        if not turns or message.strip() not in reading.question and not reading.context:
            return reading
        answer = [self.review.chunks[row] for row in self.known(turns[-1].answer_chunk_ids)]
        return regrounded(reading, turns[-1].question, answer) if answer else reading

    def pointed_at(self, turns: Sequence[EarlierTurn], message: str) -> Chunk | None:
        """The passage 'the second one' names: the table row (else the answer's passage) of the study it names among
        the previous answer's sentences, none when it names another thing (the search reads the name); without the
        sentences, the previous answer's second passage (of an answer with fewer passages, the table row of the second
        study they name); None when the message points at no place or the previous question names that many itself."""
        place = ordinal(message)
        if place is None or not turns:
            return None
        if self.naming.listed(turns, message):
            return None  # 'the first one' after 'CHECKMATE-227 and KEYNOTE-024': the question's own list
        rows = self.known(turns[-1].answer_chunk_ids)
        mention = self.naming.name(turns, message)
        if mention is not None:
            if mention.kind is not MentionKind.STUDY:
                return None
            naming = [self.review.chunks[r] for r in rows if mention.name in named_studies([self.review.chunks[r]])]
            return study_passage(self.review.chunks, mention.name) or next(iter(naming), None)
        if rows and len(rows) < abs(place):  # 'that second study' after one passage naming two: the second study
            studies = named_studies([self.review.chunks[row] for row in rows])
            named = studies[place - 1 if place > 0 else place] if abs(place) <= len(studies) else ""
            return study_passage(self.review.chunks, named) if named else None
        if not rows:
            return None
        item = turns[-1].item(place)  # the answer's item as shown: two may come from one passage
        passage = quoted_from([self.review.chunks[row] for row in rows], item) if item is not None else None
        return passage if passage is not None else self.review.chunks[rows[place - 1 if place > 0 else place]]

    def focus(self, turns: Sequence[EarlierTurn], message: str) -> tuple[Chunk, str] | None:
        """The passage a follow-up leans on (the one 'the second one' names, else the previous answer's first) and
        its sentence closest to the previous question (what the answer most likely quoted); None when not known.
        (The sentence the answer opened with, as shown, lost hit@1 on chats4, heldout8 and heldout12.)"""
        if not turns:
            return None
        pointed = self.pointed_at(turns, message)
        rows = [self._row[pointed.id]] if pointed is not None else self.known(turns[-1].answer_chunk_ids)
        if not rows:
            return None
        chunk = self.review.chunks[rows[0]]
        place = ordinal(message)
        item = turns[-1].item(place) if place is not None else None
        if pointed is not None and chunk.kind is not Kind.TABLE_ROW and item is not None:
            return chunk, item  # 'the second one': the answer's second item, as shown
        if chunk.kind is Kind.TABLE_ROW or pointed is not None:
            return chunk, "\n".join(chunk.table_cells) or chunk.text
        expanded = expand_query(turns[-1].question, self.review.glossary, lay=True, thesaurus=True)
        asked = {*expanded.terms, *expanded.expansion_terms}  # 'macrophages' finds the sentence on TAMs
        sentences = split_sentences(chunk.text) or [chunk.text]
        return chunk, max(sentences, key=lambda s: len(asked & set(tokenize(s))))

    def about(self, turns: Sequence[EarlierTurn], message: str) -> str:
        """What the passage a follow-up leans on is about, in the review's words, for 'read as': the study a table
        row names ('Utsumi, 2025'), else its heading and the named things of its sentence ('Resistance to targeted
        therapy: HGF, c-MET'); for 'the first one' after a question or an answer naming several, the one it names."""
        listed = self.naming.label(turns, message)
        if listed:
            return listed
        focus = self.focus(turns, message)
        if focus is None:
            return ""
        chunk, sentence = focus
        author = _FIRST_AUTHOR.search(chunk.text) if chunk.kind is Kind.TABLE_ROW else None
        if author is not None:
            return author.group(1).strip()
        asked = {e.casefold() for e in entities(turns[-1].question)} | {chunk.heading.casefold()}  # not 'ICIs: ICIs'
        studies = [f"{m.group(1)} et al" for m in _ET_AL.finditer(sentence)]
        named = studies + [
            e for e in entities(sentence) if e.casefold() not in asked and len(e) <= 24 and e not in self.common
        ]
        label = ", ".join(list(dict.fromkeys(named))[:_LABEL_ENTITIES])
        return f"{chunk.heading}: {label}" if label else chunk.heading

    def search_texts(self, turns: Sequence[EarlierTurn], message: str) -> list[tuple[str, float]]:
        """The message with what the previous answer it leans on was about, and its weight, for the search to score
        beside the question as read; none when no earlier answer is known."""
        about = self.about(turns, message)
        texts = [(f"{message} {about}"[:MAX_QUERY_CHARS].rstrip(), ANSWER_TEXT_WEIGHT)] if about else []
        pointed = self.pointed_names(turns, message)
        return texts + ([(resolved(message, pointed)[:MAX_QUERY_CHARS].rstrip(), POINTED_WEIGHT)] if pointed else [])

    def read_as(self, reading: Reading, turns: Sequence[EarlierTurn], message: str) -> Reading:
        """`reading` saying what a follow-up that points back was read against: the previous answer ('how do you get
        around that (Resistance to targeted therapy: HGF, c-MET)?'), or the passage 'the second one' names."""
        reading = self._noted(reading, turns, message)
        place = ordinal_match(message)
        if not (reading.topic or place or POINTS_BACK.search(message)):
            return reading  # a question of its own, or one whose topic was replaced ('what about TAMs?')
        about = self.about(turns, message)
        if not about:
            return reading
        pointed = self.pointed_at(turns, message)
        if place is not None and (pointed is not None or about == self.naming.label(turns, message)):
            question = f"{message[: place.end()]} ({about}){message[place.end() :]}"
        else:
            said = reading.question.startswith(f"{message.strip()} (")  # the message with the topic it leans on
            base = message.strip() if said else reading.question
            question = f"{base.rstrip().rstrip('?.!')} ({about})?"
        question = resolved(question, self.pointed_names(turns, message))  # 'that cytokine (IL-6)'
        return replace(reading, question=question[:MAX_QUERY_CHARS].rstrip())

    def _noted(self, reading: Reading, turns: Sequence[EarlierTurn], message: str) -> Reading:
        """`reading` with a note when a follow-up asks for figures ('any numbers on that?') that the review gives
        neither in the previous answer's passages nor in those near them on the same study."""
        if not turns or entities(message) or "figures" not in asked_facets(message):
            return reading
        chunks, rows = self.review.chunks, self.known(turns[-1].answer_chunk_ids)
        near = [chunks[n] for row in rows for n in self.near(row) if n not in rows]
        if not says_no_figures([chunks[row] for row in rows], near):
            return reading
        about = self.about(turns, message)
        said = f" ({about})" if about else ""
        return replace(reading, notes=(f"The review gives no figures on this{said}; the nearest it says is below.",))


def apply_shown(scores: np.ndarray, prior: np.ndarray | None) -> np.ndarray:
    """Positive scores times one plus the conversation prior (a BM25 zero stays out of the ranking)."""
    return scores if prior is None else np.where(scores > 0, scores * (1.0 + prior), scores)
