"""`reviewqa ask --after`, `ask --json -` with JSON lines of {"question", "history"}, and `reviewqa chat`: the
conversation in the terminal (the fake-embedder assistant stands in for the model)."""

from __future__ import annotations

import io
import json

import pytest

from reviewqa.chat.turn import answered_json, grounded, respond
from reviewqa.cli.main import main
from reviewqa.search.assistant import Assistant
from reviewqa.search.history import EarlierTurn

EGFR = "What drives EGFR-TKI resistance?"


@pytest.fixture(autouse=True)
def fake_model(monkeypatch, fake_assistant):
    monkeypatch.setattr(Assistant, "load", classmethod(lambda cls, *args, **kwargs: fake_assistant))


def test_ask_after_earlier_messages_reads_the_follow_up(capsys, fake_assistant):
    assert main(["ask", "and for immunotherapy?", "--after", EGFR, "--json", "-k", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["query"], data["read_as"]) == ("and for immunotherapy?", "What drives immunotherapy resistance?")
    earlier = grounded(fake_assistant, [EGFR])  # the earlier answer rebuilt, as the chat gave it
    assert earlier[0].answer_chunk_ids == respond(fake_assistant, EGFR).answer_chunk_ids != ()
    expected = fake_assistant.search("and for immunotherapy?", k=3, history=earlier)
    assert [h["chunk_id"] for h in data["hits"]] == [h.chunk.id for h in expected.hits]


def test_ask_stream_reads_plain_and_json_lines(capsys, monkeypatch):
    lines = [
        EGFR,
        json.dumps({"question": "and for immunotherapy?", "history": [EGFR]}),
        json.dumps({"question": "what about CAFs?", "history": [EGFR, "and for immunotherapy?"]}),
        json.dumps({"question": 5}),
        json.dumps({"question": "x", "history": "not a list"}),
        "{broken",
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["ask", "--json", "-k", "2", "-"]) == 2
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o.get("read_as") for o in out[:3]] == [
        EGFR,
        "What drives immunotherapy resistance?",
        "What drives CAFs resistance?",
    ]
    assert [o["error"] for o in out[3:]] == [
        'a JSON line needs "question" (text) and may have "history" (a list of earlier messages)',
        '"history" must be a list of earlier turns, oldest first',
        "a line starting with '{' must be a JSON object (JSONDecodeError)",
    ]


def test_ask_stream_passes_the_earlier_answers_passages(capsys, monkeypatch, fake_assistant):
    """A history item {"question", "answer_chunk_ids", "answer_sentences"} (what an earlier reply printed) reaches
    the search as it is; a bad one is one error line. The old code refused any history item that was not text."""
    first = answered_json(fake_assistant, fake_assistant.search(EGFR, k=2))
    shown = {
        "question": EGFR,
        "answer_chunk_ids": first["answer_chunk_ids"],
        "answer_sentences": first["answer_sentences"],
    }
    lines = [
        json.dumps({"question": "any numbers on the second one?", "history": [shown]}),
        json.dumps(
            {"question": "any numbers on the second one?", "history": [{"question": EGFR, "answer_chunk_ids": 3}]}
        ),
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["ask", "--json", "-k", "2", "-"]) == 2
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    earlier = [EarlierTurn(EGFR, tuple(first["answer_chunk_ids"]), tuple(first["answer_sentences"]))]
    expected = fake_assistant.search("any numbers on the second one?", k=2, history=earlier)
    assert out[0] == json.loads(json.dumps(answered_json(fake_assistant, expected, earlier=earlier)))
    # (which passage the second item points at, and its rank, are tested on the real index in
    # tests/integration/test_conversation_grounding.py: the fake embedder ranks by hashed words)
    assert out[0]["read_as"].startswith("any numbers on the second one (")
    assert out[1]["error"] == '"answer_chunk_ids" must be a list of passage ids (text), in answer order'


def test_chat_keeps_the_conversation_and_new_resets_it(capsys, monkeypatch):
    messages = [EGFR, "and for immunotherapy?", "what about CAFs?", "ref 66", "/new", "and for immunotherapy?"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(messages) + "\n"))
    assert main(["chat", "-k", "1"]) == 0
    out = capsys.readouterr().out
    assert "(read as: What drives immunotherapy resistance?)" in out
    assert "(read as: What drives CAFs resistance?)" in out  # the third hop reads the second as rewritten
    assert "[66] Utsumi T" in out and "cited in: s4-p2, t1-r1" in out  # a lookup leaves the conversation as it was
    assert "(a new conversation)" in out
    last_reply = out.split("(a new conversation)")[1]
    assert "read as" not in last_reply  # after /new, 'and for immunotherapy?' is a question on its own


def test_chat_ends_at_quit_and_on_a_closed_stdin(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("/quit\n" + EGFR + "\n"))
    assert main(["chat"]) == 0
    assert capsys.readouterr().out.strip() == "you> /quit"  # the piped message shown; nothing asked before /quit
    monkeypatch.setattr("sys.stdin", None)
    assert main(["chat"]) == 2
    assert "standard input is closed" in capsys.readouterr().err


def test_chat_defines_an_abbreviation_with_the_passage_that_explains_it(capsys, monkeypatch, fake_assistant):
    monkeypatch.setattr("sys.stdin", io.StringIO("define MDSCs\n"))
    assert main(["chat"]) == 0
    out = capsys.readouterr().out
    passage = fake_assistant.search("what are MDSCs?", k=1).hits[0].chunk
    assert out.startswith("you> define MDSCs\nMDSCs: myeloid-derived suppressor cells\n")
    flowing = " ".join(out.split())
    assert f"Explained in {passage.id} · {' > '.join(passage.section_path)}:" in flowing
    assert passage.text.split()[0] in out


def test_chat_with_k_below_one_is_refused_at_once(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{EGFR}\nand for immunotherapy?\n"))
    assert main(["chat", "-k", "0"]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", "reviewqa chat: error: k must be at least 1, not 0\n")  # before any message is read
