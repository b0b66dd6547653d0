"""The Write tab's HTML: each sentence of a draft with its verdict (a coloured mark and a word), what differs, and
its evidence on demand (a <details> of passage cards with "Read in context" and "Collect"); then the cited draft to
copy and its bibliography to download. Everything from the draft or the review is escaped."""

from __future__ import annotations

from reviewqa.choices import Support
from reviewqa.corpus.review import Review
from reviewqa.search.results import Hit
from reviewqa.ui.cards import COLLECT, card, esc, keep_lines
from reviewqa.ui.notebook_view import file_download, plural
from reviewqa.writing.cited_draft import CitedDraft
from reviewqa.writing.quote import quote_markdown
from reviewqa.writing.support import DraftSupport, Evidence, SentenceSupport

# The verdict in words and a mark (colour is never the only sign).
VERDICT_WORDS = {
    Support.SUPPORTED: ("✓", "Supported"),
    Support.PARTLY: ("~", "Partly"),
    Support.UNSUPPORTED: ("✗", "Not in the review"),
}
EVIDENCE_TITLES = {
    Support.SUPPORTED: "Evidence",
    Support.PARTLY: "Closest evidence",
    Support.UNSUPPORTED: "Closest passages",
}


def message_html(text: str) -> str:
    """One line for a draft that cannot be checked (empty, binary, too long, another language)."""
    return f'<div class="rq-status rq-write-message" role="status">{esc(text)}</div>'


def support_html(support: DraftSupport, review: Review) -> str:
    """The summary line and every sentence with its verdict and evidence."""
    counts = ", ".join(f"{support.count(v)} {word.lower()}" for v, (_, word) in VERDICT_WORDS.items())
    total = plural(len(support.sentences), "sentence")
    summary = f'<p class="rq-write-summary">{esc(total)} checked: {esc(counts)}</p>'
    rows = "".join(_sentence_html(checked, review) for checked in support.sentences)
    return f'<div class="rq-write">{summary}<ol class="rq-write-sentences">{rows}</ol></div>'


def _sentence_html(checked: SentenceSupport, review: Review) -> str:
    mark, word = VERDICT_WORDS[checked.verdict]
    verdict = (
        f'<span class="rq-verdict rq-verdict-{checked.verdict.value}"><span aria-hidden="true">{mark}</span> '
        f"{esc(word)}</span>"
    )
    refs = ", ".join(str(n) for n in checked.cited_refs)
    cites = f'<span class="rq-write-refs">refs {esc(refs)}</span>' if refs else ""
    differs = f'<div class="rq-write-differs">What differs: {esc(checked.differs)}</div>' if checked.differs else ""
    cards = "".join(_evidence_card(e, rank, review) for rank, e in enumerate(checked.evidence, start=1))
    evidence = (
        f'<details class="rq-write-evidence"><summary>{esc(EVIDENCE_TITLES[checked.verdict])} '
        f"({len(checked.evidence)})</summary>{cards}</details>"
        if checked.evidence
        else ""
    )
    text = " ".join(checked.sentence.text.split())
    return (
        f'<li class="rq-write-sentence rq-write-{checked.verdict.value}">'
        f'<div class="rq-write-head">{verdict}{cites}</div>'
        f'<div class="rq-write-text">{esc(text)}</div>{differs}{evidence}</li>'
    )


def _evidence_card(evidence: Evidence, rank: int, review: Review) -> str:
    """A passage card for one evidence sentence: its section, the sentence, the references it cites."""
    chunk = review.chunk(evidence.chunk_id)
    hit = Hit(rank, evidence.score, chunk, tuple(review.reference(n) for n in evidence.refs))
    body = keep_lines(evidence.text).replace("&#10;", "<br>")
    return card(hit, body, quote_markdown(chunk, review), scored=False, actions=(COLLECT,))


def cited_html(cited: CitedDraft) -> str:
    """The cited draft to copy, its bibliography to download (.bib, .ris), and the sentences left uncited."""
    if not cited.works:
        return message_html("No sentence is supported as written, so nothing was cited.")
    buttons = (
        '<button type="button" class="rq-copy" id="rq-copy-cited" title="Copy the draft with its citations and '
        f'bibliography">Copy the cited draft</button><span class="rq-quote">{keep_lines(cited.text)}</span>'
        + file_download("draft-bib", "draft-refs.bib", "application/x-bibtex", cited.export("bibtex"))
        + file_download("draft-ris", "draft-refs.ris", "application/x-research-info-systems", cited.export("ris"))
    )
    preview = f'<pre class="rq-write-cited">{esc(cited.text)}</pre>'
    left = ""
    if cited.to_check:
        items = "".join(
            f"<li>{esc(' '.join(s.sentence.text.split()))}"
            + (f' <span class="rq-write-why">({esc(s.differs)})</span>' if s.differs else "")
            + "</li>"
            for s in cited.to_check
        )
        left = f'<p class="rq-write-left">Not cited, to check against the review:</p><ul>{items}</ul>'
    return f'<div class="rq-write-output"><div class="rq-downloads">{buttons}</div>{preview}{left}</div>'
