"""The review as text, read once: the converted article in, a `Review` out.

`parse` reads the Markdown conversion into passages with their section paths (page breaks, figures and tables
that split a paragraph undone), `chunking` cuts them to the model's size, `reference_list` parses the numbered
references, `citation_marks` finds '(9-14)' in text, `glossary` pairs abbreviations with long forms, `markup`
and `sentences` clean and split text. `review.load_review()` gives the frozen `Review` every later stage reads.
Imports only the base modules (`records`, `errors`, `paths`, `model`).
"""
