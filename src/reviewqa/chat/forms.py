"""The form an answer takes, read from how the question is asked: an overview of distinct points from every
section that treats a broad topic, the strategies that act on a problem, the named studies and trials, a sentence
for each side of a comparison, the sentence that holds a figure, or a plain short answer.

What each form prefers comes from the review itself: its section structure (the sections on therapeutic strategies,
therapies and their management act on a problem; the others explain it), its tables (a row is one study with its
outcome) and the names its studies go by (trial names, 'et al.').
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from reviewqa.chat.answer_types import AnswerType, expected_type
from reviewqa.index.terms import tokenize
from reviewqa.records import Chunk, Kind


class AnswerForm(Enum):
    OVERVIEW = "overview"  # 'what drives …', 'why don't … respond', 'what are the challenges …'
    STRATEGIES = "strategies"  # 'how is X overcome / treated / targeted', 'what can be done'
    STUDIES = "studies"  # 'which trials / studies / drugs …'
    COMPARISON = "comparison"  # 'compare X and Y', 'X vs Y'
    FIGURE = "figure"  # 'how many …', 'what response rate …'
    PLAIN = "plain"  # anything else (a definition among them: its defining sentence first)


@dataclass(frozen=True)
class Shape:
    """How an answer of a form is chosen: from how many passages, how many points in how many words, one point per
    subsection (`spread`), and what it prefers (sentences of the sections that act on a problem, named studies)."""

    depth: int
    points: int
    words: int
    spread: bool = False
    acting: bool = False
    named: bool = False
    grouped: bool = False  # shown under the headings of the sections its points come from


PLAIN_SHAPE = Shape(depth=5, points=4, words=120)
SHAPES = {
    AnswerForm.OVERVIEW: Shape(depth=25, points=6, words=150, spread=True, grouped=True),
    AnswerForm.STRATEGIES: Shape(depth=25, points=5, words=150, spread=True, acting=True, grouped=True),
    AnswerForm.STUDIES: Shape(depth=25, points=5, words=150, spread=True, named=True, grouped=True),
    AnswerForm.COMPARISON: Shape(depth=15, points=4, words=140),
    AnswerForm.FIGURE: Shape(depth=5, points=4, words=120),
    AnswerForm.PLAIN: PLAIN_SHAPE,
}

_COMPARISON = re.compile(r"\bcompar\w*\b|\bvs\.?(?=\s)|\bversus\b|\bdiffer\w*\s+between\b|\bcontrast\s+\w+", re.I)
_STUDIES = re.compile(
    r"\bwhich\s+(?:\w+[\s-]+){0,3}(?:trials?|studies|drugs?|agents?|inhibitors?|antibod\w+|vaccines?|combinations?|"
    r"therapies)\b|\bwhat\s+(?:\w+\s+){0,2}(?:trials?|studies)\b(?!\s+(?:say|said|show|shown|suggest|indicate|find|found|"
    r"reveal|report|conclude)\w*)|\bany\s+(?:\w+\s+)?(?:trials?|studies)\b|"
    r"\bname\s+(?:the\s+|some\s+)?(?:trials?|studies|drugs)\b|\bclinical\s+trials?\b",
    re.I,
)
_STRATEGIES = re.compile(
    r"\bhow\s+(?:is|are|was|were|can|could|might|should|would|may)\b.{0,90}?\b(?:be\s+|being\s+)?(?:overcome|treated|targeted|"
    r"tackled|reversed|prevented|countered|counteracted|addressed|managed|reprogrammed|re-?educated|circumvented|"
    # not 'targeted therapy', a noun: 'how are targeted therapy resistance and immune evasion linked?'
    r"beaten|exploited)\b(?!-|\s+(?:therap(?:y|ies)|agents?|drugs?|inhibitors?|treatments?)\b)|"
    r"\bhow\s+(?:do|does|can|could|should|would|might)\s+(?:we|you|u|doctors|clinicians|one|i|researchers)\s+"
    r"(?:\w+\s+){0,2}(?:overcome|target|treat|tackle|reverse|prevent|counter|get\s+around|circumvent|block|beat)\b|"
    r"\bhow\s+to\s+(?:overcome|target|treat|tackle|reverse|prevent|counter|get\s+around|circumvent)\b|"
    r"\bwhat\s+can\s+(?:be|we|you|doctors)\s+do(?:ne)?\b|\b(?:strategies|approaches|ways|options)\s+(?:to|for)\s+"
    r"(?:overcome|overcoming|target|treat|reverse|counter|tackle)|\bbe\s+(?:overcome|targeted)\b(?!-)",
    re.I,
)
# Asking how something is made to work better is asking for the strategies that act on it ('how r ppl trying to make
# immunotherapy work better', 'ways to boost ICB efficacy'), not for what drives it; 'better at hiding' is not.
_IMPROVING = re.compile(
    r"\b(?:how|ways?|trying|tried|efforts?|doing|done|strateg\w+|approaches)\b.{0,60}?(?:\b(?:improv|enhanc|boost|"
    r"augment|potentiat|increas|restor|strengthen|(?:re)?sensiti[sz])\w*\s+(?:the\s+)?(?:[\w/-]+\s+){0,3}?(?:efficacy|"
    r"responses?|effect|effectiveness|outcomes?|sensitivity|benefits?|activity|results?)\b|(?<!what\s)\bmak\w*\s+"
    r"(?:[\w/-]+\s+){1,4}?(?:work\s+)?(?:better|more\s+effective)\b(?!\s+at\b))",
    re.I,
)
_OVERVIEW = re.compile(
    r"\bwhat\s+(?:drives?|causes?|underl\w+|contribut\w+|makes?)\b|"
    r"\bwhat\s+are\s+(?:the\s+)?(?:main\s+|key\s+|major\s+|known\s+)?(?:mechanisms|challenges|drivers|causes|factors|"
    r"roles?|limitations|barriers|ways|reasons|hurdles|drawbacks|obstacles)\b|"
    r"\bwhy\s+(?:do|does|don'?t|doesn'?t|did|are|is|has|have|can'?t|cannot)\b|"
    r"\bwhat\s+(?:new|novel|emerging|other)\s+(?:\w+\s+){0,2}(?:treatments?|therap\w+|drugs?|approaches|strategies|"
    r"classes)\b|\bhow\s+(?:do|does|can|might|could)\b.{0,80}?(?<!-)\b(?:contribut|promot|driv|caus|fuel|influenc|suppress|mak|render|"
    r"affect|shap|help|play|lead|protect|shield)\w*|\bwhat\s+roles?\b|\broles?\s+(?:of|does|do)\b|\bwhat\s+do\s+we\s+know\b|"
    r"\bmechanisms?\b|\bchallenges\b|\bevidence\b|\boverview\b|\bsummar\w+\b|\bwhich\s+(?:other\s+)?\w+\s+(?:mechanisms|"
    r"factors|checkpoints|cells|pathways)\b|"
    # a set of kinds asked for: 'what are the main immunosuppressive cell types', 'what emerging factors … shape',
    # 'which experimental models have been used', 'what future directions does the review propose'
    r"\bwhat\s+are\s+(?:the\s+)?(?:main|key|major|known|different|various|common)\s+(?:[\w-]+\s+){0,3}?[\w-]+[^\Ws]s\b|"
    r"\b(?:what|which)\s+(?:[\w-]+\s+){0,2}?(?:factors|models|directions|types|kinds|approaches|strategies|"
    r"components|players|features)\s+(?:are|have|has|does|like|such|shape|contribute|influence|were)\b|"
    r"\bwhat\s+is\s+(?:\S+\s+){1,6}and\s+what\s+(?:is\s+it|are\s+they)\b|"
    # what a body of work says or weighs: 'what is known about', 'benefits and drawbacks', 'what holds them back'
    r"\bwhat\s+(?:is|has\s+been)\s+known\b|\bwhat\s+have\s+(?:they|these|studies|trials)\s+shown\b|"
    r"\b(?:benefits|advantages|drawbacks|pros\s+and\s+cons)\b|\bwhat\s+holds?\s+(?:\w+\s+){1,3}back\b|"
    r"\bwhat\s+do(?:es)?\s+(?:\S+\s+){1,16}do\s+(?:in|for|to)\b|\bhow\s+(?:is|are)\s+(?:\S+\s+){1,6}(?:being\s+)?used\b",
    re.I,
)

# An essay or exam instruction ('Discuss …', 'Outline …', 'explain how …', 'Critically evaluate …', 'in what ways …'):
# an overview unless the question asks how to act on something (then the strategies). Broad training sets: 33
# questions carry one and no other form word; specific training sets: 3 ('explain antibody-drug conjugates').
_AT_LENGTH = re.compile(
    r"^\W*(?:(?:please|pls|can\s+you|could\s+you)\s+)?(?:explain|describe|discuss|outline|list|summari[sz]e|"
    r"(?:critically\s+)?evaluate)\b|\bin\s+what\s+ways\b",
    re.I,
)

# The review's sections that act on a problem (therapeutic strategies, therapies, management, combinations): read
# from their headings, so a strategy answer is drawn from them rather than from the mechanisms' sections.
_ACTING_SECTION = re.compile(
    r"\bstrateg\w*|\btherapies\b|\bmanagement\b|\bapproaches\b|\bclinical\s+application|\bcombination\b", re.I
)
# A study or trial by name: 'IMpower150', 'KEYNOTE-189', 'CheckMate 9LA', 'et al', 'phase II/III trial' (not a
# molecule: 'CTLA-4', 'CD47', 'IL-22' name none), or a drug by its international nonproprietary name's stem
# (antibodies '-mab', kinase inhibitors '-tinib'/'-nib', platins, taxanes): 'low-dose apatinib combined with PD-1 …'.
_NAMED = re.compile(
    r"\b(?:[A-Z][A-Za-z]*[A-Z][A-Za-z]+[- ]?\d{2,4}[A-Z]*|[A-Z]{3,}-\d{2,}|CheckMate\s+\w+)\b|\bet\s+al\b|"
    r"\bphase\s+(?:I{1,3}V?|[1-4])(?:/I{1,3}|/[1-4])?\b|\btrials?\b|\b[a-z]{3,}(?:mab|tinib|rafenib|ciclib|platin|taxel)\b",
)


def answer_form(question: str) -> AnswerForm:
    """The form the answer to `question` takes (the first that applies, comparisons and named studies first; a
    question that asks both what drives a problem and how to act on it gets the overview, unless it asks how to
    make something work better)."""
    if _COMPARISON.search(question):
        return AnswerForm.COMPARISON
    if _STUDIES.search(question):
        return AnswerForm.STUDIES
    broad = bool(_OVERVIEW.search(question))
    if _IMPROVING.search(question) or (_STRATEGIES.search(question) and not broad):
        return AnswerForm.STRATEGIES
    if broad or _AT_LENGTH.search(question):
        return AnswerForm.OVERVIEW
    if expected_type(question) is AnswerType.FIGURE:
        return AnswerForm.FIGURE
    return AnswerForm.PLAIN


def acts_on_a_problem(chunk: Chunk) -> bool:
    """Whether the passage stands in a section of the review about acting on a problem (strategies, therapies)."""
    return bool(_ACTING_SECTION.search(" ".join(chunk.section_path)))


def names_a_study(chunk: Chunk, unit: str) -> bool:
    """Whether the unit names a study or trial (a table row is one study)."""
    return chunk.kind is Kind.TABLE_ROW or bool(_NAMED.search(unit))


_TREATMENTS = re.compile(
    r"\b(?:new|novel|emerging|future|promising)\s+(?:\w+\s+){0,2}(?:treatments?|therap\w+|drugs?|approaches|strategies|"
    r"agents|classes)\b|\bwhat\s+(?:treatments?|therapies|drugs)\b",
    re.I,
)
_SIDES = re.compile(
    r"(?:compar\w*|differen\w*\s+between|contrast)\s+(?:the\s+)?(?:roles?\s+of\s+|effects?\s+of\s+)?(?P<a>.+?)\s+"
    r"(?:and|with|to|vs\.?|versus)\s+(?P<b>.+?)(?:\s+(?:in|for|on|among|during)\s+.*)?[?.!]?\s*$|"
    r"^(?:\w+\s+){0,3}?(?P<c>[\w/+-]+(?:\s+[\w/+-]+)?)\s+(?:vs\.?|versus)\s+(?P<d>.+?)(?:\s+(?:in|for)\s+.*)?[?.!]?\s*$",
    re.I,
)


_SET_ASIDE = re.compile(
    r"\b(?:besides|other\s+than|apart\s+from|aside\s+from|beyond|except(?:\s+for)?|excluding|not\s+counting)\s+"
    r"(?P<what>[^,;?()]+?)(?=\s+(?:are|is|were|was|that|which|in|for|to|do|does|have|has|being)\b|[,;?()]|$)",
    re.I,
)
SET_ASIDE_WORDS = 3  # what is set aside is a name or a short phrase ('besides tregs', 'other than PD-1 inhibitors')


def set_aside_terms(question: str) -> frozenset[str]:
    """The index terms of what the question sets aside ('which checkpoints besides PD-1/PD-L1 …'), and of the word
    setting it aside: a sentence naming only those does not answer it. Its first SET_ASIDE_WORDS words only ('any T
    cells besides tregs pump out those cytokines?' sets aside tregs, not the cytokines)."""
    return frozenset(
        t
        for match in _SET_ASIDE.finditer(question)
        for t in tokenize(" ".join([match.group(0).split()[0], *match.group("what").split()[:SET_ASIDE_WORDS]]))
    )


_REASONS = re.compile(r"^\W*(?:and\s+|but\s+|so\s+)?(?:why|how\s+come)\b", re.I)


def asks_for_treatments(question: str) -> bool:
    """'what new treatments …', 'what therapies …': an overview drawn from the sections acting on the problem; not a
    question asking why ('why is it hard to treat even with the new drugs?' asks for reasons, not treatments)."""
    return bool(_TREATMENTS.search(question)) and not _REASONS.search(question)


def comparison_sides(question: str) -> list[frozenset[str]]:
    """The index terms of each side of a comparison ('compare anti-PD-1 and anti-PD-L1 therapy'), without the
    terms both sides share; [] when the sides cannot be told apart."""
    match = _SIDES.search(question)
    if match is None:
        return []
    a, b = (match.group("a"), match.group("b")) if match.group("a") else (match.group("c"), match.group("d"))
    terms_a, terms_b = frozenset(tokenize(a)), frozenset(tokenize(b))
    return [terms_a - terms_b, terms_b - terms_a]
