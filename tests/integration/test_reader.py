"""The reader, trained for real on a tiny subset of its pairs (seconds): two runs with one seed give the same scores,
its ONNX export gives the PyTorch model's scores, a changed file is refused; the committed reader reads."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from reviewqa.errors import IndexUnusable
from reviewqa.index.reader import READER_ONNX, Reader, reader_available

pytestmark = pytest.mark.model

TINY = dict(layers=2, frozen_layers=1, max_length=48, batch_size=8)


@pytest.fixture(scope="module")
def tiny_pairs(review):
    from reviewqa.chat.reader_data import definition_pairs, table_pairs

    pairs = [*table_pairs(review)[:16], *definition_pairs(review)[:16]]
    return [(p.query, p.candidate, p.label) for p in pairs]


@pytest.fixture(scope="module")
def tiny_base(tiny_pairs, tmp_path_factory):
    """MiniLM cut to the tiny pairs' word pieces and the 2,000 commonest (as train-reader cuts it, smaller)."""
    from reviewqa.index.reader_vocab import kept_ids, write_cut_base

    kept = kept_ids([t for q, c, _ in tiny_pairs for t in (q, c)], common=2000)
    return write_cut_base(kept, tmp_path_factory.mktemp("base"))


@pytest.fixture(scope="module")
def tiny_model(tiny_pairs, tiny_base, tmp_path_factory):
    from reviewqa.index.reader_train import ReaderSettings, train_cross_encoder

    return train_cross_encoder(tiny_pairs, ReaderSettings(**TINY), tmp_path_factory.mktemp("run1"), tiny_base)


def test_the_cut_vocabulary_tokenises_the_review_as_the_full_one(tiny_pairs, tiny_base):
    from tokenizers import Tokenizer

    from reviewqa.index.reader_vocab import full_vocabulary, tokenizer_matches
    from reviewqa.model import word_piece_tokenizer

    assert tokenizer_matches(tiny_base)
    cut, full = Tokenizer.from_file(str(tiny_base / "tokenizer.json")), word_piece_tokenizer()
    pieces = (tiny_base / "vocab.txt").read_text(encoding="utf-8").splitlines()
    assert 2000 < len(pieces) < len(full_vocabulary()) // 2
    for query, candidate, _ in tiny_pairs:  # the texts the vocabulary was cut for: tokenised as before
        assert cut.encode(query + " " + candidate).tokens == full.encode(query + " " + candidate).tokens
    rare = cut.encode("zymogen").tokens[1:-1]  # a word neither common nor in the pairs: pieced, never [UNK]
    assert "[UNK]" not in rare and len(rare) > 1


def test_training_is_deterministic(tiny_pairs, tiny_base, tiny_model, tmp_path):
    from reviewqa.index.reader_train import ReaderSettings, torch_logits, train_cross_encoder

    again = train_cross_encoder(tiny_pairs, ReaderSettings(**TINY), tmp_path, tiny_base)
    probe = [(q, c) for q, c, _ in tiny_pairs]
    first, second = torch_logits(tiny_model, probe), torch_logits(again, probe)
    print(f"two runs, one seed: max score difference {np.max(np.abs(first - second)):.2e}")
    assert np.max(np.abs(first - second)) <= 1e-6
    changed = train_cross_encoder(tiny_pairs, ReaderSettings(**{**TINY, "seed": 1}), tmp_path / "seed1", tiny_base)
    assert np.max(np.abs(first - torch_logits(changed, probe))) > 1e-3  # the seed matters: the test can fail


def test_the_onnx_reader_gives_the_pytorch_scores_and_refuses_a_changed_file(tiny_pairs, tiny_model, tmp_path):
    from reviewqa.index.reader_train import ReaderSettings, torch_logits, write_reader

    settings = ReaderSettings(**TINY)
    write_reader(tiny_model, tmp_path, {"max_length": settings.max_length, "settings": dataclasses.asdict(settings)})
    reader = Reader(tmp_path)
    probe = [(q, c) for q, c, _ in tiny_pairs]
    onnx = np.concatenate([reader.logits(q, [c]) for q, c in probe])
    difference = float(np.max(np.abs(onnx - torch_logits(tiny_model, probe))))
    print(f"ONNX vs PyTorch (cut vocabulary): max score difference {difference:.2e}")
    assert difference < 1e-4
    batched = reader.logits(probe[0][0], [c for _, c in probe[:6]])  # padded together: the same scores
    assert np.max(np.abs(batched - np.concatenate([reader.logits(probe[0][0], [c]) for _, c in probe[:6]]))) < 1e-4
    with open(tmp_path / READER_ONNX, "r+b") as handle:
        handle.seek(-8, 2)
        handle.write(b"\x00" * 8)
    with pytest.raises(IndexUnusable, match="reader.onnx is missing or does not match its sha256 in reader.json"):
        Reader(tmp_path)


def test_a_changed_tokenizer_is_refused_with_a_clear_message(tiny_model, tmp_path):
    from reviewqa.index.reader import READER_TOKENIZER
    from reviewqa.index.reader_train import write_reader

    write_reader(tiny_model, tmp_path, {"max_length": 48})
    Reader(tmp_path)  # as written, it opens
    path = tmp_path / READER_TOKENIZER
    path.write_text(path.read_text(encoding="utf-8").replace('"zymo', '"zyma', 1) + " ", encoding="utf-8")
    with pytest.raises(IndexUnusable, match="reader_tokenizer.json is missing or does not match its sha256"):
        Reader(tmp_path)


@pytest.mark.skipif(not reader_available(), reason="no committed reader")
def test_the_committed_reader_scores_the_answering_sentence_highest(review):
    from reviewqa.search.reading import answer_units

    units = answer_units(review.chunk("s2-p3"))
    scores = Reader().scores("how do CAFs keep drugs and immune cells out of the tumour?", units)
    assert units[int(np.argmax(scores))].startswith("Through ECM deposition and cross-linking, CAFs create a physical")
