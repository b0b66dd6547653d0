"""Search results and chat replies as terminal text (the CLI's counterpart of ui.replies)."""

from __future__ import annotations

from reviewqa.chat.compose import ComposedAnswer
from reviewqa.chat.turn import GlossaryReply, Notice, ReferenceReply, Reply, SearchReply
from reviewqa.corpus.review import Review
from reviewqa.search.results import SearchResult


def format_result(result: SearchResult) -> str:
    """Human-readable ranked passages with their citations under each."""
    lines = []
    if not result.answerable:
        missing = f"{result.missing} " if result.missing else "The review does not seem to answer this. "
        lines += [f"{missing}The closest passages are:", ""]
    for hit in result.hits:
        chunk = hit.chunk
        lines.append(
            f"{hit.rank}. [{chunk.kind.value}] {' > '.join(chunk.section_path)}  ({chunk.id}, score {hit.score:.3f})"
        )
        lines.append(chunk.text)
        for reference in hit.references:
            lines.append(f"    [{reference.n}] {reference.citation}")
        lines.append("")
    return "\n".join(lines).rstrip()


def format_answered(result: SearchResult, answer: ComposedAnswer) -> str:
    """How the question was read, the composed answer, then the passages."""
    lines = []
    if result.read_as != result.query:
        lines.append(f"(read as: {result.read_as})")
    if answer.sentences:
        lines += ["Answer (the review's own sentences):"]
        for number, sentence in enumerate(answer.sentences, start=1):
            refs = "".join(f" [{n}]" for n in sentence.refs)
            bullet = f"{number}." if answer.listed else "-"
            lines.append(f"  {bullet} {' · '.join(sentence.text.splitlines())}{refs}  (#{sentence.rank})")
        lines.append("")
    return "\n".join([*lines, format_result(result)])


def format_reply(reply: Reply, review: Review) -> str:
    """A chat reply as text: how the question was read, the answer or what is missing, then the passages."""
    if isinstance(reply, SearchReply):
        return format_answered(reply.result, reply.answer)
    if isinstance(reply, ReferenceReply):
        parts = []
        for cited in reply.references:
            places = ", ".join(c.id for c in cited.citing) or "no passage of the review"
            parts.append(f"[{cited.reference.n}] {cited.reference.citation}\n  cited in: {places}")
        return "\n".join(parts)
    if isinstance(reply, GlossaryReply):
        return f"{reply.entry.abbr}: {'; '.join(reply.entry.long_forms)}"
    return reply.message if isinstance(reply, Notice) else str(reply)
