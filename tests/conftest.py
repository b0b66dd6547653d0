"""Shared fixtures: the real review from corpus/, parsed once."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def review():
    from reviewqa.review import load_review

    return load_review()


@pytest.fixture(scope="session")
def chunk_by_id(review):
    return {c.id: c for c in review.chunks}
