"""The review itself as a citable work (its front matter gives title, authors and DOI; tests check they agree)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    authors: tuple[str, ...]
    title: str
    journal: str
    journal_full: str
    year: int
    doi: str

    @property
    def vancouver(self) -> str:
        """The review in its own journal's (Vancouver-like) style."""
        from reviewqa.bibliography import work_from_article
        from reviewqa.citation_styles import vancouver

        return vancouver(work_from_article(self))

    @property
    def in_text(self) -> str:
        """Short in-text form, e.g. '(Liu et al., 2025)'."""
        from reviewqa.bibliography import work_from_article
        from reviewqa.citation_styles import in_text

        return in_text(work_from_article(self))


REVIEW = Article(
    authors=("Liu L", "Yang L", "Li H", "Shang T", "Liu L"),
    title=(
        "The tumor microenvironment in lung cancer: Heterogeneity, therapeutic resistance and emerging "
        "treatment strategies (Review)"
    ),
    journal="Int J Oncol",
    journal_full="International Journal of Oncology",
    year=2025,
    doi="10.3892/ijo.2025.5824",
)
