"""A question in, ranked and cited passages out (`SearchResult` of `Hit`s), with whether the review answers it.

`query` cleans a question and reads what it asks of the reference list, `expansion` adds the glossary's other
names, `filters` decides which chunks may be returned, `fusion` mixes the dense and BM25 scores,
`answerability` judges whether the review answers at all, `results` holds the records, `assistant` runs it all
(`Assistant.search`), and `evaluate` scores it on question files. Imports `corpus` and `index`.
"""
