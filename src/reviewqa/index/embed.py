"""Build-time embeddings with sentence-transformers, and the one-off ONNX export of the same model."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from reviewqa.corpus.glossary import Glossary
from reviewqa.model import MAX_WORD_PIECES, count_word_pieces, model_dir, offline
from reviewqa.records import Chunk, Kind

EMBEDDING_TEXT_VERSION = "3"


def embedding_text(chunk: Chunk, glossary: Glossary | None = None) -> str:
    """What the model reads for a chunk: its innermost heading, then its text with the abbreviations it uses spelled
    out (`Glossary.spelled_out`); shown text stays bare. What does not fit the model's window is left out, the
    spelled-out forms last: never the chunk's own words."""
    heading = chunk.heading
    text = chunk.text
    spelled = glossary.spelled_out(text) if glossary is not None else text
    headed = chunk.kind is Kind.TEXT and bool(heading) and not text.startswith(heading)
    candidates = [f"{heading}: {spelled}", spelled, f"{heading}: {text}"] if headed else [spelled]
    return next((c for c in candidates if count_word_pieces(c) <= MAX_WORD_PIECES), text)


class SentenceTransformerEmbedder:
    """The build-time embedder: sentence-transformers on torch, plus the ONNX export for queries."""

    def __init__(self, model=None):
        self.model = model or load_sentence_transformer()

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return embed_texts(self.model, texts, progress=progress)

    def export_query_encoder(self, path: Path) -> None:
        export_onnx(self.model, path)


def load_sentence_transformer():
    """all-MiniLM-L6-v2 from the installed package, with the hub switched off."""
    offline()
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_dir()), device="cpu", local_files_only=True)


def embed_texts(model, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
    """L2-normalised float32 vectors, one row per text."""
    vectors = model.encode(
        texts,
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=progress,
    )
    return np.ascontiguousarray(vectors, dtype=np.float32)


def export_onnx(model, path: Path) -> None:
    """Write the transformer with mean pooling and L2 normalisation as one ONNX graph."""
    import warnings

    import torch

    class _Pooled(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    wrapped = _Pooled(model[0].auto_model).eval()
    sample = torch.ones(1, 8, dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            wrapped,
            (sample, sample, torch.zeros_like(sample)),
            str(path),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["embedding"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "embedding": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
