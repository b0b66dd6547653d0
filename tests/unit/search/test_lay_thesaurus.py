"""The lay thesaurus stays true to the review: its words are the review's, its lay phrases are not."""

from __future__ import annotations

import re

from reviewqa.paths import corpus_file
from reviewqa.search.lay_thesaurus import THESAURUS, thesaurus_matches


def _flat(text: str) -> str:
    return re.sub(r"[\s-]+", " ", text.casefold())


def test_every_review_word_is_the_reviews_and_no_lay_phrase_is():
    text = _flat(corpus_file().read_text(encoding="utf-8"))  # the whole review, headings and tables too
    missing = [words for words, _ in THESAURUS if _flat(words) not in text]
    assert missing == []
    in_review = [
        p for _, phrases in THESAURUS for p in phrases if re.search(rf"(?<!\w){re.escape(_flat(p))}(?!\w)", text)
    ]
    assert in_review == []  # the review's own words are found without a thesaurus


def test_a_lay_phrase_means_one_thing():
    phrases = [p for _, lay in THESAURUS for p in lay]
    assert len(phrases) == len(set(phrases)) and len(THESAURUS) == 301 and len(phrases) == 1541


def test_phrases_match_whole_words_in_any_case_with_hyphens_and_plurals():
    assert thesaurus_matches("Are TAMs Good or Bad?") == [("Good or Bad", "dual role")]
    assert thesaurus_matches("do killer T-cells get worn-out") == [
        ("worn-out", "exhaustion"),
        ("killer T-cells", "cytotoxic T cells"),
    ]
    assert thesaurus_matches("immunotherapy before surgeryx") == []  # not inside a longer word
    assert thesaurus_matches("what does the review say about CAFs?") == []


def test_a_phrase_matches_in_the_singular_and_with_one_word_inside_it():
    assert thesaurus_matches("why isn't the engineered T-cell therapy used more") == [("engineered T-cell", "CAR-T")]
    assert thesaurus_matches("what turns the garbage-eating immune cells bad") == [
        ("garbage-eating immune cells", "tumor-associated macrophages")
    ]
    assert thesaurus_matches("garbage eating, immune cells") == []  # a comma ends a phrase
    assert thesaurus_matches("garbage eating hungry immune cells") == []  # two words inside: not the phrase
