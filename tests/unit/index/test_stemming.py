"""The stemmer: Snowball English through PyStemmer's C code, giving exactly the pure-Python stems."""

from __future__ import annotations

import re

from helpers import REPO

from reviewqa.index.terms import _stemmer, stem, tokenize


def test_the_stemmer_is_the_c_one():
    import Stemmer

    assert isinstance(_stemmer(), Stemmer.Stemmer)  # without it a cold `ask` spends ~0.2 s more stemming


def test_its_stems_are_the_pure_python_ones_on_every_word_of_the_review_and_the_eval_sets():
    from snowballstemmer.english_stemmer import EnglishStemmer

    texts = [p.read_text(encoding="utf-8") for p in (REPO / "corpus").glob("*.txt")]
    texts += [p.read_text(encoding="utf-8") for p in (REPO / "eval").glob("*.jsonl")]
    words = sorted({w for text in texts for w in re.findall(r"[a-z]+", text.lower())})
    assert len(words) > 2500
    pure = EnglishStemmer()
    assert [w for w in words if _stemmer().stemWord(w) != pure.stemWord(w)] == []
    assert stem("metastases") == "metastasi" and stem("tumours") == "tumor"


def test_a_british_compound_joins_as_the_review_spells_it():
    assert tokenize("tumour-associated macrophages") == tokenize("tumor-associated macrophages")
    assert "tumorinfiltr" in tokenize("tumour-infiltrating lymphocytes")
    assert tokenize("what does CAFs mean?") == ["caf", "mean"]  # 'does' is still a stopword, not respelled
