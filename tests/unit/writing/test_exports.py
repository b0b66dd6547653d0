"""BibTeX, RIS and CSL-JSON: exact entries checked by hand, and all 150 read back by real parsers."""

from __future__ import annotations

import json

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

from reviewqa.writing.exports import (
    bibtex_entry,
    bibtex_title,
    csl_item,
    export,
    ris_record,
    to_bibtex,
    to_csl_json,
    to_ris,
)
from reviewqa.writing.works import Name, Work, WorkType, reference_works, work_from_article


@pytest.fixture(scope="module")
def works(review):
    return reference_works(review.references)


def _initials(given: str) -> str:
    return given.replace(".", "").replace(" ", "")


def test_bibtex_exact(works):
    assert bibtex_entry(works[146]) == (
        "@article{bergers2008modes,\n"
        "  author = {Bergers, G. and Hanahan, D.},\n"
        "  title = {Modes of resistance to anti-angiogenic therapy},\n"
        "  journal = {Nat Rev Cancer},\n"
        "  year = {2008},\n"
        "  volume = {8},\n"
        "  pages = {592--603},\n"
        "}"
    )
    assert bibtex_entry(works[80]) == (
        "@misc{wang2024smarca4,\n"
        "  author = {Wang, Y. and Meraz, I. M. and Qudratullah, M. and Kotagiri, S. and Han, Y. and Xi, Y. "
        "and Wang, J. and Lissanu, Y.},\n"
        "  title = {{SMARCA4} mutation induces tumor cell-intrinsic defects in enhancer landscape and resistance to "
        "immunotherapy},\n"
        "  howpublished = {bioRxiv},\n"
        "  year = {2024},\n"
        "  month = jun,\n"
        "  doi = {10.1101/2024.06.18.599431},\n"
        "  note = {Preprint},\n"
        "}"
    )
    four = bibtex_entry(works[3])
    assert "Yamashita, K. and Urakami, K. and others},\n" in four
    assert "  pages = {11314},\n" in four
    assert "  language = {Chinese},\n" in bibtex_entry(works[111])
    assert "  note = {Epub ahead of print},\n" in bibtex_entry(works[113])


def test_bibtex_title_protects_capitals_and_escapes():
    assert bibtex_title("γδ T cells and the PD-1/PD-L1 axis: A love-hate relationship") == (
        "γδ {T} cells and the {PD-1/PD-L1} axis: {A} love-hate relationship"
    )
    assert bibtex_title("Costs & 50% of R_0") == r"Costs \& 50\% of {R\_0}"


def test_ris_exact(works):
    assert ris_record(works[113]) == "\n".join(
        [
            "TY  - JOUR",
            "ID  - wen2025integrating",
            "AU  - Wen, X.",
            "AU  - Wang, Y.",
            "AU  - Su, C.",
            "AU  - You, Y.",
            "AU  - Jiang, Z.",
            "AU  - Zhu, D.",
            "AU  - Fan, Q.",
            "TI  - Integrating Multi-omics technologies with traditional Chinese medicine to enhance cancer research "
            "and treatment",
            "T2  - QJM",
            "J2  - QJM",
            "PY  - 2025",
            "DA  - 2025/04/29",
            "DO  - 10.1093/qjmed/hcaf103",
            "N1  - Epub ahead of print",
            "ER  - ",
        ]
    )
    assert "TY  - UNPB\n" in ris_record(works[80])
    assert "SP  - 998\nEP  - 1013.e16\n" in ris_record(works[72])
    assert "LA  - Chinese\n" in ris_record(works[112])
    assert "N1  - Author list ends with 'et al.' as printed in the review.\n" in ris_record(works[3])


def test_all_150_bibtex_parse_back(review, works):
    library = bibtexparser.parse_string(to_bibtex(works), append_middleware=[SeparateCoAuthors(), SplitNameParts()])
    assert not library.failed_blocks
    assert len(library.entries) == 150
    for entry, reference in zip(library.entries, review.references, strict=True):
        names = [" ".join(p.von + p.last) + " " + _initials(" ".join(p.first)) for p in entry["author"]]
        expected = list(reference.authors) + (["others "] if reference.et_al else [])
        assert names == expected, reference.n
        assert entry["title"].replace("{", "").replace("}", "") == reference.title, reference.n
        assert int(entry["year"]) == reference.year
        assert entry.fields_dict.get("journal", entry.fields_dict.get("howpublished")).value == reference.journal
        assert entry.entry_type == ("misc" if reference.n == 81 else "article")
        assert (entry["doi"] if "doi" in entry.fields_dict else "") == reference.doi
    assert [e.key for e in library.entries] == [w.key for w in works]


def test_all_150_ris_parse_back(review, works):
    records = rispy.loads(to_ris(works))
    assert len(records) == 150
    for record, reference in zip(records, review.references, strict=True):
        names = [f"{family} {_initials(given)}" for family, given in (a.split(", ") for a in record["authors"])]
        assert names == list(reference.authors), reference.n
        assert record["title"] == reference.title
        assert int(record["year"]) == reference.year
        assert record["secondary_title"] == reference.journal
        assert record["type_of_reference"] == ("UNPB" if reference.n == 81 else "JOUR")
        assert record.get("doi", "") == reference.doi
        assert record.get("volume", "") == reference.volume


CSL_TYPES = {"article", "article-journal"}
CSL_VARIABLES = {
    "id", "citation-key", "type", "author", "title", "container-title", "container-title-short", "publisher",
    "genre", "volume", "page", "DOI", "language", "issued", "status", "note",
}  # fmt: skip


def test_csl_json_is_valid(works):
    items = json.loads(to_csl_json([*works, work_from_article()]))
    assert len({item["id"] for item in items}) == 151
    for item in items:
        assert set(item) <= CSL_VARIABLES, item["id"]
        assert item["type"] in CSL_TYPES and isinstance(item["title"], str) and item["title"]
        assert all(
            set(a) == {"family", "given"} and all(isinstance(v, str) for v in a.values()) for a in item["author"]
        )
        parts = item["issued"]["date-parts"]
        assert len(parts) == 1 and 1 <= len(parts[0]) <= 3 and all(isinstance(p, int) for p in parts[0])
        assert "container-title" in item or item["type"] == "article"
    assert items[80]["type"] == "article" and items[80]["publisher"] == "bioRxiv"
    assert items[0]["author"][0] == {"family": "Wéber", "given": "A."}


def test_csl_item_exact(works):
    assert csl_item(works[3])["note"] == "Author list ends with 'et al.' as printed in the review."
    assert csl_item(works[113]) | {"author": []} == {
        "id": "wen2025integrating",
        "citation-key": "wen2025integrating",
        "type": "article-journal",
        "author": [],
        "title": "Integrating Multi-omics technologies with traditional Chinese medicine to enhance cancer research "
        "and treatment",
        "container-title": "QJM",
        "container-title-short": "QJM",
        "DOI": "10.1093/qjmed/hcaf103",
        "issued": {"date-parts": [[2025, 4, 29]]},
        "status": "Epub ahead of print",
        "note": "Epub ahead of print",
    }


def test_special_characters_survive(works):
    text = to_bibtex(works) + to_ris(works) + to_csl_json(works)
    for word in ("Wéber", "Würtzen", "Dinçer", "Csósz", "Fülöp", "γδ T cells", "TGF-β", "α1,6-Fucosyltransferase"):
        assert word in text.replace("{", "").replace("}", ""), word


def test_export_refuses_unknown_format(works):
    with pytest.raises(ValueError, match="unknown export format 'endnote'"):
        export(works[:1], "endnote")


def test_author_without_initials_is_kept_whole():
    work = Work("x2020y", WorkType.JOURNAL_ARTICLE, (Name("WHO Consortium", ""),), False, "T", "J", "", "", 2020, "")
    assert "author = {{WHO Consortium}}" in bibtex_entry(work)
    assert csl_item(work)["author"] == [{"literal": "WHO Consortium"}]
