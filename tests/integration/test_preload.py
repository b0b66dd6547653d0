"""`preload` (what `reviewqa serve` runs while Gradio imports): the next `Assistant.load` of the folder gets an
Assistant whose first answer opens nothing more; a folder without a usable index is left as it is."""

from __future__ import annotations

from reviewqa.search.assistant import Assistant, preload


def test_the_next_load_takes_the_preloaded_assistant_once(real_index_dir):
    preload(real_index_dir)
    taken = Assistant.load(real_index_dir, rebuild=False)
    assert taken._encoder is not None  # opened by the warm-up search, not by the first user's question
    assert taken.search("T790M").hits[0].chunk.id == "s3-p9"
    again = Assistant.load(real_index_dir, rebuild=False)
    assert again is not taken and again._encoder is None  # taken once; later loads open their own


def test_no_index_or_a_broken_encoder_preloads_nothing(tmp_path, fake_index_dir):
    missing = tmp_path / "missing"
    preload(missing)
    assert not missing.exists()  # nothing built nor created: serve builds it in a child process
    preload(fake_index_dir)  # its ONNX file is not a graph: the warm-up search fails, nothing is kept
    assert Assistant.load(fake_index_dir, rebuild=False)._encoder is None


def test_the_app_answers_one_question_while_it_starts(real_index_dir, review):
    """`ui.app.warm_up`, run by `main` beside `build_demo`: the encoder and sentence vectors are open before anyone
    asks."""
    from reviewqa.index.store import open_index
    from reviewqa.ui.app import warm_up

    assistant = Assistant(review, open_index(real_index_dir, review))
    assert assistant._encoder is None and assistant._sentence_vectors is None
    warm_up(assistant)
    assert assistant._encoder is not None and assistant._sentence_vectors is not None
