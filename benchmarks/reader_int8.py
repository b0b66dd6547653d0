"""Does int8 keep the reader's choices? onnxruntime's dynamic quantisation of the reader, then, per question of the
tuning sets (heldout, dev), the best sentence of the top five passages by fp32 and by int8: the share that agree
(int8 is used only at >= 98 %), the largest score change, the sizes and the time per batch.

    nice -n 19 .venv/bin/python benchmarks/reader_int8.py [READER_FOLDER]
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from reviewqa.index.folder import file_sha256
from reviewqa.index.reader import READER_MANIFEST, READER_ONNX, READER_TOKENIZER, Reader, reader_dir
from reviewqa.search.assistant import Assistant
from reviewqa.search.evaluate import load_questions
from reviewqa.search.reading import answer_units
from reviewqa.search.techniques import Techniques

ROOT = Path(__file__).resolve().parents[1]
SETS = (ROOT / "eval/heldout_questions.jsonl", ROOT.parent / "shared/eval/dev_questions.jsonl")
READER = ["reader_rerank", "reader_sentences", "reader_flag"]


def quantised_copy(folder: Path, target: Path) -> Path:
    """The reader's folder with its ONNX graph quantised to int8 (weights; activations dynamic), manifest updated."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(folder / READER_TOKENIZER, target / READER_TOKENIZER)
    import onnx

    quantize_dynamic(
        str(folder / READER_ONNX),
        str(target / READER_ONNX),
        weight_type=QuantType.QInt8,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},  # the fused operators have no inferred type
    )
    manifest = json.loads((folder / READER_MANIFEST).read_text(encoding="utf-8"))
    manifest["onnx_sha256"] = file_sha256(target / READER_ONNX)
    (target / READER_MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return target


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else reader_dir()
    loaded = Assistant.load(quiet=True)
    assistant = Assistant(loaded.review, loaded.index, techniques=Techniques.without(READER))
    with tempfile.TemporaryDirectory() as scratch:
        fp32, int8 = Reader(folder), Reader(quantised_copy(folder, Path(scratch)))
        sizes = [(f / READER_ONNX).stat().st_size / 1e6 for f in (folder, Path(scratch))]
        same = total = 0
        largest = 0.0
        times: dict[str, list[float]] = {"fp32": [], "int8": []}
        for question in (q for path in SETS for q in load_questions(path) if q.answerable and not q.history):
            result = assistant.search(question.question, k=5)
            units = list(dict.fromkeys(u for hit in result.hits for u in answer_units(hit.chunk)))
            if not units:
                continue
            scores = {}
            for name, reader in (("fp32", fp32), ("int8", int8)):
                started = time.perf_counter()
                scores[name] = 1 / (1 + np.exp(-reader.logits(result.read_as, units)))
                times[name].append(1000 * (time.perf_counter() - started))
            same += int(np.argmax(scores["fp32"]) == np.argmax(scores["int8"]))
            total += 1
            largest = max(largest, float(np.max(np.abs(scores["fp32"] - scores["int8"]))))
    print(f"fp32 {sizes[0]:.1f} MB, int8 {sizes[1]:.1f} MB")
    print(f"same best sentence: {same} of {total} ({same / total:.3f}); largest score change {largest:.3f}")
    for name, values in times.items():
        print(f"{name}: p50 {np.median(values):.1f} ms per question's batch")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
