"""What sits on disk: the index folder built from a `Review`, and its parts loaded back, row-aligned.

`terms` turns text into the lexical terms BM25 indexes; `lexical` (BM25, bm25s kept behind it) and `dense`
(FAISS) hold the two indexes; `embed` makes the chunk vectors at build time and `encoder` embeds a question at
query time (ONNX, no torch) behind the `QueryEncoder` protocol; `folder` owns the folder (what it may replace,
the staged swap, the lock, verified hashes); `manifest` says what built an index and whether it still serves;
`store` builds, opens and rebuilds. In: a `Review`. Out: a `LoadedIndex`.
"""
