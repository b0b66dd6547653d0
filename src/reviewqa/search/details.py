"""Details a question may ask of something the review mentions — a dose, a schedule, a hazard ratio, a cut-off, a
number or share of patients, a cost, an IC50, a radiation fractionation, a survival time, a named species — and
whether the passages that mention it report that detail at all (a number with a unit, the measure's name).

"What was the hazard ratio in IMpower150?" is about a trial the review names; it is answerable only if a passage
about IMpower150 gives a hazard ratio. Each detail is a pair of patterns: how a question asks for it, and what a
passage that reports it must contain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Detail:
    """A kind of detail: its name in a sentence, how a question asks for it, what reporting it looks like."""

    name: str
    asked: re.Pattern[str]
    reported: re.Pattern[str]
    of_a_name: bool = False  # judged only of a named thing, in the sentences naming it (search.detail_sentences)


def _with_figure(measure: str) -> str:
    """A survival measure reported as a figure in the same sentence: 'median PFS of 8.2 months', 'OS: 14 months'."""
    within = r"(?:[^.;]|\.(?!\s+[A-Z]))"
    return (
        rf"(?:{measure}){within}{{0,80}}?\d+(?:\.\d+)?\s*(?:months?|years?|%)|"
        rf"\d+(?:\.\d+)?\s*months?{within}{{0,40}}(?:{measure})"
    )


_COUNT = r"\b\d+\s+(?:patients|participants|subjects|cases|individuals)\b|\bn\s*=\s*\d+"  # how many
_MEASURE_UNIT = r"(?:kPa|mmHg|ng/mL|pg/mL|µM|nM|mM|mg/dL|U/L|mmol/L)"
_UNIT = r"(?:mg|µg|mcg|g|mg/kg|mg/m2|mg/m²|IU|units?)"
DETAILS = (
    Detail(
        "dose",
        re.compile(
            r"(?<![\w-])(?<!low\s)(?<!high\s)(?:doses?|dosing|dosage)\b|\bhow\s+much\s+\w+\s+(?:is|was|were)\s+given\b|"
            r"\bhow\s+many\s+(?:mg|milligrams?)\b",
            re.I,
        ),
        re.compile(rf"\b\d+(?:\.\d+)?\s*{_UNIT}\b", re.I),
    ),
    Detail(
        "dosing schedule",
        re.compile(
            r"\bschedule\b|\bdosing\s+interval\b|"
            r"\bhow\s+often\s+(?:\w+\s+){0,3}(?:given|taken|administered|dosed|infused)\b|"
            r"\bhow\s+many\s+(?:[\w-]+\s+)?cycles\b",
            re.I,
        ),
        re.compile(
            r"\bevery\s+\d+\s+(?:days?|weeks?)\b|\bq\d+w\b|\b\d+\s+cycles?\b|\b(?:once|twice)\s+(?:a|per)\b", re.I
        ),
    ),
    Detail(
        "hazard ratio",
        re.compile(r"\bhazard\s+ratios?\b|\bHRs?\b"),
        re.compile(r"\bhazard\s+ratios?\b|\bHR\b", re.I),
    ),
    Detail(
        "cut-off",
        re.compile(r"\bcut-?offs?\b|\bthresholds?\b|\beligibility\b|\bentry\s+criteria\b|\bproportion\s+score\b", re.I),
        re.compile(r"\bcut-?offs?\b|\bthresholds?\b|(?:≥|>|<|≤)\s*\d+(?:\.\d+)?\s*%|\bTPS\b", re.I),
    ),
    Detail(
        "number of patients enrolled",
        re.compile(
            r"\benrol+(?:ed|ment|ing|s)?\b|\bsample\s+size\b|"
            r"\bhow\s+many\s+(?:patients|people|participants|subjects)\b(?:[^?]{0,60}\b(?:were|was))?\s+"
            r"(?:in|included|treated|studied)\b"
            # 'how many people in the trial had their disease controlled' asks an outcome's share, not enrolment
            r"(?![^?]*\b(?:had|got|responded|experienc\w*|develop\w*|achiev\w*|showed)\b)",
            re.I,
        ),
        re.compile(_COUNT, re.I),
    ),
    Detail(
        "number of patients",
        re.compile(r"\bhow\s+many\s+(?:patients|people|participants|subjects)\b", re.I),
        # A count, or a share of the patients ('in 15% of patients', 'an ORR of 41%'): either says how many.
        re.compile(rf"{_COUNT}|\d%", re.I),
    ),
    Detail(
        "price",
        re.compile(
            r"\bdollars?\b|\beuros?\b|\bprices?\b|\$|\bhow\s+much\s+(?:does|do|did|would)\s+.{0,40}\bcost\b", re.I
        ),
        re.compile(r"[$€£]\s*\d|\b\d[\d,.]*\s*(?:USD|dollars?|euros?)\b", re.I),
    ),
    Detail(
        "cost",
        re.compile(r"\bcosts?\b|\bexpensive\b|\bafford\w*\b|\binsurance\b|\breimburs\w*", re.I),
        re.compile(r"\bcost\w*\b|\bexpensive\b|\bafford\w*\b|\beconomic\w*", re.I),
    ),
    Detail(
        "IC50",
        re.compile(r"\b(?:IC50|EC50|Kd|binding\s+affinity)\b", re.I),
        re.compile(r"\b(?:IC50|EC50|Kd)\b", re.I),
    ),
    Detail(
        "radiation dose and fractionation",
        re.compile(r"\bfractionation\b|\bfractions\b|\bGy\b", re.I),
        re.compile(r"\bGy\b|\bfraction(?:s|ation)\b", re.I),
    ),
    Detail(
        "progression-free survival",
        re.compile(r"\bprogression-?\s?free\s+survival\b|\bPFS\b|\bevent-?\s?free\s+survival\b|\bEFS\b", re.I),
        re.compile(_with_figure(r"progression-free\s+survival|\bPFS\b|event-free\s+survival"), re.I),
    ),
    Detail(
        "share of patients",
        re.compile(
            r"\b(?:what|which)\s+(?:percentage|proportion|share|fraction)\b|\bhow\s+(?:common|frequent)\b|"
            r"\b(?:prevalence|incidence|frequency)\s+of\b|\bhow\s+many\s+(?:percent|%)|\bwhat\s+percent|"
            r"\bwhat\s+(?:was\s+the\s+|is\s+the\s+)?(?:\w+\s+){0,2}rate\s+of\b|"
            r"\bhow\s+often\s+(?:does|did|do)\b[^?]{0,80}\b(?:occur|happen|show\s+up|develop|arise|appear)",
            re.I,
        ),
        # Any percentage: a response or control rate is a share of patients too ('30% disease control rate').
        re.compile(r"\d(?:\.\d+)?\s*%|\bper\s*cent\b|\b(?:one|two|three)[\s-](?:third|quarter|half)", re.I),
    ),
    Detail(
        "named species",
        re.compile(
            r"\b(?:genus|genera|species|strains?|which\s+(?:specific\s+|exact\s+)?(?:bacteri\w*|microbes?))\b", re.I
        ),
        re.compile(
            r"\b[A-Z][a-z]+(?:bacter\w*|coccus|cocci|bacillus|bacilli|ella|monas|bacterium|spira)\b|"
            r"\b(?:Akkermansia|Prevotella|Veillonella|Bacteroides|Clostridium|Escherichia|Helicobacter)\b",
        ),
    ),
    Detail(
        "measured value",
        re.compile(rf"\b{_MEASURE_UNIT}(?![\w/])|\bwhat\s+(?:value|level|concentration)\b", re.I),
        re.compile(rf"\d\s*{_MEASURE_UNIT}(?![\w/])", re.I),
    ),
    Detail(
        "overall survival",
        re.compile(r"\b(?:median\s+)?overall\s+survival\b|\bmedian\s+OS\b", re.I),
        re.compile(_with_figure(r"overall\s+survival|\bOS\b"), re.I),
    ),
    Detail(
        "response rate",
        re.compile(
            r"\bresponse\s+rates?\b|\bORRs?\b|\bdisease\s+control\s+rates?\b|\bDCR\b|\bMPR\b|\bpCR\b|"
            r"\b(?:complete|partial)\s+(?:responses?|remissions?)\b",
            re.I,
        ),
        # '45% major pathological response', '30% disease control rate': the figure may come first.
        re.compile(
            _with_figure(r"response|\bORRs?\b|\bDCR\b|\bMPR\b") + r"|\d%\s+(?:[\w-]+\s+){0,3}(?:response|control)\b",
            re.I,
        ),
    ),
    Detail(
        "duration of response",
        re.compile(r"\bduration\s+of\s+(?:response|remission)\b|\bDoR\b", re.I),
        re.compile(_with_figure(r"duration\s+of\s+response|\bDoR\b"), re.I),
    ),
    Detail(
        "sensitivity and specificity",
        re.compile(
            r"\bspecificity\b|\bAUC\b|\barea\s+under\s+the\s+curve\b|\bdiagnostic\s+accuracy\b|"
            r"\bpredictive\s+value\b",
            re.I,
        ),
        re.compile(r"\b(?:sensitivity|specificity|AUC|accuracy|predictive\s+value)\b[^.;]{0,60}\d", re.I),
    ),
    Detail(
        "year",
        re.compile(r"\b(?:what|which)\s+year\b|\bwhen\s+(?:was|were|did)\b[^?]{0,60}\bapprov\w*", re.I),
        re.compile(r"\b(?:19|20)\d\d\b"),
    ),
    Detail(
        "ratio",
        re.compile(r"\bdrug-to-antibody\b|\bDAR\b|\bwhat\s+(?:is\s+the\s+)?(?:[\w-]+\s+){0,2}ratio\b", re.I),
        re.compile(r"\bratio\b[^.;]{0,40}\d|\d\s*:\s*\d", re.I),
    ),
    Detail(
        "mechanism of action",
        re.compile(
            r"\bpayloads?\b|\bchemically\b|\bcovalent\w*|\bat\s+the\s+molecular\s+level\b",
            re.I,
        ),
        re.compile(
            r"\b(?:payloads?|covalent\w*|irreversibl\w*|binds?|binding|inhibit\w*|block\w*|conjugat\w*|cleav\w*)\b",
            re.I,
        ),
    ),
    # Judged only of a named thing: asked of the field at large ('which approved drugs…'), the best passages need
    # not hold the word.
    Detail(
        "statistics",
        re.compile(r"\bodds\s+ratios?\b|\bconfidence\s+intervals?\b|\bp[\s-]?values?\b|\brelative\s+risks?\b", re.I),
        re.compile(r"\bodds\s+ratio|\bconfidence\s+interval|\bp-?value|\brelative\s+risk|\b(?:OR|CI|RR)\b|\bP\s*[<=>]"),
        of_a_name=True,
    ),
    Detail(
        "trial phase",
        re.compile(r"\b(?:what|which)\s+phase\b(?!\s+(?:I{1,3}V?|[1-4])\b)", re.I),
        re.compile(r"\bphase\s+(?:I{1,3}V?|[1-4]|Ib|IIa|IIb)\b", re.I),
        of_a_name=True,
    ),
    Detail(
        "follow-up time",
        re.compile(
            r"\bfollow-?\s?up\s+(?:period|time|duration)\b|\bmedian\s+follow-?\s?up\b|\bfollowed\s+(?:up\s+)?for\b",
            re.I,
        ),
        re.compile(r"\bfollow(?:ed)?-?\s?up[^.;]{0,40}\d+(?:\.\d+)?\s*(?:months?|years?|weeks?)", re.I),
        of_a_name=True,
    ),
    Detail(
        "patients' age",
        re.compile(r"\b(?:median|mean|average)\s+age\b|\bhow\s+old\s+were\b|\bage\s+range\b", re.I),
        re.compile(r"\bage[ds]?\b[^.;]{0,30}\d|\d+\s*years?\s+old", re.I),
        of_a_name=True,
    ),
    Detail(
        "half-life",
        re.compile(r"\bhalf-?\s?lives?\b", re.I),
        re.compile(r"\bhalf-?\s?li(?:fe|ves)\b[^.;]{0,40}\d", re.I),
        of_a_name=True,
    ),
    Detail(
        "route of administration",
        re.compile(r"\broute\s+of\s+administration\b|\borally\s+or\s+intravenously\b|\bby\s+mouth\b", re.I),
        re.compile(r"\b(?:oral(?:ly)?|intravenous\w*|subcutaneous\w*|intratumoral\w*|inhal\w*)\b", re.I),
        of_a_name=True,
    ),
    Detail(
        "approval",
        re.compile(r"\bFDA\b|\bEMA\b|\bapprov(?:ed|al)\b", re.I),
        re.compile(r"\bapprov\w*|\bFDA\b|\bEMA\b|\blicens\w*", re.I),
        of_a_name=True,
    ),
)


# 'the incidence of cytokine release syndrome in …', 'how often did X occur': the event whose rate is asked.
_EVENT_END = r"(?=\s+(?:in|with|among|on|after|for|during|when|seen|was|were|is|are|happened|occurred|did)\b|[?,.;]|$)"
_EVENT = re.compile(
    rf"\b(?:incidence|rate|frequency|prevalence)\s+of\s+(?P<of>[^?,.;]+?){_EVENT_END}|"
    r"\bhow\s+(?:often|frequently)\s+(?:does|did|do)\s+(?P<does>[^?]+?)\s+"
    r"(?:occur|happen|show\s+up|develop|arise|appear)|"
    # 'what percentage of NSCLC patients harbor a KRAS G12C mutation'
    r"\b(?:percentage|proportion|share|fraction)\s+of\s+[^?]*?\b(?:harbou?r|carry|carries|express|develop|experience)"
    rf"\s+(?P<has>[^?,.;]+?){_EVENT_END}",
    re.I,
)


def asked_event(question: str) -> str:
    """The event whose rate a question asks ('cytokine release syndrome'), or ''."""
    match = _EVENT.search(question)
    return (match.group("of") or match.group("does") or match.group("has") or "").strip() if match else ""


def asked_details(question: str) -> list[Detail]:
    """The details `question` asks for, in the order of DETAILS."""
    return [detail for detail in DETAILS if detail.asked.search(question)]


def reported(detail: Detail, texts: Iterable[str]) -> bool:
    """Whether any of `texts` reports `detail`."""
    return any(detail.reported.search(text) for text in texts)
