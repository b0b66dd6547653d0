"""Does the review answer the question? Judged from retrieval evidence, not a language model, and said plainly.

Four signs that it does not, each with the sentence the reply shows:
- the question turns on a specialised word the review never uses (a drug, a gene, a procedure: 'adagrasib',
  'lobectomy'): a word rare in general English (wordfreq Zipf < 2) that is not in the review's prose, nor an
  inflection of a review word ('glycolytic' ~ 'glycolysis'), nor a typo of one (search.spelling) —
  "The review does not mention adagrasib.";
- it asks a detail (a dose, a hazard ratio, a cut-off…) of something the review names, and the passages that
  name it do not report that detail (search.details) — "The review discusses IMpower150 but does not report its
  hazard ratio." (also of a named study: 'what dose did Li et al use?'; not when the question asks which papers
  report something);
- it is about a topic the review leaves out (search.scope) — "The review does not discuss air pollution.";
- neither the embedding nor BM25 finds anything close: low best cosine and most of the query's weight missing
  from the best passages — "Nothing in the review is close to this question." (Not said of a message read in a
  conversation: 'how toxic was the combo?' leans on the turns before it.)
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import numpy as np

from reviewqa.corpus.review import Review
from reviewqa.index.lexical import ChunkTerms, LexicalIndex
from reviewqa.index.terms import STOPWORDS, tokenize
from reviewqa.records import PROSE_KINDS, Kind
from reviewqa.search.detail_sentences import DetailSentences, Event, MissingDetail, full_name
from reviewqa.search.details import Detail, asked_details, asked_event, reported
from reviewqa.search.expansion import ExpandedQuery
from reviewqa.search.fusion import convex_fuse, rank_by_score
from reviewqa.search.query import ReferenceIntent
from reviewqa.search.scope import Scope
from reviewqa.search.spelling import Speller
from reviewqa.search.vocabulary import Vocabulary, english_zipf

COVERAGE_DEPTH = 3  # passages whose words count as lexical evidence
# Best cosine below this: nothing in the review is about the question. Chosen for the review-adapted encoder (the
# stock one used 0.25): no answerable question of tune and heldout..heldout8 is under it; 27 of their 223
# unanswerable ones are.
WEAK_DENSE = 0.22
WEAK_COVERAGE = 0.5  # share of the query's IDF weight found in the top passages
_WORD_OF = re.compile(r"[A-Za-z]+")
# A named subject in at most this many chunks is a thing (a drug, a trial, a cell type), whose details are read in
# the sentences naming it; more, it is a topic of the whole review ('microenvironment', 'EGFR').
# (8, 12, 20 and no limit: the same answerable questions flagged on every set; 20 kept 'ICIs', in 13.)
NAMED_FEW = 20
_NAMED_ONCE = 2  # a detail's subject in at most this many chunks (a trial, a drug): only they can report it
_ROMAN = re.compile(r"[IVX]{1,4}")  # a phase or table number, never the subject of a detail

# 'which trials are cited for…', 'who showed…': a question whose answer is the review's sources, not a detail.
_WHICH_PAPERS = re.compile(
    r"\b(?:which|what)\s+(?:\w+\s+){0,3}(?:papers|articles|references|studies|trials|publications)\b|"
    r"\bcited\s+(?:for|as|to)\b|\bwho\s+(?:wrote|showed|reported|found|demonstrated)\b",
    re.I,
)

# 'this review', 'the authors': a question about the document itself, which the document can answer.
_ABOUT_THE_REVIEW = re.compile(r"\b(?:this|the|present)\s+(?:review|paper|article|authors?|work)\b", re.I)


def asks_about_the_review(question: str) -> bool:
    return bool(_ABOUT_THE_REVIEW.search(question))


@dataclass(frozen=True)
class Evidence:
    """What retrieval saw for one question."""

    dense_top: float
    lexical_coverage: float
    foreign_terms: tuple[str, ...]
    asks_for_sources: bool  # reference numbers, authors' names or words like 'cited' (search.query.ReferenceIntent)
    about_the_review: bool = False
    missing_detail: MissingDetail | None = None  # the detail asked, what of, the closest thing the review says
    out_of_scope: tuple[str, ...] = ()  # topics the review does not discuss
    asks_which_papers: bool = False  # 'which trials are cited for…': the sources are the answer, not a detail
    in_conversation: bool = False  # read after earlier messages: 'how toxic was the combo?' is not judged alone


@dataclass(frozen=True)
class Verdict:
    """Whether the review answers, and if not, one sentence saying what is missing."""

    answerable: bool
    missing: str = ""


def verdict(evidence: Evidence) -> Verdict:
    """Answerable, or not and why (the first sign found, in the order of the module's docstring)."""
    if evidence.foreign_terms and not evidence.asks_for_sources:  # an author's name is no foreign word
        return Verdict(False, f"The review does not mention {_either(evidence.foreign_terms)}.")
    # 'what dose did Li et al use?'; not of a message read in a conversation, whose question holds the earlier
    # turn's words too ('And with KRAS inhibitors, how well do they work? (How common is resistance…?)').
    if evidence.missing_detail is not None and not (evidence.asks_which_papers or evidence.in_conversation):
        return Verdict(False, evidence.missing_detail.message)
    if evidence.asks_for_sources:
        return Verdict(True)
    if evidence.out_of_scope:
        return Verdict(False, f"The review does not discuss {_either(evidence.out_of_scope)}.")
    if evidence.about_the_review:
        return Verdict(True)
    if evidence.in_conversation:
        return Verdict(True)
    if evidence.dense_top < WEAK_DENSE and evidence.lexical_coverage < WEAK_COVERAGE:
        return Verdict(False, "Nothing in the review is close to this question.")
    return Verdict(True)


def _either(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


class AnswerabilityJudge:
    """Gathers the evidence for one review and index; one instance serves concurrent questions."""

    def __init__(self, review: Review, lexical: LexicalIndex, chunk_terms: ChunkTerms):
        self.review = review
        self.lexical = lexical
        self._prose: tuple[Vocabulary, Speller, Scope] | None = None
        self._detail_sentences: DetailSentences | None = None
        self.chunk_terms = chunk_terms
        self._first_use = threading.Lock()
        self._content = np.array([c.kind is not Kind.REFERENCE for c in review.chunks])

    @property
    def prose(self) -> tuple[Vocabulary, Speller, Scope]:
        """The review's prose words, their typos' mender and the topics it leaves out, built once on first use."""
        if self._prose is None:
            with self._first_use:
                if self._prose is None:
                    texts = [c.text for c in self.review.chunks if c.kind in PROSE_KINDS]
                    speller = Speller(texts, english_zipf)
                    self._prose = (Vocabulary(texts, speller=speller), speller, Scope(texts))
        return self._prose

    @property
    def detail_sentences(self) -> DetailSentences:
        """The review's sentences, read for a detail of a named thing; built once on first use."""
        if self._detail_sentences is None:
            with self._first_use:
                if self._detail_sentences is None:
                    self._detail_sentences = DetailSentences(self.review.chunks)
        return self._detail_sentences

    @property
    def speller(self) -> Speller:
        return self.prose[1]

    def evidence(
        self,
        text: str,
        expanded: ExpandedQuery,
        intent: ReferenceIntent,
        scores: tuple[np.ndarray, np.ndarray],
        eligible: np.ndarray,
        fused: np.ndarray | None = None,
        in_conversation: bool = False,
    ) -> Evidence:
        """Evidence from the review's own passages (its reference list only when asked for).

        `scores` are the dense and BM25 scores of every chunk; `fused` their convex fusion over `eligible`,
        reused when the passages judged are the same chunks.
        """
        dense, lexical = scores
        content = eligible & self._content
        if not content.any():
            content = eligible
        dense_top = float(dense[content].max()) if content.any() else 0.0
        ranking = fused if fused is not None and np.array_equal(content, eligible) else None
        best = rank_by_score(ranking if ranking is not None else convex_fuse(dense, lexical, content), content, 5)
        vocabulary, _, scope = self.prose
        return Evidence(
            dense_top,
            self._coverage(tuple(dict.fromkeys(expanded.terms)), best[:COVERAGE_DEPTH]),
            vocabulary.foreign_terms(
                text, {w.lower() for typed, _ in expanded.expansions for w in _WORD_OF.findall(typed)}
            ),
            intent.active,
            asks_about_the_review(text),
            self._missing_detail(text, best),
            scope.outside(text),
            bool(intent.numbers) or bool(_WHICH_PAPERS.search(text)),
            in_conversation,
        )

    def _coverage(self, terms: tuple[str, ...], rows: list[int]) -> float:
        """The share of the query's IDF weight found in these passages."""
        if not terms or not rows:
            return 0.0
        seen = set().union(*(self.chunk_terms.counts(row) for row in rows))
        weights = self.lexical.idf(terms)
        return float(sum(w for t, w in zip(terms, weights, strict=True) if t in seen) / weights.sum())

    def _missing_detail(self, question: str, rows: list[int]) -> MissingDetail | None:
        """The detail a question asks that the review does not report of its subject, with the closest sentence."""
        details = asked_details(question)
        if not details:
            return None
        event = asked_event(question)
        subject, frequency, specific = self._subject(question, details, event)
        if specific and frequency <= NAMED_FEW:  # a named thing: its detail in a sentence naming it (detail_sentences)
            detail_sentences = self.detail_sentences
            terms = Event.of(event, subject)
            for detail in details:
                if not detail_sentences.reports(detail, subject, terms):
                    name = full_name(question, subject, self._in_review)
                    closest = detail_sentences.closest(name, rows) or detail_sentences.closest(subject, rows)
                    row, sentence = (closest.row, closest.sentence) if closest else (rows[0], "")
                    return MissingDetail(
                        detail.name, name, self.review.chunks[row].id, sentence, event if terms else ""
                    )
            return None
        return self._missing_in_passages(question, details, subject, frequency, rows)

    def _missing_in_passages(
        self, question: str, details: list[Detail], subject: str, frequency: int, rows: list[int]
    ) -> MissingDetail | None:
        """An ordinary word's detail (or no subject's): looked for in the passages naming it and the best ones."""
        named = subject.casefold()
        if subject and frequency <= _NAMED_ONCE:  # a trial, a drug: the passages naming it, wherever they rank
            texts = [c.text for c in self.review.chunks if c.kind is not Kind.REFERENCE]
        else:
            texts = [self.review.chunks[row].text for row in rows]
        about = [t for t in texts if named and named in t.casefold()]
        if not about or frequency > _NAMED_ONCE:
            # A subject the review names in many passages, in other words too ('patients with EGFR mutations'
            # are 'EGFR-mutant patients'): the best passages count whatever words they use.
            about += [self.review.chunks[row].text for row in rows]
        for detail in (d for d in details if not d.of_a_name):
            if not reported(detail, about):
                return MissingDetail(detail.name, subject or "this", self.review.chunks[rows[0]].id)
        return None

    def _in_review(self, word: str) -> bool:
        """A word the review uses as a name: a code or capitalised name it prints, or a word in few of its chunks
        ('sacituzumab'; not 'upregulate')."""
        terms = tokenize(word)
        frequency = self.lexical.document_frequency(terms[0]) if terms else 0
        coded = any(c.isupper() or c.isdigit() for c in word[1:])
        return frequency > 0 and (coded or frequency <= _NAMED_ONCE + 1)

    def _subject(self, question: str, details: list[Detail], event: str = "") -> tuple[str, int, bool]:
        """What a detail is asked of, and in how many chunks the review names it: the question's most specific
        name the review uses — a named thing (a drug, a trial, a gene: capitals, digits or a word rare in English)
        before an ordinary word, then fewest chunks; not a word of the `event` whose rate is asked ('the incidence
        of pneumonitis with osimertinib') when another named thing is in few chunks."""
        candidates: list[tuple[bool, int, str]] = []
        for match in re.finditer(r"[A-Za-z][\w-]*[A-Za-z0-9]", question):
            word = match.group()
            terms = tokenize(word)
            if not terms or word.lower() in STOPWORDS or _ROMAN.fullmatch(word):  # 'phase III', 'Table II'
                continue
            if any(d.asked.search(word) for d in details):
                continue
            frequency = self.lexical.document_frequency(terms[0])
            if not frequency:
                continue
            named = any(c.isupper() or c.isdigit() for c in word[1:]) or english_zipf(word.lower()) < 3.0
            candidates.append((not named, frequency, word))
        in_event = set(re.findall(r"[A-Za-z][\w-]*[A-Za-z0-9]", event))
        apart = [c for c in candidates if not c[0] and c[1] <= NAMED_FEW and c[2] not in in_event]
        best = min(apart or candidates, default=None)
        return (best[2], best[1], not best[0]) if best else ("", 0, False)

    def judge(self, *args, **kwargs) -> Verdict:
        """The verdict on the evidence: `verdict(self.evidence(...))`."""
        return verdict(self.evidence(*args, **kwargs))
