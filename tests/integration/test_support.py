"""Draft support on the real review and model: verdicts on the review's own sentences and on altered copies, the
evidence quoted verbatim, the cited draft and its bibliography, and `reviewqa support` end to end."""

from __future__ import annotations

import json
import re

import bibtexparser
import pytest

from reviewqa.choices import Support
from reviewqa.cli.main import main
from reviewqa.index.sentences import sentence_keys
from reviewqa.writing.cited_draft import cite_draft
from reviewqa.writing.styles import format_work
from reviewqa.writing.support import Supporter
from reviewqa.writing.works import reference_works

pytestmark = pytest.mark.model

VERBATIM = (
    "Lung cancer accounts for 18% of global cancer deaths, with non-small-cell lung cancer (NSCLC) comprising 85% "
    "of cases (1)."
)
STIFFNESS = (
    "Additionally, increased matrix stiffness can enhance tumor cell proliferation and resistance to therapy by "
    "promoting mechanotransduction pathways (30)."
)
MDSCS = "MDSCs impair cytotoxic T-cell function via reactive oxygen species and arginase production."
DRAFT = f"""# Notes

{VERBATIM} {MDSCS}

- {STIFFNESS}
- Amivantamab prolonged progression-free survival in NSCLC with EGFR exon 20 insertions.
"""


@pytest.fixture(scope="module")
def supporter(assistant):
    return Supporter(assistant)


def _one(supporter, text):
    (checked,) = supporter.check(text).sentences
    return checked


def test_a_verbatim_sentence_is_supported_with_its_references(supporter):
    checked = _one(supporter, VERBATIM)
    assert checked.verdict is Support.SUPPORTED and checked.differs == ""
    assert checked.evidence[0].chunk_id == "s1-p1" and checked.evidence[0].refs == (1,)
    assert checked.cited_refs == (1,)


def test_the_same_sentence_with_a_changed_number_is_not_supported_and_names_the_number(supporter):
    checked = _one(supporter, VERBATIM.replace("18%", "28%"))
    assert checked.verdict in (Support.PARTLY, Support.UNSUPPORTED)
    assert "number" in checked.differs and "28" in checked.differs
    assert checked.evidence[0].chunk_id == "s1-p1"


def test_a_reversed_direction_and_a_swapped_drug_are_said(supporter):
    reversed_claim = _one(supporter, STIFFNESS.replace("increased", "decreased").replace("enhance", "reduce"))
    assert reversed_claim.verdict is not Support.SUPPORTED and reversed_claim.differs.startswith("direction")
    swapped = _one(
        supporter,
        "Li et al showed that metformin could enhance chemosensitivity and promote the transition of M2-TAMs to "
        "M1-like macrophages, thereby suppressing tumor growth in NSCLC.",
    )
    assert swapped.verdict is not Support.SUPPORTED and swapped.differs == "drug: metformin is not in the evidence"


def test_a_claim_on_a_drug_the_review_never_names_is_unsupported(supporter):
    checked = _one(supporter, "Amivantamab prolonged progression-free survival in NSCLC with EGFR exon 20 insertions.")
    assert checked.verdict is Support.UNSUPPORTED
    assert checked.differs == "the review does not mention amivantamab"
    assert checked.cited_refs == ()


def test_every_evidence_text_is_verbatim_from_the_review(supporter, review):
    printed = {text for _, text in sentence_keys(review)} | {c.text for c in review.chunks}
    for checked in supporter.check(DRAFT).sentences:
        assert checked.evidence
        for evidence in checked.evidence:
            assert evidence.text in printed
            assert evidence.text in review.chunk(evidence.chunk_id).text
            assert evidence.section_path == review.chunk(evidence.chunk_id).section_path


def test_cited_vancouver_numbers_resolve_to_the_right_references(supporter, review):
    support = supporter.check(DRAFT)
    assert [s.verdict for s in support.sentences] == [Support.SUPPORTED] * 3 + [Support.UNSUPPORTED]
    cited = cite_draft(support, review, "vancouver")
    entries = dict(re.findall(r"^(\d+)\. (.+)$", cited.text.split("\nReferences\n", 1)[1], re.M))
    expected = [(VERBATIM, {1}), (MDSCS, {17, 18}), (STIFFNESS, {30})]
    for sentence, refs in expected:
        at = cited.draft.index(sentence[:-1])
        mark = re.match(r" \[([\d,]+)\]", cited.draft[at + len(sentence) - 1 :])
        assert mark, sentence
        numbers = [int(n) for n in mark.group(1).split(",")]
        works = reference_works(review.references, sorted(refs))
        assert sorted(entries[str(n)] for n in numbers) == sorted(format_work(w, "vancouver") for w in works)
    assert len(entries) == 4  # 1, 17, 18, 30
    assert "insertions.\n" in cited.draft  # nothing added to the unsupported sentence
    assert [s.sentence.index for s in cited.to_check] == [3]
    assert re.sub(r" \[[\d,]+\]", "", cited.draft) == DRAFT  # the rest of the draft byte for byte


def test_the_bib_parses_and_holds_the_cited_works(supporter, review):
    cited = cite_draft(supporter.check(DRAFT), review, "apa")
    library = bibtexparser.parse_string(cited.export("bibtex"))
    assert not library.failed_blocks
    assert [e.key for e in library.entries] == [w.key for w in reference_works(review.references, [1, 17, 18, 30])]
    assert "(Wéber et al., 2023)." in cited.draft


def test_support_command_json_shape(real_index_dir, tmp_path, capsys):
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    assert main(["support", str(draft), "--json", "--index", str(real_index_dir)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["sentences"] and len(data["sentences"]) == 4
    for sentence in data["sentences"]:
        assert list(sentence) == ["text", "verdict", "supported", "evidence", "differs"]
        assert sentence["verdict"] in ("supported", "partly", "unsupported")
        assert sentence["supported"] == (sentence["verdict"] == "supported")
        assert all(list(e) == ["chunk_id", "text", "refs"] for e in sentence["evidence"])
    assert data["sentences"][0]["evidence"][0] == {"chunk_id": "s1-p1", "text": VERBATIM, "refs": [1]}


def test_support_command_cites_and_writes_files(real_index_dir, tmp_path, capsys):
    draft, bib, ris = tmp_path / "draft.md", tmp_path / "refs.bib", tmp_path / "refs.ris"
    draft.write_text(DRAFT, encoding="utf-8")
    args = ["support", str(draft), "--cite", "vancouver", "--bib", str(bib), "--ris", str(ris)]
    assert main([*args, "--index", str(real_index_dir)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("# Notes\n\n" + VERBATIM[:-5] + " (1) [1].")
    assert "\nReferences\n\n1. Wéber A" in out
    assert "Not cited (1; check these against the review):" in err and "[not in the review] Amivantamab" in err
    assert len(bibtexparser.parse_string(bib.read_text(encoding="utf-8")).entries) == 4
    assert ris.read_text(encoding="utf-8").count("ER  - ") == 4


@pytest.mark.parametrize(
    ("content", "says"),
    [(b"", "the draft is empty"), (b"\x00\x01binary", "binary data"), (b"Lung cancer. " * 30000, "over 60,000")],
)
def test_support_command_refuses_bad_drafts_in_one_line(tmp_path, capsys, content, says):
    draft = tmp_path / "draft.txt"
    draft.write_bytes(content)
    assert main(["support", str(draft)]) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1
