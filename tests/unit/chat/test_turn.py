"""One chat turn as data (records, no HTML) and the /ask payload, on the fake-embedder assistant (no model)."""

from __future__ import annotations

from reviewqa.chat.api import ask_endpoint
from reviewqa.chat.compose import DEEPEST
from reviewqa.chat.forms import AnswerForm
from reviewqa.chat.turn import (
    GlossaryReply,
    Notice,
    ReferenceReply,
    SearchReply,
    Settings,
    Turn,
    answered_json,
    grounded,
    respond,
)
from reviewqa.search.history import EarlierTurn


def test_question_gets_a_search_reply_with_its_answer_sentence(fake_assistant):
    turn = respond(fake_assistant, "What drives EGFR-TKI resistance?", settings=Settings(k=4))
    result = fake_assistant.search("What drives EGFR-TKI resistance?", k=4)
    assert turn.question == "What drives EGFR-TKI resistance?"
    assert isinstance(turn.reply, SearchReply) and turn.reply.result == result
    answer = turn.reply.answer
    deeper = fake_assistant.search("What drives EGFR-TKI resistance?", k=DEEPEST)  # an overview reads deeper
    assert answer.form is AnswerForm.OVERVIEW and answer.sentences
    assert {s.chunk_id for s in answer.sentences} <= {h.chunk.id for h in deeper.hits}
    assert [s.rank for s in answer.sentences if s.rank <= 4] == [
        h.rank for s in answer.sentences for h in result.hits if h.chunk.id == s.chunk_id
    ]  # the passages shown keep their ranks; the deeper ones rank after them
    assert not turn.reply.reading.followup


def test_reference_lookup_lists_every_citing_passage(fake_assistant, review):
    turn = respond(fake_assistant, "ref 66", history="What drives EGFR-TKI resistance?")
    assert turn.question is None  # a follow-up after the lookup still reads against the last question
    assert isinstance(turn.reply, ReferenceReply)
    [cited] = turn.reply.references
    assert cited.reference.n == 66 and [c.id for c in cited.citing] == ["s4-p2", "t1-r1"]
    assert respond(fake_assistant, "[66]") == turn


def test_unknown_reference_is_refused_plainly(fake_assistant):
    assert respond(fake_assistant, "[151]") == Turn(Notice("There is no reference 151; the review lists 1 to 150."))


def test_glossary_lookup_and_fallback_to_search(fake_assistant):
    defined = respond(fake_assistant, "define CAFs")
    assert isinstance(defined.reply, GlossaryReply) and defined.reply.entry.abbr == "CAFs"
    # the passage that explains it: what a search for 'what are CAFs?' ranks first
    assert defined.reply.passage == fake_assistant.search("what are CAFs?", k=1).hits[0]
    assert respond(fake_assistant, "what does CAF stand for?") == defined
    unknown = respond(fake_assistant, "define hypoxia")
    assert unknown.question == "define hypoxia" and isinstance(unknown.reply, SearchReply)


def test_followup_is_searched_as_read(fake_assistant):
    turn = respond(fake_assistant, "what about TAMs?", history=["How do CAFs block drug delivery?"])
    assert turn.question == "what about TAMs?"  # the message itself joins the conversation: later hops reread it
    assert isinstance(turn.reply, SearchReply) and turn.reply.reading.followup
    assert turn.reply.reading.question == "How do TAMs block drug delivery?"
    earlier = grounded(fake_assistant, ["How do CAFs block drug delivery?"])  # its answer rebuilt, as the chat gave it
    assert earlier[0].answer_chunk_ids == respond(fake_assistant, "How do CAFs block drug delivery?").answer_chunk_ids
    expected = fake_assistant.search("what about TAMs?", k=5, history=earlier)
    assert turn.reply.result == expected and expected.read_as == "How do TAMs block drug delivery?"


def test_three_hops_of_a_conversation(fake_assistant):
    history = ["What drives EGFR-TKI resistance?", "and for immunotherapy?"]
    turn = respond(fake_assistant, "what about CAFs?", history=history)
    assert isinstance(turn.reply, SearchReply)
    assert turn.reply.reading.question == "What drives CAFs resistance?"
    assert turn.reply.reading.context == ("What drives immunotherapy resistance?", "What drives EGFR-TKI resistance?")


def test_unanswerable_question_has_no_answer_sentence(fake_assistant):
    turn = respond(fake_assistant, "what is the recommended dose of adagrasib?")
    assert isinstance(turn.reply, SearchReply) and not turn.reply.result.answerable
    assert turn.reply.answer.sentences == () and turn.reply.result.hits


def test_filters_reach_the_search(fake_assistant):
    turn = respond(fake_assistant, "EGFR-TKI", settings=Settings(k=3, mode="bm25", kinds=("table_row",)))
    assert isinstance(turn.reply, SearchReply)
    ids = [h.chunk.id for h in turn.reply.result.hits]
    assert len(ids) == 3 and all(i.startswith("t") and "-r" in i for i in ids)


def test_bad_input_is_a_notice_not_an_exception(fake_assistant):
    assert respond(fake_assistant, "   ") == Turn(Notice("Cannot search this: the question is empty."))
    notice = respond(fake_assistant, "x", settings=Settings(kinds=("poem",))).reply
    assert isinstance(notice, Notice) and "unknown kind 'poem'" in notice.message


def test_ask_endpoint_is_the_cli_shape(fake_assistant):
    ask_json = ask_endpoint(fake_assistant)
    plain = ask_json("T790M", 3)
    shown = ["answer", "answer_chunk_ids", "answer_sentences"]
    assert list(plain) == ["query", "read_as", "answerable", "missing", "hits", *shown]
    assert plain["answer_chunk_ids"] == list(dict.fromkeys(a["chunk_id"] for a in plain["answer"]))
    assert plain["answer_sentences"] == [a["text"] for a in plain["answer"]]
    assert plain == answered_json(fake_assistant, fake_assistant.search("T790M", k=3))
    assert {k: v for k, v in plain.items() if k not in shown} == fake_assistant.search("T790M", k=3).to_json()
    assert plain["answer"] and all({"text", "chunk_id", "refs", "heading"} <= set(a) for a in plain["answer"])
    expected = fake_assistant.search("T790M", k=2, mode="bm25", kinds=["text"], sections=["3"])
    assert ask_json("T790M", 2, "bm25", ["text"], ["3"]) == answered_json(fake_assistant, expected)
    assert ask_json("  ") == {"query": "  ", "error": "the question is empty"}
    assert ask_json("x", mode="fuzzy")["error"].startswith("unknown mode 'fuzzy'")


def test_a_turn_carries_its_answers_passages_to_the_next(fake_assistant):
    """The chat (CLI and app) passes each earlier reply's passages on: the next turn is read against them."""
    first = respond(fake_assistant, "Which trials combined immunotherapy with anti-angiogenic drugs?")
    assert isinstance(first.reply, SearchReply)
    passages = tuple(dict.fromkeys(s.chunk_id for s in first.reply.answer.sentences))
    assert first.answer_chunk_ids == passages and len(passages) >= 2
    assert first.answer_sentences == tuple(s.text for s in first.reply.answer.sentences)
    asked = first.after([])
    assert asked == [EarlierTurn(first.question, passages, first.answer_sentences)]
    second = respond(fake_assistant, "what phase was the second one?", asked)
    assert isinstance(second.reply, SearchReply)
    assert second.reply.result == fake_assistant.search("what phase was the second one?", history=asked)
    assert second.reply.result.hits[0].chunk.id == passages[1]
    assert respond(fake_assistant, "ref 66").after(asked) == asked  # a lookup leaves the conversation as it was


def test_eval_reads_histories_with_the_earlier_answers_rebuilt(fake_assistant):
    from reviewqa.search.evaluate import Question, run_questions

    question = Question(
        "c", "any numbers on the second one?", True, ("ORR",), "followup", ("What drives EGFR-TKI resistance?",)
    )
    seen = []

    def ground(history):
        seen.append(history)
        return grounded(fake_assistant, history)

    [outcome] = run_questions(fake_assistant, [question], "hybrid", ground)
    assert seen == [["What drives EGFR-TKI resistance?"]]
    expected = fake_assistant.search(question.question, k=10, history=grounded(fake_assistant, list(question.history)))
    assert outcome.rank == next((h.rank for h in expected.hits if "ORR" in h.chunk.text), None)


def test_a_history_item_with_its_sentences_is_not_answered_again(fake_assistant):
    """{"question", "answer_chunk_ids", "answer_sentences"}: kept as given, no earlier reply answered again; the old
    form (ids alone) gets the sentences of those passages from the reply answered again."""
    from reviewqa.chat import turn as turn_module

    question = "Which immune cell populations make the lung cancer microenvironment immunosuppressive?"
    shown = ["Any sentence the client showed."]
    misses = turn_module._answered.cache_info().misses
    given = grounded(
        fake_assistant, [{"question": question, "answer_chunk_ids": ["s2-p2.1"], "answer_sentences": shown}]
    )
    assert given == (EarlierTurn(question, ("s2-p2.1",), tuple(shown)),)
    assert turn_module._answered.cache_info().misses == misses
    old = grounded(fake_assistant, [{"question": question, "answer_chunk_ids": ["s2-p2.1"]}])[0]
    reply = respond(fake_assistant, question)
    assert old.answer_sentences == tuple(s.text for s in reply.reply.answer.sentences if s.chunk_id == "s2-p2.1")


def test_an_overview_also_reads_what_answered_a_close_broad_question(fake_assistant):
    """The passages that answered a broad earlier question at RECALL_SIMILARITY or more join the ones an overview
    reads, in place of its weakest, when its search missed them; not a specific question's, not under filters."""
    import numpy as np

    from reviewqa.chat.turn import RECALLED, _deep_hits
    from reviewqa.search.assistant import Assistant
    from reviewqa.search.neighbours import NO_NEIGHBOURS, NO_SUPPORT, Asked, Neighbours

    assistant = Assistant(fake_assistant.review, fake_assistant.index, fake_assistant.encoder)
    question = "What drives EGFR-TKI resistance?"
    result = assistant.search(question, k=5)
    read = {h.chunk.id for h in _deep_hits(assistant, result, DEEPEST, None)}
    missed = [row for row, c in enumerate(assistant.review.chunks) if c.id not in read][: RECALLED + 1]
    vector = np.asarray(result.query_vector, dtype=np.float32)[None, :]
    assert RECALLED == 3
    for broad, settings, expected in ((True, None, 3), (False, None, 0), (True, Settings(sections=("3",)), 0)):
        assistant.neighbours = NO_NEIGHBOURS
        without = {h.chunk.id for h in _deep_hits(assistant, result, DEEPEST, settings, NO_SUPPORT)}
        assistant.neighbours = Neighbours(vector, (Asked("broad", "F1", broad, (), frozenset(missed)),))
        hits = _deep_hits(assistant, result, DEEPEST, settings, assistant.neighbours.support(result.query_vector))
        recalled = [h for h in hits if h.chunk.id not in without]
        assert len(recalled) == expected and len(hits) <= DEEPEST, (broad, settings)
        assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
        if expected:
            rows = [assistant.review.chunks.index(h.chunk) for h in recalled]
            assert rows == missed[:RECALLED]  # in reading order, at most RECALLED
