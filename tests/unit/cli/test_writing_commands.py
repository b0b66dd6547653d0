"""`reviewqa cite`, `export` and the writing options of `refs`: exact output, files, refusals."""

from __future__ import annotations

import json
import os

import bibtexparser
import pytest
import rispy

from reviewqa.cli.main import main
from reviewqa.writing.files import OutputFile, write_all


def test_cite_markdown_is_the_library_quote(capsys, monkeypatch, review, chunk_by_id):
    from reviewqa.cli.wrapping import markdown_wrapped
    from reviewqa.writing.quote import quote_markdown

    monkeypatch.setenv("COLUMNS", "1000")  # a terminal wide enough: the library's lines as they are
    assert main(["cite", "s3-p9"]) == 0
    assert capsys.readouterr().out == quote_markdown(chunk_by_id["s3-p9"], review)
    monkeypatch.setenv("COLUMNS", "80")  # wrapped to the terminal (the same Markdown: tests/unit/cli/test_wrapping.py)
    assert main(["cite", "s3-p9"]) == 0
    assert capsys.readouterr().out == markdown_wrapped(quote_markdown(chunk_by_id["s3-p9"], review), 80)


def test_cite_text_apa(capsys):
    assert main(["cite", "t2-r8", "--style", "apa", "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("“Table II. Studies on immune microenvironment-modulating therapeutic strategies")
    assert "Refs.: (111)”\n— (Liu et al., 2025), 6. Therapeutic strategies" in out
    assert "\n[111] Awad, M. M., Govindan, R.," in out
    assert out.endswith(" Cancer Cell, 40, 1010–1026.e11.\n")


def test_cite_without_id_cites_the_review(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")
    assert main(["cite", "--style", "apa", "--format", "text"]) == 0
    assert capsys.readouterr().out == (
        "Liu, L., Yang, L., Li, H., Shang, T., & Liu, L. (2025). The tumor microenvironment in lung cancer: "
        "Heterogeneity, therapeutic resistance and emerging treatment strategies (Review). International Journal of "
        "Oncology. https://doi.org/10.3892/ijo.2025.5824\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["cite", "nope"], "there is no passage 'nope'"),
        (["cite", "s3-p9", "--style", "mla"], "unknown style 'mla'"),
        (["cite", "s3-p9", "--format", "html"], "unknown format 'html'"),
        (["refs", "66", "--format", "endnote"], "unknown format 'endnote'"),
        (["refs", "66", "--format", "bibtex", "--json"], "does not combine"),
        (["refs", "66", "--style", "harvard"], "unknown style 'harvard'"),
        (["refs", "66", "--style", "apa", "--cited-by"], "does not combine"),
        (["refs", "--cited-by", "--", "151"], "1..150"),
        (["refs", "--format", "ris", "x"], "1..150"),
        (["export"], "--id"),
        (["export", "--id", "s3-p9", "nope"], "there is no passage 'nope'"),
        (["export", "--id", "s3-p9", "--style", "chicago"], "unknown style 'chicago'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_refs_json_unchanged(capsys):
    assert main(["refs", "147", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {
            "n": 147,
            "authors": ["Bergers G", "Hanahan D"],
            "et_al": False,
            "title": "Modes of resistance to anti-angiogenic therapy",
            "journal": "Nat Rev Cancer",
            "volume": "8",
            "pages": "592-603",
            "year": 2008,
            "doi": "",
            "raw": "Bergers G and Hanahan D: Modes of resistance to anti-angiogenic therapy. *Nat Rev Cancer* 8: "
            "592-603, 2008.",
        }
    ]


def test_refs_formats(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")
    assert main(["refs", "147", "--style", "apa"]) == 0
    assert capsys.readouterr().out == (
        "[147] Bergers, G., & Hanahan, D. (2008). Modes of resistance to anti-angiogenic therapy. Nat Rev Cancer, 8, "
        "592–603.\n"
    )
    assert main(["refs", "147", "66", "--format", "ris"]) == 0
    assert [r["id"] for r in rispy.loads(capsys.readouterr().out)] == ["bergers2008modes", "utsumi2025axl"]
    assert main(["refs", "--format", "bibtex"]) == 0
    assert len(bibtexparser.parse_string(capsys.readouterr().out).entries) == 150
    assert main(["refs", "81", "--format", "csl-json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["id"] == "wang2024smarca4"


def test_refs_cited_by(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")
    assert main(["refs", "9", "144", "--cited-by"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("[9] Glaviano A, Lau HS")
    assert lines[1] == "  s1-p3 · 1. Introduction"
    assert lines[2].startswith("    The TME has emerged") and lines[2].endswith("clinical trial data (9-14).")
    assert lines[3].startswith("  s5-p4 · 5.")
    assert lines[5].startswith("[144] Zhang X, Sun Q") and lines[6] == "  no passage of the review cites it"
    assert main(["refs", "10", "--cited-by", "--json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert entry["n"] == 10 and [p["chunk_id"] for p in entry["cited_by"]] == ["s1-p3"]
    assert set(entry["cited_by"][0]) == {"chunk_id", "kind", "section_path", "excerpt"}


def test_export_writes_only_the_named_files(capsys, tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    notes, bib, ris = tmp_path / "notes.md", tmp_path / "refs.bib", tmp_path / "refs.ris"
    argv = ["export", "--id", "s4-p2", "--id", "t1-r1", "s3-p9", "-o", str(notes), "--bib", str(bib), "--ris", str(ris)]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "3 passages, 7 works" in captured.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt", "notes.md", "refs.bib", "refs.ris"]
    assert (tmp_path / "keep.txt").read_text() == "mine"
    assert notes.read_text(encoding="utf-8").count("[^66]:") == 1
    assert len(bibtexparser.parse_string(bib.read_text(encoding="utf-8")).entries) == 7
    assert len(rispy.loads(ris.read_text(encoding="utf-8"))) == 7


def test_export_prints_notes_without_output_file(capsys):
    assert main(["export", "--id", "s3-p9"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Passages from Liu et al., 2025\n") and "[^61]: Wen Y" in out


def test_export_refuses_bad_paths_before_writing(capsys, tmp_path):
    notes = tmp_path / "notes.md"
    assert main(["export", "--id", "s3-p9", "-o", str(notes), "--bib", str(notes)]) == 2
    assert "named twice" in capsys.readouterr().err
    assert main(["export", "--id", "s3-p9", "--bib", str(tmp_path / "missing" / "refs.bib")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["export", "--id", "nope", "-o", str(notes)]) == 2
    assert list(tmp_path.iterdir()) == []


def test_write_all_with_force_replaces_and_keeps_mode(tmp_path):
    target = tmp_path / "refs.bib"
    target.write_text("old")
    os.chmod(target, 0o640)
    write_all([OutputFile(target, "γδ new\n")], force=True)
    assert target.read_text(encoding="utf-8") == "γδ new\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]
