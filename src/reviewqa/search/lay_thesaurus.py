"""A second, broader thesaurus of lay wording: how a student or a patient's relative says what the review names
('before surgery' -> neoadjuvant, 'worn out' T cells -> exhaustion, 'good or bad' -> dual role).

Written from the review alone by a helper who saw neither the code nor any question set, then cut by hand to
phrases that stand for one concept (generic ones such as 'does it work' or 'new treatments' were dropped, and
so were phrases for topics the review leaves out: search.scope must keep flagging those). Every review word is
checked against the review and no lay phrase occurs in it (tests/unit/search/test_lay_thesaurus.py).

A technique of its own (`--without thesaurus`), used like search.lay_terms: a match adds the review's words to
BM25 at half weight and beside the question for the embedding model.
"""

from __future__ import annotations

import re

# (the review's words, the lay phrases that mean them)
THESAURUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "tumor microenvironment",
        (
            "tumour surroundings",
            "neighborhood around the tumor",
            "what surrounds the tumor",
            "area around the cancer",
            "tumor habitat",
            "tumor neighbourhood",
        ),
    ),
    (
        "heterogeneity",
        (
            "not all the same",
            "differences between tumors",
            "varies from person to person",
            "different cells in one tumor",
            "mixed cells within a tumor",
        ),
    ),
    ("acquired resistance", ("worked then stopped", "becomes resistant over time", "stopped responding later")),
    (
        "Affiliated Hospital",
        ("where do the authors work", "which university", "where are they from", "affiliations", "author institution"),
    ),
    ("present review aims", ("goal of the paper", "aim of the study", "purpose of the review", "why they wrote this")),
    (
        "In conclusion",
        (
            "bottom line",
            "in a nutshell",
            "take home message",
            "main takeaway",
            "final thoughts",
            "what did they conclude",
        ),
    ),
    ("Funding", ("who paid for", "who funded", "paid for the research", "financial support")),
    ("Preclinical", ("not yet in humans",)),
    ("organoids", ("mini tumours", "mini organs", "lab grown tumor", "tumor grown in lab")),
    ("lung-on-a-chip", ("organ on a chip", "microfluidic device", "artificial lung device")),
    ("patient-derived xenograft", ("patient tumor in mice", "human tumor in mouse", "avatar mice", "mouse avatar")),
    ("leading cause of cancer-related death", ("biggest cancer killer", "top cancer killer")),
    ("non-small-cell lung cancer", ("most common lung cancer", "main type of lung cancer")),
    ("5-year survival rate", ("chance of living five years",)),
    ("overall survival", ("how long patients live",)),
    (
        "progression-free survival",
        (
            "time before cancer grows",
            "time until worsening",
            "cancer held off",
            "months without growth",
            "time before it gets worse",
        ),
    ),
    ("objective response rates", ("tumor shrink rate", "shrinkage rate")),
    ("tumor regression", ("tumor shrinking", "shrink the tumor", "tumor shrinkage")),
    (
        "major pathological response",
        ("little cancer left after surgery", "mostly dead tumor", "near complete response"),
    ),
    ("EGFR mutations", ("egfr positive", "gene typo")),
    ("sotorasib", ("lumakras", "lumykras", "kras pill", "kras blocker")),
    (
        "clonal evolution",
        ("cancer evolving", "tumor evolves", "survival of the fittest", "cancer mutating over time", "darwinian"),
    ),
    (
        "exhaustion",
        (
            "worn out",
            "wornout",
            "tired t cells",
            "burned out immune cells",
            "t cell fatigue",
            "immune fatigue",
            "t cells not working",
            "broken t cells",
        ),
    ),
    (
        "myeloid-derived suppressor cells",
        ("immune dampening cells", "cells that block immunity", "immature immune cells"),
    ),
    ("regulatory T cells", ("peacekeeper cells", "brake t cells")),
    (
        "tumor-associated macrophages",
        ("pac man cells", "garbage collector cells", "big eater cells", "immune cleanup cells"),
    ),
    (
        "reprogram TAMs",
        (
            "switch macrophages",
            "turning bad cells good",
            "flip macrophages",
            "retrain macrophages",
            "m2 macrophages",
            "tumor friendly macrophages",
            "healing type macrophage",
            "tumor fighting macrophages",
        ),
    ),
    ("dual role", ("good or bad", "help or hurt", "double edged sword", "friend or foe", "two faced")),
    ("antitumor immunity", ("body's defense against cancer", "immune attack on cancer")),
    (
        "Chronic inflammation",
        (
            "long term inflammation",
            "ongoing inflammation",
            "constant irritation",
            "smoldering inflammation",
            "swelling that won't go away",
        ),
    ),
    ("immunosuppressive environment", ("immune system shut down", "disarms the immune system")),
    (
        "Immune evasion",
        (
            "hiding from the immune system",
            "escaping immune system",
            "invisible to immune system",
            "sneak past defenses",
        ),
    ),
    ("immune checkpoints", ("immune brakes", "brakes on immune system")),
    (
        "Immune checkpoint inhibitors",
        ("release the brakes", "checkpoint drugs", "brake blockers", "take the brakes off"),
    ),
    ("dual checkpoint blockade", ("double immunotherapy", "two checkpoint drugs", "combined immune drugs")),
    ("chemotherapy", ("chemo drugs", "cancer killing drugs")),
    ("radiotherapy", ("radiation treatment", "x ray treatment", "radiation therapy")),
    ("targeted therapies", ("targeted pills", "gene targeted pills")),
    ("tyrosine kinase inhibitors", ("tki pills", "egfr pills")),
    ("osimertinib", ("tagrisso",)),
    ("pembrolizumab", ("keytruda",)),
    ("nivolumab", ("opdivo",)),
    ("durvalumab", ("imfinzi",)),
    ("atezolizumab", ("tecentriq",)),
    ("bevacizumab", ("avastin",)),
    ("cisplatin", ("platinum chemo", "platinol", "platinum drug")),
    ("hydroxychloroquine", ("plaquenil", "malaria drug", "lupus drug")),
    (
        "cancer stem cells",
        (
            "root cells",
            "seed cells",
            "mother cells of cancer",
            "roots of the tumor",
            "immortal cells",
            "regrow after treatment",
        ),
    ),
    ("Cancer-associated fibroblasts", ("scar forming cells", "tumor helper cells", "tissue repair cells")),
    ("stromal cells", ("non cancer cells",)),
    (
        "extracellular matrix",
        (
            "scaffolding",
            "connective tissue",
            "tissue framework",
            "mesh between cells",
            "support structure",
            "glue between cells",
        ),
    ),
    ("degrade the ECM", ("break down scaffolding", "dissolve tissue", "chew through tissue", "eat through tissue")),
    ("ECM remodeling", ("reshaping tissue", "rebuilding scaffold", "remodel tissue")),
    (
        "matrix stiffness",
        (
            "tissue stiffness",
            "hard tumor",
            "rigid tissue",
            "tumor hardness",
            "stiff tissue",
            "stiff collagen",
            "collagen cross links",
            "tangled fibers",
        ),
    ),
    ("Matrix metalloproteinases", ("scissor enzymes", "protein cutters", "enzymes that cut")),
    ("physical barrier", ("getting drugs inside", "drug can't reach")),
    ("fibrotic", ("scarring", "scar tissue", "scarred")),
    (
        "angiogenesis",
        (
            "new blood vessels",
            "growing blood vessels",
            "blood supply",
            "vessel growth",
            "feeding vessels",
            "vessel growth signal",
            "blood vessel growth factor",
        ),
    ),
    (
        "Anti-angiogenic therapy",
        (
            "starve the tumor",
            "cut off blood supply",
            "blood vessel blockers",
            "block blood vessels",
            "fix leaky vessels",
            "leaky blood vessels",
            "tidy up vessels",
        ),
    ),
    ("vasculogenic mimicry", ("fake blood vessels", "tumor makes own channels", "copycat vessels")),
    (
        "cytokines",
        (
            "chemical messengers",
            "immune messengers",
            "signaling proteins",
            "messenger molecules",
            "attractant signals",
            "homing signals",
            "come here signals",
        ),
    ),
    ("natural killer", ("assassin cells", "first responder cells", "born killers")),
    ("cytotoxic T cells", ("killer t cells",)),
    ("intratumoral microbiota", ("bacteria inside tumors", "tumor bacteria", "germs in the tumor")),
    (
        "gut microbiota",
        (
            "gut bacteria",
            "gut flora",
            "probiotics",
            "gut health",
            "link between gut and lungs",
            "belly and lungs",
            "stomach and lung connection",
        ),
    ),
    (
        "tumor innervation",
        (
            "nerves",
            "nerve growth",
            "nerves feeding tumor",
            "nerve cells talking",
            "nerve and cancer link",
            "nerve signals",
        ),
    ),
    ("exosomes", ("tiny bubbles", "message bubbles", "vesicles")),
    (
        "Dynamic crosstalk",
        ("talking to each other", "cell chatter", "signals between cells", "conversation between cells"),
    ),
    ("PD-L1", ("pdl1", "invisibility cloak", "pdl1 score", "pdl1 level")),
    ("CD47", ("don't eat me signal", "do not eat me")),
    ("Hypoxia", ("low oxygen", "lack of oxygen", "oxygen starved", "suffocating tumor", "not enough oxygen")),
    ("autophagy", ("self eating", "cell recycling", "eats itself", "recycling system")),
    (
        "Lactate",
        (
            "acid buildup",
            "muscle burn acid",
            "acidic waste",
            "too acidic",
            "sour environment",
            "ph drop",
            "acid environment",
        ),
    ),
    (
        "glycolysis",
        (
            "sugar burning",
            "sugar use",
            "burning glucose",
            "sugar metabolism",
            "feeding on sugar",
            "warburg effect",
            "burning sugar without oxygen",
            "fermentation",
        ),
    ),
    ("Metabolic reprogramming", ("fuel switch", "energy rewiring", "how tumors eat", "changing diet of cells")),
    (
        "Epigenetic modulation",
        (
            "gene switches",
            "turning genes on and off",
            "gene dimmer switch",
            "beyond dna changes",
            "gene volume control",
        ),
    ),
    ("RNA modifications", ("rna tags", "chemical tags on rna", "rna editing marks", "methyl tags", "rna methyl marks")),
    ("Long non-coding RNAs", ("rna that doesn't make protein",)),
    ("T790M", ("resistance mutation",)),
    ("combination therapies", ("drug combos", "mixing treatments", "two drugs together", "combo therapy")),
    ("tertiary lymphoid structures", ("immune hubs", "mini lymph nodes", "lymph node like")),
    ("tumor recurrence", ("cancer coming back", "return of cancer", "cancer returns")),
    (
        "chemoresistance",
        (
            "chemo stopped working",
            "chemo resistant",
            "chemo not working",
            "resistant to many drugs",
            "superbug like cancer",
        ),
    ),
    ("radioresistance", ("radiation stopped working", "radiation not working", "resistant to radiation")),
    (
        "epithelial-mesenchymal transition",
        ("cells becoming mobile", "cells break loose", "shape change for spreading", "cells go rogue"),
    ),
    ("invasion and metastasis", ("spreading", "spread to other organs")),
    (
        "brain metastases",
        ("spread to brain", "brain tumors from lung", "cancer in the brain", "brain spots", "brain mets"),
    ),
    ("cell adhesion", ("cells sticking", "stickiness", "anchoring")),
    ("biomarkers", ("test to predict",)),
    ("Spatial transcriptomics", ("tissue mapping", "gene map of tumor", "cell location mapping", "tumor map")),
    ("immune-desert", ("cold tumor", "cold tumors", "no immune cells", "immune cells kept out", "locked out")),
    (
        "single-cell RNA sequencing",
        ("cell by cell analysis", "single cell analysis", "reading each cell", "one cell at a time"),
    ),
    ("artificial intelligence", ("machine learning", "computer models", "deep learning", "computers predicting")),
    ("multiomics", ("combining all data", "genes proteins metabolites")),
    ("personalized", ("tailored treatment", "custom treatment", "individualized care")),
    ("clinical practice", ("real life hospital", "used by doctors")),
    ("Challenges and future directions", ("what's still unknown", "where research is going")),
    ("neoadjuvant", ("before surgery", "pre surgery", "pre operative", "shrink before operation")),
    ("resectable", ("operable", "can be removed", "removable by surgery", "surgery possible")),
    ("adverse events", ("side effects",)),
    ("elevated transaminases", ("liver enzymes", "high liver tests", "raised liver enzymes")),
    ("radiation pneumonitis", ("lung inflammation from radiation", "radiation lung damage")),
    ("hypertension", ("high blood pressure", "raised bp")),
    ("hand-foot syndrome", ("sore hands and feet", "peeling palms", "blistering feet")),
    ("cytokine release syndrome", ("cytokine storm", "immune overreaction", "high fever after car t")),
    ("risk-benefit", ("pros and cons", "worth the risk", "benefits versus risks")),
    ("refractory", ("not responding to anything",)),
    ("PET imaging", ("pet scan",)),
    ("neoantigen vaccine", ("cancer vaccine", "tumor vaccine", "jab against cancer", "mrna vaccine")),
    ("tumor-infiltrating lymphocytes", ("immune cells inside tumor", "white cells in tumor", "tils therapy")),
    ("CAR-T", ("engineered t cells", "modified immune cells", "designer cells", "living drug", "gene edited t cells")),
    (
        "Natural product",
        (
            "herbs",
            "herbal medicine",
            "chinese herbs",
            "tcm",
            "natural remedies",
            "alternative medicine",
            "ginseng tea",
            "chinese herbal formula",
        ),
    ),
    ("nanoparticle", ("tiny particles", "nano carriers", "microscopic capsules", "tiny drug carriers", "nanomedicine")),
    ("inhalable", ("inhaler", "breathe in medicine", "inhaled medicine", "puffer", "nebulizer")),
    ("tumor cavitation", ("hole in tumor", "hollow tumor", "cavity in lung", "tumor becomes hollow")),
    (
        "Antibody-drug conjugates",
        ("smart bombs", "guided missiles", "trojan horse drugs", "antibody with chemo attached"),
    ),
    (
        "bispecific antibodies",
        (
            "two armed antibodies",
            "double target antibody",
            "dual antibody",
            "bridge antibodies",
            "bite therapy",
            "matchmaker antibody",
            "t cell connectors",
        ),
    ),
    ("translational hurdles", ("from lab to clinic", "bench to bedside", "when will it be available")),
)


def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Whole phrases, any case, words joined by spaces or hyphens, the last word in the plural too."""
    alternatives = [r"[\s-]+".join(re.escape(word) for word in phrase.split()) + "s?" for phrase in phrases]
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])", re.I)


_PATTERNS = tuple((_pattern(phrases), words) for words, phrases in THESAURUS)


def thesaurus_matches(text: str) -> list[tuple[str, str]]:
    """(what the user typed, the review's words) for each thesaurus entry `text` uses, in the thesaurus's order."""
    found = []
    for pattern, words in _PATTERNS:
        match = pattern.search(text)
        if match:
            found.append((match.group(), words))
    return found
