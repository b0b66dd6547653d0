"""A student's words for the review's terms: 'immune brakes' -> immune checkpoints, 'scar tissue' -> fibrosis and
the extracellular matrix, 'spread to other organs' -> metastasis.

A hand-written thesaurus of lay oncology wording, the last resort the retrieval issue allowed (measured on its own
in docs/EVALUATION.md: `--without lay_terms`). A match adds the review's words to the search as a glossary
expansion does: to BM25 at half weight and beside the question for the embedding model; the reply says so
("Also searched: immune brakes = immune checkpoints").
"""

from __future__ import annotations

import re

# (lay wording as typed, the review's words for it)
LAY_TERMS: tuple[tuple[str, str], ...] = (
    (r"immune\s+brakes?|brakes?\s+on\s+the\s+immune\s+system|brake\s+(?:drugs?|blockers?)", "immune checkpoints"),
    (r"sugar\s+(?:metabolism|use|burning)|(?:burn|eat|use)\w*\s+sugar|glucose\s+use", "glycolysis glucose metabolism"),
    (r"scar(?:-|\s)?tissue|scarring|scar-tissue-like", "fibrosis extracellular matrix stiffness"),
    (
        r"spread(?:s|ing)?\s+(?:to|into)\s+other\s+(?:organs|places|parts)|spread(?:s|ing)?\s+around\s+the\s+body",
        "metastasis",
    ),
    (r"(?:new\s+)?blood[\s-]vessels?(?:\s+growth)?|blood\s+supply|vessel[\s-]starving", "angiogenesis vasculature"),
    (r"killer\s+t[\s-]?cells?", "cytotoxic CD8+ T cells"),
    (r"killer\s+cells?", "natural killer NK cells cytotoxic T cells"),
    (r"gut\s+(?:bacteria|bugs|microbes|flora)|bacteria\s+in\s+the\s+gut", "gut microbiota microbiome"),
    (r"\bbacteria\b|\bbugs\b|\bmicrobes\b", "microbiota microbiome"),
    (r"low\s+oxygen|lack\s+of\s+oxygen|oxygen\s+(?:shortage|starv\w*)|starved\s+of\s+oxygen", "hypoxia"),
    (r"hid(?:e|es|ing)\s+from\s+the\s+immune|escap\w*\s+the\s+immune|dodg\w*\s+the\s+immune", "immune evasion"),
    (r"\bchemo\b", "chemotherapy"),
    # A technical word too, so only BM25 hears the narrower name (search.expansion: `BROAD_WORDS`).
    (r"immunotherap(?:y|ies)|immune\s+therap(?:y|ies)", "immune checkpoint inhibitors ICB"),
    (r"\bradiation\b(?!\s+therapy)", "radiotherapy"),
    (r"neighbou?rhood|surroundings|the\s+stuff\s+around", "tumor microenvironment"),
    (r"support(?:ing)?\s+cells|connective[\s-]tissue\s+cells|fibroblast\s+thing\w*", "fibroblasts stromal cells"),
    (r"stop(?:s|ped)?\s+working|quit\s+working|no\s+longer\s+work", "resistance"),
    (
        r"\b(?:do|does|did)(?:n['’]?t|\s+not)\s+(?:[\w-]+\s+){0,4}respond\w*|"
        r"\b(?:do|does|did)\s+(?:[\w-]+\s+){0,4}not\s+respond\w*|fail\w*\s+to\s+respond|non-?respon\w+|"
        r"unresponsive",
        "resistance",
    ),
    (
        r"(?:chemical|inflammatory)\s+messengers?|messenger\s+molecules?|signal(?:l)?ing\s+molecules?",
        "cytokines chemokines",
    ),
    (r"(?:tiny\s+)?bubbles|vesicles", "exosomes extracellular vesicles"),
    (r"nerve\s+cells|nerves", "neurons neuronal"),
    (r"stem[\s-]like\s+cells|self-renewing\s+(?:tumou?r\s+)?(?:stem\s+)?cells", "cancer stem cells"),
    (r"white\s+blood\s+cells", "immune cells"),
    (r"(?:targeted\s+)?pills|tablets", "tyrosine kinase inhibitors"),
    (r"herbs?|herbal|chinese\s+medicine", "traditional Chinese medicine natural product"),
    (r"side\s+effects?", "adverse events toxicity"),
    (r"\bexpensive\b|\bpricey\b|\bcostly\b|\bafford\w*|\bhow\s+much\s+(?:does|do|did)\s+.{0,30}\bcost\b", "high costs"),
    (r"\bwho\s+(?:paid|pays|funded|bankrolled)\b|\bpaid\s+for\b", "funding supported"),
    (r"(?:a\s+)?test\s+to\s+(?:know|predict|tell)|predict\s+who\s+(?:will\s+)?respond", "biomarker predict response"),
    (r"breathe[ds]?\s+in|inhal\w*", "inhaled"),
    (r"nano[\s-]?particles?|tiny\s+particles?", "nanoparticles"),
    (
        r"antibod(?:y|ies)\s+with\s+(?:a\s+)?drugs?\s+attached|drug[\s-]carrying\s+antibod\w*",
        "antibody-drug conjugates",
    ),
    (
        r"\bBiTEs?\b|\bbsAbs?\b|two[\s-]target(?:ed)?\s+antibod\w*|double[\s-]armed\s+antibod\w*",
        "bispecific antibodies",
    ),
    (r"engineered\s+(?:immune\s+)?t[\s-]?cells|designer\s+t[\s-]?cells", "CAR-T cell therapy"),
    (r"(?:ate|eating|eat)\s+(?:the\s+)?(?:debris|garbage)|garbage[\s-]eating\s+cells", "macrophages"),
    (r"lactic\s+acid", "lactate"),
    # Generic lay phrasings of relations the review names in its own words.
    (
        r"good\s+(?:guys?\s+)?or\s+(?:the\s+)?bad(?:\s+guys?)?|bad\s+(?:guys?\s+)?or\s+good|both\s+good\s+and\s+bad|"
        r"help(?:ful|s|ing)?\s+(?:and|or)\s+(?:harm|hurt)\w*|friends?\s+or\s+foes?|double[\s-]edged|"
        r"for\s+or\s+against\s+the\s+tumou?r|helping\s+the\s+(?:cancer|tumou?r)",
        "dual role both protumorigenic antitumorigenic",
    ),
    (
        r"(?:drugs?|medicines?|chemo|treatments?)\s+(?:\w+\s+){0,3}(?:get|gets|getting|reach\w*|penetrat\w*)\s+"
        r"(?:\w+\s+){0,2}(?:inside|into|in)\b|keep\w*\s+(?:the\s+)?(?:drugs?|medicines?)\s+(?:from|out)",
        "drug penetration physical barrier",
    ),
    (r"\bscans?\b|\bscanning\b", "imaging PET MRI"),
    (
        r"(?:normal|healthy|other|surrounding)\s+cells?\s+(?:next\s+to|around|near|beside|surrounding)\b|"
        r"cells?\s+(?:next\s+to|around|surrounding)\s+(?:the\s+)?(?:tumou?r|cancer)",
        "stromal cells tumor microenvironment",
    ),
    (
        r"different\s+(?:kinds|types|sorts)|same\s+mutations?|(?:kinds|types|sorts)\s+of\s+lung\s+cancer",
        "molecular subtypes",
    ),
    (r"\bproof\b|\bproven\b|\bevidence\s+(?:behind|for)\b|\bbacked\s+by\b", "clinical validation evidence"),
    (
        r"holding\s+(?:\w+\s+)?back|what(?:'s|\s+is)\s+stopping|\bthe\s+catch\b|\bdownsides?\b|\bdrawbacks?\b|"
        r"\bhurdles?\b|\bobstacles?\b|what\s+(?:are\s+)?the\s+problems?\s+with",
        "limitations challenges limited by",
    ),
    (
        # a summary of the article itself ('summarise this paper', 'tl;dr'), not of a topic in it ('summarise the
        # main ways the TME drives resistance', 'an overview of TAMs')
        r"what\s+(?:is|'s)\s+(?:this|the)\s+(?:review|paper|article)\s+about|"
        r"\b(?:summ(?:ary|ari[sz]e)|overview)\s+(?:of\s+)?(?:the|this)\s+(?:review|paper|article)\b|"
        r"^\W*(?:give\s+me\s+)?(?:an?\s+)?(?:summary|summari[sz]e|overview)\W*$|\btl;?dr\b",
        "abstract the present review",
    ),
    (
        r"where\s+(?:do|does|did)\s+(?:the\s+)?(?:authors?|they|writers?)(?:\s+of\s+(?:this|the)\s+\w+)?\s+"
        r"(?:work|come\s+from|based)|"
        r"which\s+(?:institutions?|hospitals?|universit(?:y|ies))|\baffiliations?\b",
        "Department Affiliated Hospital University",
    ),
    (r"acidic|acid\s+build-?up", "acidity lactate acidosis"),
)
_PATTERNS = tuple((re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.I), words) for pattern, words in LAY_TERMS)


# Lay entries whose typed words are themselves the review's (broader) terms: their narrower name is searched by BM25
# only, not spelled out beside the question for the embedding model.
BROAD_WORDS = re.compile(r"^(?:immunotherap(?:y|ies)|immune\s+therap(?:y|ies))$", re.I)


def lay_matches(text: str) -> list[tuple[str, str]]:
    """(what the user typed, the review's words) for each lay wording in `text`, in the order of LAY_TERMS."""
    found = []
    for pattern, words in _PATTERNS:
        match = pattern.search(text)
        if match:
            found.append((match.group(), words))
    return found
