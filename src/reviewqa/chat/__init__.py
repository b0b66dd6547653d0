"""One chat message in, the data of its reply out: plain records, never HTML (`ui` renders them).

`lookup` recognises 'ref 66', '[66]', 'define CAFs'; `compose` makes the answer from the review's own sentences
of the top passages; `turn.respond` returns a `Reply` (search with its answer, reference, glossary or notice);
`api` is the `/ask` function; `answer_eval` scores composed answers on a question file. A follow-up is read in
its conversation by `search.context`. Imports `search` and below.
"""
