"""`reviewqa chunks | refs | glossary`: exact output and refusal of bad input."""

from __future__ import annotations

import json

import pytest

from reviewqa.cli.main import main


def test_chunks_json_lines(capsys):
    assert main(["chunks", "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 269
    first = json.loads(lines[0])
    assert list(first) == ["id", "kind", "section_path", "text", "refs"]
    by_id = {row["id"]: row for row in map(json.loads, lines)}
    assert by_id["t2-r8"]["refs"] == [111]
    assert by_id["t2-r8"]["kind"] == "table_row"


def test_refs_json_shape(capsys):
    assert main(["refs", "66", "147", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["n"] for r in data] == [66, 147]
    assert {"n", "authors", "title", "journal", "volume", "pages", "year", "doi", "raw"} <= set(data[0])
    assert data[1]["authors"] == ["Bergers G", "Hanahan D"] and data[1]["year"] == 2008


def test_refs_all(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["refs"]) == 0
    lines = capsys.readouterr().out.splitlines()
    entries = [line for line in lines if not line.startswith(" ")]  # the lines after an entry's first are indented
    assert len(entries) == 150 and entries[146].startswith("[147] Bergers G and Hanahan D:")
    assert lines[lines.index(entries[146]) + 1] == "      Nat Rev Cancer 8: 592-603, 2008."


@pytest.mark.parametrize("bad", ["0", "151", "-1", "abc", "1.5"])
def test_refs_refuses_bad_numbers(capsys, bad):
    assert main(["refs", "--", bad]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "1..150" in err


def test_glossary_lookup(capsys):
    assert main(["glossary", "MDSC"]) == 0
    assert capsys.readouterr().out == "MDSCs: myeloid-derived suppressor cells\n"  # one long form, not two
    assert main(["glossary", "ORR"]) == 0
    assert capsys.readouterr().out == "ORR: objective response rate\n"  # in the abbreviation's number
    assert main(["glossary", "nonexistent-term"]) == 1
    assert "not in the glossary" in capsys.readouterr().out
    assert main(["glossary", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert len(entries) == 57
    assert {"abbr": "ICB", "long_forms": ["immune checkpoint blockade"], "sources": ["text"]} in entries


def test_show_prints_a_passage_in_its_place(capsys):
    assert main(["show", "s3-p9", "--context", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "3. Dynamic crosstalk in the TME: Mechanisms of progression > Resistance to targeted therapy"
    assert "  s3-p8 · Resistance to targeted therapy" in out and ">> s3-p9 (the passage)" in out
    assert out.index(">> s3-p9 (the passage)") < out.index("  s3-p10 · Resistance to ICB")
    assert main(["show", "t1-r1", "--context", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in data["before"]] == ["s4-p3.2", "s4-p4"]  # Table I stands after these in section 4
    assert data["passage"]["id"] == "t1-r1" and [c["id"] for c in data["after"]] == ["t1-r2", "t1-r3"]


def test_show_refuses_an_unknown_id_or_a_huge_context(capsys):
    assert main(["show", "nope"]) == 2
    assert "there is no passage 'nope'" in capsys.readouterr().err
    assert main(["show", "s3-p9", "--context", "21"]) == 2
    assert "--context must be 0..20" in capsys.readouterr().err


def test_neighbours_stay_within_the_prose_or_the_reference_list(review):
    before, after = review.neighbours("ref1", 2)
    assert before == () and [c.id for c in after] == ["ref2", "ref3"]
    before, after = review.neighbours("back-funding", 3)
    assert all(c.kind.value != "reference" for c in (*before, *after))
