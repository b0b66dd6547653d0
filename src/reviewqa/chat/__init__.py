"""One chat message in, the data of its reply out: plain records, never HTML (`ui` renders them).

`lookup` recognises 'ref 66', '[66]', 'define CAFs'; `followup` reads a short follow-up with the previous
question; `best_sentence` picks the sentence of the top passages that answers; `turn.respond` returns a
`Reply` (search, reference, glossary or notice); `api` is the `/ask` function. Imports `search` and below.
"""
