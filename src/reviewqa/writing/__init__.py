"""Passages and references for one's own writing: citations, quotations, collections and reference files.

`works` turns the review and its references into citable `Work`s (names split, stable keys), `styles` formats
them (Vancouver, APA), `exports` writes BibTeX, RIS and CSL-JSON, `quote` quotes a passage with footnotes,
`cited_by` finds the passages citing a reference, `collection` gathers passages into notes and reference
files, and `files` writes files the user names, all or none. Imports `corpus` and below.
"""
