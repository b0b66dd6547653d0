"""A session's collected passages, exported at once with their references deduplicated."""

from __future__ import annotations

import bibtexparser
import pytest
import rispy

from reviewqa.writing.collection import Collection


def test_add_remove_keep_order_and_uniqueness():
    notes = Collection().add("s4-p2").add("t1-r1").add("s4-p2")
    assert notes.chunk_ids == ("s4-p2", "t1-r1") and len(notes) == 2 and "t1-r1" in notes
    assert notes.remove("s4-p2").chunk_ids == ("t1-r1",)
    assert Collection().chunk_ids == ()


def test_references_are_deduplicated(review):
    # s4-p2 cites 66-69, t1-r1 cites 66 again, s3-p9 cites 60 and 61.
    notes = Collection(("s4-p2", "t1-r1", "s3-p9"))
    assert notes.reference_numbers(review) == (60, 61, 66, 67, 68, 69)
    library = bibtexparser.parse_string(notes.to_bibtex(review))
    keys = [e.key for e in library.entries]
    assert keys == [
        "liu2025tumor",
        "coelho2024base",
        "wen2022chronic",
        "utsumi2025axl",
        "peyraud2025spatially",
        "nishinakamura2025coactivation",
        "gandhi2018pembrolizumab",
    ]
    assert [r["id"] for r in rispy.loads(notes.to_ris(review))] == keys
    assert notes.to_csl_json(review).count('"id": ') == 7


def test_markdown_quotes_each_passage_and_defines_each_footnote_once(review):
    text = Collection(("s4-p2", "t1-r1")).to_markdown(review)
    assert text.startswith(
        "# Passages from Liu et al., 2025\n\nSource: Liu L, Yang L, Li H, Shang T and Liu L: The tumor microenvironment"
    )
    assert "## 1. Immune evasion and resistance mechanisms\n\n> Immune evasion and resistance mechanisms." in text
    assert "## 2. Table I. Studies on the TME driving drug resistance in lung cancer\n\n> Table I." in text
    assert "Utsumi et al[^66] demonstrated" in text and "> Refs.: [^66]\n" in text
    assert text.count("[^66]:") == 1
    assert text.index("[^66]:") < text.index("[^67]:") < text.index("[^69]:")
    assert text.endswith(
        "[^69]: Gandhi L, Rodríguez-Abreu D, Gadgeel S, Esteban E, Felip E, De Angelis F, Domine M, Clingan P, "
        "Hochmair MJ, Powell SF, *et al.*: Pembrolizumab plus chemotherapy in metastatic non-small-cell lung cancer. "
        "*N Engl J Med* 378: 2078-2092, 2018.\n"
    )


def test_passages_without_references(review):
    notes = Collection(("front-title",))
    assert notes.reference_numbers(review) == ()
    assert "## References cited" not in notes.to_markdown(review)
    assert [e.key for e in bibtexparser.parse_string(notes.to_bibtex(review)).entries] == ["liu2025tumor"]


def test_unknown_id(review):
    with pytest.raises(KeyError, match="there is no passage 'nope'"):
        Collection(("nope",)).to_markdown(review)


HOSTILE_NOTE = "\n".join(
    [
        "see [^60] and compare",
        "[^60]: a second footnote 60, made up",
        "",
        "<script>alert(1)</script> <img src=x onerror=alert(1)>",
        "# a heading",
        "---",
        "1. a list",
        "- another",
        "> a quote",
        "```",
        "| a | table |",
        "[a link](http://evil.example) &lt;entity&gt; **bold** `code`",
    ]
)


def _parsed(markdown: str) -> list:
    """The document's tokens as markdown-it reads it (CommonMark with tables and strike-through)."""
    markdown_it = pytest.importorskip("markdown_it")
    return markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(markdown)


def test_a_note_cannot_change_the_structure_of_the_export(review):
    passages = Collection(("s3-p9", "t1-r1"))
    plain = passages.to_markdown(review, notes={"s3-p9": "a plain note"})
    hostile = passages.to_markdown(review, notes={"s3-p9": HOSTILE_NOTE})
    definitions = [line for line in hostile.splitlines() if line.startswith("[^")]
    assert definitions == [line for line in plain.splitlines() if line.startswith("[^")]  # each footnote once
    blocks, tokens = [[t.type for t in _parsed(text)] for text in (plain, hostile)], _parsed(hostile)
    assert blocks[1] == blocks[0]  # the note is one paragraph, as a plain one
    [note_text] = [t for t in tokens if t.type == "inline" and t.content.startswith("**Note:**")]
    assert {child.type for child in note_text.children} == {"strong_open", "text", "strong_close", "hardbreak"}
    assert "\\<script\\>alert(1)\\</script\\>" in hostile  # shown as typed, never read as HTML
    note = hostile.split("**Note:** ")[1].split("\n\n")[0]
    assert note.splitlines()[:2] == ["see \\[^60\\] and compare  ", "\\[^60\\]: a second footnote 60, made up  "]
