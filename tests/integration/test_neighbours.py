"""The memory of earlier questions (search.neighbours) with the real model: a question it holds finds itself and
lifts the passage and sentence that answer it; its own set left out (as while a ranker trains), it does not."""

from __future__ import annotations

from reviewqa.search.neighbours import MIN_SIMILARITY, NEAREST, NEIGHBOUR_FEATURES

TUNE_FIRST = "wat do caf do in lung tumors"  # eval/tune t001, answered by s2-p3 (CAFs create a physical barrier …)


def test_a_question_it_holds_finds_itself_and_lifts_its_answer(assistant):
    rows = [c.id for c in assistant.review.chunks]
    vector = assistant.search(TUNE_FIRST).query_vector
    support = assistant.neighbours.support(vector)
    assert (support.asked[0].file, support.asked[0].question_id) == ("tune", "t001")
    assert support.similarities[0] > 0.999
    assert len(support.asked) <= NEAREST and min(support.similarities) >= MIN_SIMILARITY
    assert list(support.similarities) == sorted(support.similarities, reverse=True)
    table = support.of_rows([rows.index("s2-p3"), rows.index("t3-r1")])
    assert table[0, NEIGHBOUR_FEATURES.index("n_specific")] > 0.999
    assert table[:, NEIGHBOUR_FEATURES.index("n_nearest")].tolist() == [support.similarities[0]] * 2
    sentence = "CAFs create a physical barrier that impedes drug penetration and immune cell infiltration (25,26)."
    assert support.of_texts([sentence])[0, NEIGHBOUR_FEATURES.index("n_specific")] > 0.999


def test_its_own_set_is_left_out_while_a_ranker_trains(assistant):
    vector = assistant.search(TUNE_FIRST).query_vector
    left_out = assistant.neighbours.excluding("tune").support(vector)
    assert left_out.asked and all(asked.file != "tune" for asked in left_out.asked)
    assert left_out.similarities[0] < 0.999  # what an unseen question gets: its nearest is another's
