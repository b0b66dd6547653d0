"""Draft support: each sentence of a writer's draft with the review's sentences that support it (its evidence, each
with passage id, section and reference numbers) and a verdict.

A sentence is searched like a question (`Assistant.search`: the same reading, glossary and answerability checks);
its evidence is the review's sentences nearest to it in meaning and words, the passages the search ranks first
counted in. The verdict then checks what the claim states, not only its topic:
- **unsupported**: nothing in the review is close, or the claim turns on a name the review never uses (a drug, a
  trial, an author) or on a topic it leaves out (`search.answerability`);
- **partly**: the evidence is related but differs — a number, a name (another drug, population, cell type) or the
  direction of an effect — or is only loosely about the claim; `differs` says what;
- **supported**: the evidence is close and states the claim's numbers, names and directions.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import numpy as np

from reviewqa.choices import Support
from reviewqa.corpus.citation_marks import mark_citations
from reviewqa.errors import InvalidQuery
from reviewqa.index.terms import tokenize
from reviewqa.records import PROSE_KINDS
from reviewqa.search.assistant import Assistant
from reviewqa.search.results import SearchResult
from reviewqa.search.vocabulary import english_zipf
from reviewqa.writing.claims import (
    Name,
    claim_numbers,
    initials,
    mentions,
    names,
    numbers,
    opposite_direction,
    spells_out,
)
from reviewqa.writing.draft import Draft, DraftSentence, read_draft
from reviewqa.writing.evidence import EvidencePool, ReviewSentence

EVIDENCE_SHOWN = 3  # review sentences given per draft sentence, best first
EVIDENCE_SPREAD = 0.25  # … those scoring within this of the best (the best is always given)
SEARCH_DEPTH = 5  # passages of the search whose sentences get the search's vote
CANDIDATES = 40  # sentences (by cosine) whose words are compared with the claim
WORDS_WEIGHT = 0.35  # an evidence sentence's score: cosine + this x the claim's term weight it holds
SEARCH_WEIGHT = 0.08  # + this for a sentence of the search's first passage (less for the next ones)
SUPPORTED = 0.7  # an evidence score from which the evidence states the claim (if nothing differs)
RELATED = 0.6  # below this the review says nothing close to the claim
CLOSE = 0.95  # evidence that differs from the claim is a related statement from here; below, not the claim at all
FREQUENT_CHUNKS = 25  # a name in this many passages is the review's background ('TME', 'NSCLC'), not a claim's own


@dataclass(frozen=True)
class Evidence:
    """A sentence of the review (a table row as a row) given for a draft sentence."""

    chunk_id: str
    section_path: tuple[str, ...]
    text: str
    refs: tuple[int, ...]
    score: float

    def to_json(self) -> dict:
        return {"chunk_id": self.chunk_id, "text": self.text, "refs": list(self.refs)}


@dataclass(frozen=True)
class SentenceSupport:
    """One draft sentence, its verdict, its evidence (best first) and what differs."""

    sentence: DraftSentence
    verdict: Support
    evidence: tuple[Evidence, ...]
    differs: str = ""

    @property
    def supported(self) -> bool:
        return self.verdict is Support.SUPPORTED

    @property
    def cited_refs(self) -> tuple[int, ...]:
        """The references a citation of this sentence gives: those of its first evidence, when supported."""
        return self.evidence[0].refs if self.supported and self.evidence else ()

    def to_json(self) -> dict:
        return {
            "text": self.sentence.text,
            "verdict": self.verdict.value,
            "supported": self.supported,
            "evidence": [e.to_json() for e in self.evidence],
            "differs": self.differs,
        }


@dataclass(frozen=True)
class DraftSupport:
    """Every sentence of a draft, in the draft's order, with its support."""

    draft: Draft
    sentences: tuple[SentenceSupport, ...]

    def count(self, verdict: Support) -> int:
        return sum(1 for s in self.sentences if s.verdict is verdict)

    def to_json(self) -> dict:
        """The shape of `reviewqa support --json`."""
        return {"sentences": [s.to_json() for s in self.sentences]}


class Supporter:
    """Checks drafts against one loaded assistant; one instance serves concurrent drafts."""

    def __init__(self, assistant: Assistant):
        self.assistant = assistant
        self._pool: EvidencePool | None = None
        self.initials = initials(" ".join(c.text for c in assistant.review.chunks if c.kind in PROSE_KINDS))
        self._first_use = threading.Lock()

    @property
    def pool(self) -> EvidencePool:
        if self._pool is None:
            with self._first_use:
                if self._pool is None:
                    self._pool = EvidencePool(self.assistant.review, self.assistant.index)
        return self._pool

    def check(self, text: str) -> DraftSupport:
        """Every sentence of the draft `text` with its support; DraftRefused for text that is not a draft."""
        draft = read_draft(text)
        return DraftSupport(draft, tuple(self.check_sentence(s) for s in draft.sentences))

    def check_sentence(self, sentence: DraftSentence) -> SentenceSupport:
        claim = sentence.claim
        try:
            result = self.assistant.search(claim, k=SEARCH_DEPTH)
        except InvalidQuery:
            return SentenceSupport(sentence, Support.UNSUPPORTED, (), "nothing to check")
        evidence = self.evidence(claim, result)
        verdict, differs = self.verdict(claim, result, evidence)
        return SentenceSupport(sentence, verdict, evidence, differs)

    def evidence(self, claim: str, result: SearchResult) -> tuple[Evidence, ...]:
        """The review sentences that best match the claim, best first."""
        pool = self.pool
        if result.query_vector is None:
            return ()
        cosines = pool.cosines(result.query_vector)
        votes = np.zeros(len(cosines), dtype=np.float32)
        for hit in result.hits:
            votes[pool.rows == pool.row_of[hit.chunk.id]] += SEARCH_WEIGHT / hit.rank
        candidates = [int(i) for i in np.argsort(-(cosines + votes))[:CANDIDATES]]
        terms = tuple(dict.fromkeys(tokenize(self.assistant.review.glossary.spelled_out(claim))))
        weights = self.assistant.index.lexical.idf(terms) if terms else np.zeros(0)
        scored = sorted(
            ((float(cosines[i] + votes[i] + WORDS_WEIGHT * pool.coverage(i, terms, weights)), i) for i in candidates),
            reverse=True,
        )
        best = scored[0][0] if scored else 0.0
        kept = [(score, i) for score, i in scored if score >= max(RELATED, best - EVIDENCE_SPREAD)] or scored[:1]
        return tuple(_evidence(pool.sentences[i], score) for score, i in kept[:EVIDENCE_SHOWN])

    def verdict(self, claim: str, result: SearchResult, evidence: tuple[Evidence, ...]) -> tuple[Support, str]:
        """The verdict on a claim and its evidence, and what differs (or why nothing supports it)."""
        if not evidence:
            return Support.UNSUPPORTED, "nothing in the review is close"
        review = self.assistant.review
        claimed = names(claim, review.glossary, english_zipf)
        vocabulary, _, scope = self.assistant.judge.prose
        known = {w.lower() for typed, _ in result.expansions for w in typed.split()}
        unknown = [n.text for n in claimed if not self._in_review(n, evidence)]
        unknown += [w for w in vocabulary.foreign_terms(claim, known) if w not in {u.lower() for u in unknown}]
        if unknown:
            return Support.UNSUPPORTED, f"the review does not mention {_listed(unknown)}"
        outside = scope.outside(claim)
        if outside:
            return Support.UNSUPPORTED, f"the review does not discuss {_listed(outside)}"
        best = evidence[0].score
        if best < RELATED:
            return Support.UNSUPPORTED, "nothing in the review is close"
        differs = self._differences(claim, claimed, evidence)
        if differs:
            return (Support.PARTLY if best >= CLOSE else Support.UNSUPPORTED), differs
        if best < SUPPORTED:
            return Support.PARTLY, "the evidence is related but does not state the claim"
        return Support.SUPPORTED, ""

    def _frequent(self, name: Name) -> bool:
        terms = tokenize(name.forms[0])
        return bool(terms) and all(self.assistant.index.lexical.document_frequency(t) >= FREQUENT_CHUNKS for t in terms)

    def _in_review(self, name: Name, evidence: tuple[Evidence, ...]) -> bool:
        """Whether the review uses the name in any of its spellings: each word of it indexed, an inflection of a
        review word, or an acronym the evidence spells out ('PDGF': 'platelet-derived growth factor')."""
        lexical = self.assistant.index.lexical
        vocabulary = self.assistant.judge.prose[0]
        for form in name.forms:
            terms = tokenize(form)
            if terms and all(lexical.document_frequency(t) for t in terms):
                return True
        if re.fullmatch(r"[a-z]+|(?=.*\d)[\w-]+", name.text):  # a word or a code: its inflections, its spelling out
            return not vocabulary.foreign_terms(name.text)
        return not (name.text.isupper() and len(name.text) >= 4) or spells_out(self.initials, name.text)

    def _differences(self, claim: str, claimed: list[Name], evidence: tuple[Evidence, ...]) -> str:
        """What the claim states that its evidence does not: a number, a name, a direction ('' when nothing)."""
        review = self.assistant.review
        chunks = {e.chunk_id: review.chunk(e.chunk_id) for e in evidence[:2]}
        context = [c.text for c in chunks.values()]
        cited = {n for c in chunks.values() for n in c.refs}
        authors = " ".join(a for n in cited for a in review.reference(n).authors)
        found = set().union(*(numbers(mark_citations(t, lambda _: "")) for t in context)) if context else set()
        for figure in claim_numbers(claim):
            if float(figure) not in found:
                return f"number: {figure} is not in the evidence"
        stated = [e.text for e in evidence[:2]]
        for name in claimed:
            if name.kind != "population" and self._frequent(name):
                continue
            if not any(mentions(t, name) for t in [*stated, authors]):
                return f"{name.kind}: {name.text} is not in the evidence"
        turned = opposite_direction(claim, [e.text for e in evidence[:2]])
        if turned:
            return f"direction: the evidence gives the opposite effect on '{turned}'"
        return ""


def _evidence(sentence: ReviewSentence, score: float) -> Evidence:
    chunk = sentence.chunk
    return Evidence(chunk.id, chunk.section_path, sentence.text, sentence.refs, round(score, 4))


def _listed(words) -> str:
    words = list(dict.fromkeys(words))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
