"""Reference and glossary lookups typed in the chat (no model)."""

from __future__ import annotations

import pytest

from reviewqa.chat.lookup import Lookup, parse_lookup


@pytest.mark.parametrize(
    ("message", "numbers"),
    [
        ("ref 66", (66,)),
        ("[66]", (66,)),
        ("  Ref. 66? ", (66,)),
        ("reference 9-11", (9, 10, 11)),
        ("refs 12, 13", (12, 13)),
        ("(148-150)", (148, 149, 150)),
        ("#7", (7,)),
        ("[200]", (200,)),
    ],
)
def test_reference_lookups(message, numbers):
    assert parse_lookup(message) == Lookup("reference", numbers=numbers)


@pytest.mark.parametrize(
    "message",
    ["66", "what did reference 88 show?", "T790M", "ref", "[12] and CAFs", "Fig. 1", "IL-10", "ref 9-"],
)
def test_questions_are_not_lookups(message):
    assert parse_lookup(message) is None


@pytest.mark.parametrize(
    ("message", "term"),
    [
        ("define CAFs", "CAFs"),
        ("glossary: TAM", "TAM"),
        ("what does ICI stand for?", "ICI"),
        ("What is MDSC short for", "MDSC"),
        ("meaning of 'ECM'", "ECM"),
    ],
)
def test_glossary_lookups(message, term):
    assert parse_lookup(message) == Lookup("glossary", term=term)


@pytest.mark.parametrize(
    ("message", "invalid"),
    [
        ("ref 0", "0"),
        ("[0]", "0"),
        ("ref -1", "-1"),
        ("[-1]", "-1"),
        ("reference - 3", "-3"),
        ("ref abc", "abc"),
        ("reference 99999", "99999"),
        ("refs 14-9", "14-9"),
    ],
)
def test_designations_of_no_reference_are_invalid_lookups(message, invalid):
    assert parse_lookup(message) == Lookup("reference", invalid=invalid)


@pytest.mark.parametrize("message", ["[abc]", "#abc", "reference list", "ref " + "x" * 300])
def test_words_in_brackets_and_long_messages_are_searched(message):
    assert parse_lookup(message) is None
