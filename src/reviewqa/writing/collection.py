"""Passages collected (a notebook's), exported at once: one Markdown file and the references they cite, deduplicated.

The app's "collect" button and `reviewqa export --id …` both go through `Collection`:

    notes = Collection().add("s3-p9").add("t2-r8")
    notes.to_markdown(review), notes.to_bibtex(review), notes.to_ris(review)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from reviewqa.corpus.review import Review, load_review
from reviewqa.records import Chunk
from reviewqa.writing.exports import export
from reviewqa.writing.quote import notes_section, quote_block
from reviewqa.writing.styles import format_work, in_text
from reviewqa.writing.works import Work, reference_works, work_from_article

NOTE_LABEL = "**Note:** "
# Characters that can start Markdown structure anywhere in a line (emphasis, code, links and footnotes, raw HTML
# and entities, tables, strike-through, math), and what can at a line's start (lists, setext underlines).
_MARKUP = re.compile(r"([\\`*_\[\]<>#|~&$])")
_LINE_OPENER = re.compile(r"^([-+=])|^(\d+)([.)])")


def literal_markdown(text: str) -> str:
    """A user's text as Markdown that shows it as typed: one paragraph, each line kept, nothing in it read as a
    heading, list, quote, link, footnote, HTML or code, so a note cannot change the structure of a document."""
    lines = (_MARKUP.sub(r"\\\1", line.strip()) for line in text.splitlines() if line.strip())
    return "  \n".join(_LINE_OPENER.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", line) for line in lines)


@dataclass(frozen=True)
class Collection:
    """Chunk ids in the order collected, each once; adding or removing returns a new Collection."""

    chunk_ids: tuple[str, ...] = ()

    def add(self, chunk_id: str) -> Collection:
        """This collection with `chunk_id` appended (unchanged if already in it)."""
        return self if chunk_id in self.chunk_ids else Collection((*self.chunk_ids, chunk_id))

    def remove(self, chunk_id: str) -> Collection:
        """This collection without `chunk_id`."""
        return Collection(tuple(i for i in self.chunk_ids if i != chunk_id))

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def __contains__(self, chunk_id: object) -> bool:
        return chunk_id in self.chunk_ids

    def chunks(self, review: Review | None = None) -> tuple[Chunk, ...]:
        """The collected chunks; KeyError names the first unknown id."""
        review = review or load_review()
        return tuple(review.chunk(i) for i in self.chunk_ids)

    def reference_numbers(self, review: Review | None = None) -> tuple[int, ...]:
        """Every reference the collected passages cite, each once, in list order."""
        return tuple(sorted({n for chunk in self.chunks(review) for n in chunk.refs}))

    def works(self, review: Review | None = None) -> list[Work]:
        """The review itself, then the references cited: what a .bib/.ris of these notes must hold."""
        review = review or load_review()
        return [work_from_article(), *reference_works(review.references, self.reference_numbers(review))]

    def to_markdown(
        self, review: Review | None = None, style: str = "vancouver", notes: Mapping[str, str] | None = None
    ) -> str:
        """One Markdown document: the source, each passage quoted in order (with the user's note on it, from
        `notes`, chunk id -> text), then one footnote per reference. Without notes, the same bytes as ever."""
        review = review or load_review()
        source = work_from_article()
        parts = [f"# Passages from {in_text(source)[1:-1]}", f"Source: {format_work(source, style, 'md')}"]
        for i, chunk in enumerate(self.chunks(review), 1):
            parts += [f"## {i}. {chunk.heading or chunk.id}", quote_block(chunk, "md")]
            note = (notes or {}).get(chunk.id, "").strip()
            if note:
                parts.append(NOTE_LABEL + literal_markdown(note))
        numbers = self.reference_numbers(review)
        if numbers:
            parts += ["## References cited", notes_section(numbers, review, style, "md")]
        return "\n\n".join(parts) + "\n"

    def to_bibtex(self, review: Review | None = None) -> str:
        """BibTeX for the review and every cited reference, once each."""
        return export(self.works(review), "bibtex")

    def to_ris(self, review: Review | None = None) -> str:
        """RIS for the review and every cited reference, once each."""
        return export(self.works(review), "ris")

    def to_csl_json(self, review: Review | None = None) -> str:
        """CSL-JSON for the review and every cited reference, once each."""
        return export(self.works(review), "csl-json")
