"""Build-time embeddings with sentence-transformers, and the one-off ONNX export of the same model."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from reviewqa.corpus.glossary import Glossary
from reviewqa.errors import SetupProblem
from reviewqa.model import MAX_WORD_PIECES, count_word_pieces, encoder_dir, model_dir, offline
from reviewqa.records import Chunk, Kind

EMBEDDING_TEXT_VERSION = "3"
QUERY_ENCODER_VERSION = "2"  # 2: attention, GELU and layer norms fused (`fuse_transformer_operators`)


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


def load_sentence_transformer(*, stock: bool = False):
    """The embedding model, with the hub switched off: MiniLM adapted to the review (bundled, its weights verified),
    or with `stock` the all-MiniLM-L6-v2 of the installed package (what adaptation starts from). Weights stored as
    float16 are loaded as float32."""
    offline()
    from sentence_transformers import SentenceTransformer

    folder = model_dir() if stock else encoder_dir()
    return SentenceTransformer(str(folder), device="cpu", local_files_only=True).float()


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
    """Write the transformer with mean pooling and L2 normalisation as one ONNX graph, its operators fused for
    onnxruntime (the same vectors, cosine ≥ 0.99999; a query's forward pass about a tenth faster)."""
    bert = model[0].auto_model
    attention = bert.config._attn_implementation
    unfused = path.with_name(path.stem + ".unfused.onnx")
    # Exported with eager attention: the optimizer recognises its MatMul-Softmax-MatMul pattern, not torch's
    # scaled_dot_product_attention. The embedder is set back as it was: chunk vectors are computed after this.
    bert.set_attn_implementation("eager")
    try:
        _export_pooled(bert, unfused)
        fuse_transformer_operators(unfused, path, bert.config.num_attention_heads, bert.config.hidden_size)
    finally:
        bert.set_attn_implementation(attention)
        unfused.unlink(missing_ok=True)


def fuse_transformer_operators(source: Path, target: Path, heads: int, hidden: int) -> None:
    """onnxruntime's BERT optimizer: each layer's attention becomes one Attention operator, its GELU one BiasGelu,
    its residual adds and layer norms SkipLayerNormalization (operators of onnxruntime's CPU provider)."""
    from onnxruntime.transformers import optimizer

    fused = optimizer.optimize_model(str(source), model_type="bert", num_heads=heads, hidden_size=hidden, opt_level=0)
    counts = fused.get_fused_operator_statistics()
    if counts.get("Attention", 0) == 0:  # a transformers release whose graph the optimizer no longer recognises
        raise SetupProblem(f"the ONNX export was not fused ({counts}); pin transformers or update the export")
    fused.save_model_to_file(str(target))


def _export_pooled(bert, path: Path) -> None:
    """The transformer, mean pooling and L2 normalisation as one ONNX graph (batch and length dynamic)."""
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

    wrapped = _Pooled(bert).eval()
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
