"""The attack audit, replayed (findings 2, 3, 4): linear query processing, thread-safe answers, honest integrity."""

from __future__ import annotations

import json
import shutil
import threading

import pytest

from reviewqa.index.terms import raw_terms, stem, tokenize
from reviewqa.search.query import MAX_QUERY_CHARS

HYPHENS = "-".join("ab"[i % 2] for i in range(MAX_QUERY_CHARS // 2))  # a-b-a-b-…: 1,000 parts in 1,999 characters
GREEK = "γδ" * (MAX_QUERY_CHARS // 2)
WORST_CASES = [HYPHENS, GREEK, "x" * MAX_QUERY_CHARS, "anti-" * (MAX_QUERY_CHARS // 5)]


# --- 2. denial of service inside the 2,000-character bound ----------------------------------------------------


@pytest.mark.parametrize("text", WORST_CASES, ids=["hyphens", "greek", "one-word", "anti"])
def test_f02_a_worst_case_question_builds_terms_linear_in_its_length(text):
    # A compound of P parts used to give ~P²/2 joined runs, each up to P parts long: cubic work.
    assert len(raw_terms(text)) <= 4 * len(text)
    assert sum(len(term) for term in raw_terms(text)) <= 64 * len(text)  # 'γ' is 'gamma': runs of 4 such words


def test_f02_the_stem_cache_keeps_only_short_words(fake_assistant):
    from reviewqa.index.terms import MAX_WORD

    stem.cache_clear()
    for text in WORST_CASES:
        fake_assistant.search(text)
    assert stem.cache_info().maxsize <= 50_000
    assert max(len(word) for word in _cached_words()) <= MAX_WORD


def _cached_words() -> list[str]:
    """The words whose stems are cached now (the cache is keyed by the word)."""
    words = []
    for text in WORST_CASES:
        words += [t for t in raw_terms(text) if t.isalpha()]
    return words


# --- 3. wrong answers under concurrency, cached for good -------------------------------------------------------

THREADS, PER_THREAD = 8, 300


def _questions(review) -> list[str]:
    """Three-word questions over the review's whole vocabulary: nearly every search stems words not yet cached."""
    import re

    words = sorted({w for c in review.chunks for w in re.findall(r"[a-z]{4,}", c.text.lower())})
    return [" ".join(words[i : i + 3]) for i in range(0, len(words) - 2, 3)]


def _answers(assistant, questions) -> list[str]:
    return [json.dumps(assistant.search(q, k=3).to_json()) for q in questions]


@pytest.mark.model
def test_f03_eight_threads_get_exactly_the_sequential_answers(review, real_index_dir):
    import sys

    from reviewqa.index.store import open_index
    from reviewqa.search.assistant import Assistant

    index = open_index(real_index_dir, review)
    questions = _questions(review)
    asked = {n: [questions[(n * PER_THREAD // 2 + i) % len(questions)] for i in range(PER_THREAD)] for n in range(8)}
    everything = sorted({q for qs in asked.values() for q in qs})
    stem.cache_clear()
    expected = dict(zip(everything, _answers(Assistant(review, index), everything), strict=True))
    stem.cache_clear()  # the threads below compute every stem themselves, at the same time
    shared = Assistant(review, index)
    seen: list[list[tuple[str, str]]] = [[] for _ in range(THREADS)]
    start = threading.Barrier(THREADS)

    def user(number: int) -> None:
        start.wait()
        for question in asked[number]:
            try:
                seen[number].append((question, json.dumps(shared.search(question, k=3).to_json())))
            except Exception as exc:  # noqa: BLE001 - an exception is a wrong answer too (the stemmer's IndexError)
                seen[number].append((question, repr(exc)))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns as often as they can: a race shows in one run, not one in many
    try:
        threads = [threading.Thread(target=user, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    answers = [answer for answers in seen for answer in answers]
    assert len(answers) == THREADS * PER_THREAD
    assert [q for q, a in answers if a != expected[q]] == []
    # Nothing wrong was cached for later: every cached stem is the one a stemmer of its own gives.
    assert all(tokenize(q) == _fresh_tokens(q) for q in everything)


def _fresh_tokens(text: str) -> list[str]:
    """The same tokens, stemmed by a stemmer of this call's own (no cache, no shared state)."""
    import snowballstemmer

    from reviewqa.index.terms import STOPWORDS, normalise_spelling

    stemmer = snowballstemmer.stemmer("english")
    out = []
    for term in raw_terms(text):
        if term in STOPWORDS or not (len(term) > 1 or term.isdigit()):
            continue
        if not term.isalpha():
            out.append(term)
            continue
        word = normalise_spelling(term)
        word = word[:-3] + "sis" if len(word) >= 6 and word.endswith("ses") else word
        out.append(stemmer.stemWord(word))
    return out


# --- 4. a damaged query encoder was served silently ------------------------------------------------------------


@pytest.mark.model
def test_f04_a_same_size_corruption_of_the_query_encoder_is_detected(review, real_index_dir, tmp_path):
    from reviewqa.errors import IndexUnusable
    from reviewqa.index.manifest import index_problems
    from reviewqa.index.store import load_or_build, open_index

    copy = tmp_path / "index"
    shutil.copytree(real_index_dir, copy)
    open_index(copy, review)  # verified once: later loads trust the stamp while the file is untouched
    encoder = copy / "query_encoder.onnx"
    size = encoder.stat().st_size
    with open(encoder, "r+b") as handle:  # overwrite part of one weight tensor, keeping the size
        handle.seek(size // 2)
        handle.write(bytes(4096))
    assert encoder.stat().st_size == size
    assert index_problems(copy, review) == ["query_encoder.onnx does not match its sha256 in the manifest"]
    with pytest.raises(IndexUnusable, match="reviewqa build"):
        load_or_build(copy, review, rebuild=False, quiet=True)


def test_f04_every_index_file_has_a_sha256_in_the_manifest(fake_index_dir):
    from reviewqa.index.manifest import read_manifest

    files = read_manifest(fake_index_dir)["files"]
    assert files and all(len(record["sha256"]) == 64 for record in files.values())


def test_f04_a_stale_stamp_never_hides_a_change(fake_index_dir, review, tmp_path):
    from reviewqa.index.manifest import index_problems

    copy = tmp_path / "index"
    shutil.copytree(fake_index_dir, copy)
    assert index_problems(copy, review) == []  # hashes every file, then stamps them
    chunks = copy / "chunks.jsonl"
    data = chunks.read_bytes()
    chunks.write_bytes(data[:100] + (b"X" if data[100:101] != b"X" else b"Y") + data[101:])
    assert index_problems(copy, review) == ["chunks.jsonl does not match its sha256 in the manifest"]
