"""Property-based fuzzing of the query parser, the citation parser and the CLI's argument handling."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reviewqa.cli.main import main
from reviewqa.corpus.citation_marks import cited_refs, parse_citation_group
from reviewqa.errors import InvalidQuery
from reviewqa.index.terms import tokenize
from reviewqa.search.expansion import expand_query
from reviewqa.search.query import MAX_QUERY_CHARS, clean_query, reference_intent

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
citation_like = st.text(alphabet="0123456789,-– ()[]Fig.Table In=", max_size=40)


@FAST
@given(st.text(max_size=3000))
def test_clean_query_never_fails_unexpectedly(text):
    try:
        cleaned = clean_query(text)
    except InvalidQuery:
        assert not text.strip() or not "".join(c for c in text if c.isprintable()).strip()
        return
    assert cleaned and cleaned == cleaned.strip() and len(cleaned) <= MAX_QUERY_CHARS
    assert all(c.isprintable() for c in cleaned)


@FAST
@given(st.one_of(st.text(max_size=200), citation_like))
def test_citation_parser_only_returns_listed_references(text):
    refs = cited_refs(text)
    assert list(refs) == sorted(set(refs)) and all(1 <= n <= 150 for n in refs)


def _expected_group(numbers: list[int], separator: str) -> list[int]:
    """What '(a,b)' or '(a-b)' cites, worked out independently of the parser: [] unless every part is 1..150."""
    if any(not 1 <= n <= 150 for n in numbers):
        return []
    if separator == ",":
        return numbers
    if len(numbers) == 1:
        return numbers
    if len(numbers) > 2 or numbers[1] < numbers[0]:
        return []
    return list(range(numbers[0], numbers[1] + 1))


@FAST
@given(st.lists(st.integers(min_value=-5, max_value=400), min_size=1, max_size=4), st.sampled_from([",", "-", "–"]))
@example([-5], ",")
@example([3, -1], "-")
def test_citation_groups(numbers, separator):
    group = separator.join(str(n) for n in numbers)
    assert parse_citation_group(group) == _expected_group(numbers, separator)


@FAST
@given(st.text(max_size=500))
def test_query_side_parsers(review, text):
    tokenize(text)
    expanded = expand_query(text, review.glossary)
    assert set(expanded.expansion_terms).isdisjoint(expanded.terms)
    intent = reference_intent(text, review.references, frozenset())
    assert all(1 <= n <= 150 for n in intent.numbers + intent.authors)


@FAST
@given(st.text(max_size=300), st.integers(min_value=-3, max_value=10_000))
def test_search_never_crashes(fake_assistant, text, k):
    try:
        result = fake_assistant.search(text, k=k)
    except InvalidQuery:
        return
    assert len(result.hits) <= min(max(k, 1), 50)


_words = st.sampled_from(["refs", "glossary", "chunks", "--json", "-k", "0", "151", "-1", "abc", "CAFs", "", "--x"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(_words, st.text(max_size=12)), max_size=5))
@example(["¹"])  # a superscript digit: str.isdigit() says yes, int() says no
def test_cli_argument_handling(capsys, argv):
    if argv and argv[0] not in ("refs", "glossary", "chunks"):
        argv = ["refs", *argv]  # commands that need no index; `ask` is fuzzed through the API above
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    capsys.readouterr()
    assert code in (0, 1, 2)


@pytest.mark.parametrize("argv", [["--help"], ["ask", "--help"], ["--version"]])
def test_help_and_version_exit_cleanly(capsys, argv):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0


lookup_like = st.text(alphabet=" \t\n[]()#refsdn.?!,-–0123456789abc", max_size=3000)


@FAST
@given(lookup_like)
def test_lookup_parser_on_lookup_like_text(text):
    from reviewqa.chat.lookup import parse_lookup

    lookup = parse_lookup(text)
    assert lookup is None or lookup.kind in ("reference", "glossary")
    if lookup is not None and lookup.kind == "reference":
        assert bool(lookup.numbers) != bool(lookup.invalid)
        assert all(n >= 1 for n in lookup.numbers)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=400), lookup_like), st.one_of(st.none(), st.text(max_size=60)))
def test_chat_reply_never_raises(fake_assistant, text, previous):
    from reviewqa.chat.turn import respond
    from reviewqa.ui.replies import render_reply

    turn = respond(fake_assistant, text, previous)
    page = render_reply(turn.reply, fake_assistant.review)
    assert page.startswith('<div class="rq-reply">') and page.endswith("</div>")
    assert turn.question is None or len(turn.question) <= MAX_QUERY_CHARS + 200
