"""Training the reader (`reviewqa train-reader`): sentence-transformers' CrossEncoder and its trainer, from the
bundled all-MiniLM-L6-v2 weights (offline), then the ONNX export the run-time `Reader` opens.

Deterministic: one seed fixes the new classification head, the shuffling and dropout; the pairs come in a fixed
order (reviewqa.chat.reader_data)."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from reviewqa.index.embed import fuse_transformer_operators
from reviewqa.index.folder import file_sha256
from reviewqa.index.reader import READER_MANIFEST, READER_ONNX, READER_TOKENIZER
from reviewqa.model import MODEL_NAME, model_dir, offline


@dataclass(frozen=True)
class ReaderSettings:
    """What a training run is made of (all recorded in the reader's manifest)."""

    seed: int = 0
    layers: int = 4  # the lowest layers of MiniLM-L6 kept: two thirds of the time per pair, 75 MB instead of 90
    frozen_layers: int = 2  # the embeddings and this many lowest layers are not trained (faster, steadier)
    max_length: int = 64  # question and sentence together, in word pieces
    epochs: int = 1
    batch_size: int = 32
    learning_rate: float = 2e-4  # the head is new and the run short: 5e-5 left the loss at a constant guess's
    positive_weight: float = 2.0  # the loss's weight on a positive (about 1 in 5 pairs answers)
    warmup_ratio: float = 0.05


Triple = tuple[str, str, float]  # (question, candidate, label)


def new_cross_encoder(settings: ReaderSettings, base: Path | None = None):
    """MiniLM-L6's weights (`base`: a vocabulary-cut copy, reviewqa.index.reader_vocab) under a fresh one-output
    head (seeded), cut to `settings.layers` layers."""
    offline()
    import transformers
    from sentence_transformers.cross_encoder import CrossEncoder

    transformers.set_seed(settings.seed)
    model = CrossEncoder(
        str(base or model_dir()),  # a folder of the installed package (or its cut copy), never a hub name
        num_labels=1,
        max_length=settings.max_length,
        device="cpu",
        local_files_only=True,
    )
    bert = model.model.base_model
    bert.encoder.layer = bert.encoder.layer[: settings.layers]
    model.model.config.num_hidden_layers = settings.layers
    frozen = [bert.embeddings, *bert.encoder.layer[: settings.frozen_layers]]
    for module in frozen:
        for parameter in module.parameters():
            parameter.requires_grad = False
    return model


def train_cross_encoder(triples: Sequence[Triple], settings: ReaderSettings, work_dir: Path, base: Path | None = None):
    """A CrossEncoder fine-tuned on the triples with binary cross-entropy (positives weighted)."""
    import torch
    from datasets import Dataset  # type: ignore[import-untyped]
    from sentence_transformers.cross_encoder import CrossEncoderTrainer, CrossEncoderTrainingArguments
    from sentence_transformers.cross_encoder.losses import BinaryCrossEntropyLoss

    model = new_cross_encoder(settings, base)
    data = Dataset.from_dict(
        {
            "query": [t[0] for t in triples],
            "candidate": [t[1] for t in triples],
            "label": [float(t[2]) for t in triples],
        }
    )
    arguments = CrossEncoderTrainingArguments(
        output_dir=str(work_dir),
        num_train_epochs=settings.epochs,
        per_device_train_batch_size=settings.batch_size,
        learning_rate=settings.learning_rate,
        warmup_ratio=settings.warmup_ratio,
        seed=settings.seed,
        data_seed=settings.seed,
        save_strategy="no",
        report_to="none",
        logging_steps=50,
        use_cpu=True,
        dataloader_num_workers=0,
        disable_tqdm=True,
    )
    loss = BinaryCrossEntropyLoss(model, pos_weight=torch.tensor(settings.positive_weight))
    CrossEncoderTrainer(model=model, args=arguments, train_dataset=data, loss=loss).train()
    model.model.eval()
    return model


def torch_logits(model, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    """The PyTorch model's raw scores for (question, candidate) pairs."""
    scores = model.predict(list(pairs), activation_fn=_identity(), batch_size=32, show_progress_bar=False)
    return np.asarray(scores, dtype=np.float32).reshape(-1)


def _identity():
    import torch

    return torch.nn.Identity()


def export_reader(model, path: Path) -> None:
    """The classifier as one ONNX graph (batch and length dynamic), its operators fused for onnxruntime."""
    import warnings

    import torch

    classifier = model.model
    attention = classifier.config._attn_implementation
    classifier.set_attn_implementation("eager")  # the fusion recognises eager attention's pattern

    class _Logits(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).logits

    unfused = path.with_name(path.stem + ".unfused.onnx")
    sample = torch.ones(2, 8, dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    dynamic = {"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "logits": {0: "batch"}}
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _Logits(classifier).eval(),
                (sample, sample, torch.zeros_like(sample)),
                str(unfused),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["logits"],
                dynamic_axes=dynamic,
                opset_version=17,
                dynamo=False,
            )
        config = classifier.config
        fuse_transformer_operators(unfused, path, config.num_attention_heads, config.hidden_size)
    finally:
        classifier.set_attn_implementation(attention)
        unfused.unlink(missing_ok=True)


def write_reader(model, folder: Path, facts: dict) -> dict:
    """Export the model into `folder` with its manifest (the ONNX file's sha256 and bytes added to `facts`)."""
    folder.mkdir(parents=True, exist_ok=True)
    onnx_path = folder / READER_ONNX
    export_reader(model, onnx_path)
    model.tokenizer.backend_tokenizer.save(str(folder / READER_TOKENIZER))
    manifest = {
        "base_model": MODEL_NAME,
        **facts,
        "vocabulary": model.model.config.vocab_size,
        "tokenizer_sha256": file_sha256(folder / READER_TOKENIZER),
        "onnx_sha256": file_sha256(onnx_path),
        "onnx_bytes": onnx_path.stat().st_size,
        "written_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    (folder / READER_MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def train_and_write(
    triples: Sequence[Triple], settings: ReaderSettings, folder: Path, facts: dict, vocabulary_texts: Sequence[str]
) -> dict:
    """Train (on MiniLM cut to the word pieces of `vocabulary_texts` and the commonest), export, and record the
    settings, the time taken and the ONNX-vs-PyTorch score difference."""
    from reviewqa.index.reader_vocab import kept_ids, write_cut_base

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as work:
        texts = [*vocabulary_texts, *(t[0] for t in triples), *(t[1] for t in triples)]
        base = write_cut_base(kept_ids(texts), Path(work) / "base")
        model = train_cross_encoder(triples, settings, Path(work) / "run", base)
    seconds = time.perf_counter() - started
    facts = {**facts, "max_length": settings.max_length, "settings": asdict(settings), "train_seconds": round(seconds)}
    manifest = write_reader(model, folder, facts)
    from reviewqa.index.reader import Reader

    probe = [(q, c) for q, c, _ in triples[:: max(1, len(triples) // 64)]]
    onnx = np.concatenate([Reader(folder).logits(q, [c]) for q, c in probe])
    manifest["onnx_vs_torch_max_logit_difference"] = float(np.max(np.abs(onnx - torch_logits(model, probe))))
    (folder / READER_MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest
