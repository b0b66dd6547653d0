"""The reader's own, smaller vocabulary: MiniLM's 30,522 word pieces cut to those that matter here, so the
embedding table (47 MB of a 77 MB model at full size) shrinks by half and the app stays within its memory budget.

Kept: the special tokens, every single character and '##' character (so any word can still be pieced, never
[UNK] for want of a letter), the first COMMON_PIECES ordinary word pieces of the BERT vocabulary (roughly by
frequency), and every piece the review's own text and the training questions use. WordPiece is greedy longest
match, so a word whose pieces are all kept is tokenised exactly as with the full vocabulary; a rarer word falls
back to shorter kept pieces. The cut vocabulary is saved as the reader's tokenizer (bundled/reader_tokenizer.json),
which both the PyTorch model in training and the ONNX model at run time read: they see the same ids.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from reviewqa.model import model_dir, offline

COMMON_PIECES = 12000  # the BERT vocabulary's first ordinary pieces (after [unused*]) kept whatever the text
_SPECIAL = re.compile(r"^\[(?:PAD|UNK|CLS|SEP|MASK)\]$")
_UNUSED = re.compile(r"^\[unused\d+\]$")


def full_vocabulary() -> list[str]:
    """MiniLM's word pieces in id order."""
    return (model_dir() / "vocab.txt").read_text(encoding="utf-8").splitlines()


def kept_ids(texts: Iterable[str], common: int = COMMON_PIECES) -> list[int]:
    """The original ids the reader keeps (ascending): specials, single characters, the first `common` ordinary
    pieces, and every piece `texts` tokenise to."""
    from reviewqa.model import word_piece_tokenizer

    vocabulary = full_vocabulary()
    kept: set[int] = set()
    ordinary = 0
    for token_id, token in enumerate(vocabulary):
        if _UNUSED.match(token):
            continue
        if _SPECIAL.match(token) or len(token.removeprefix("##")) == 1:
            kept.add(token_id)
        elif ordinary < common:
            kept.add(token_id)
            ordinary += 1
    tokenizer = word_piece_tokenizer()
    for encoding in tokenizer.encode_batch(list(dict.fromkeys(texts)), add_special_tokens=False):
        kept.update(encoding.ids)
    return sorted(kept)


def write_cut_base(kept: list[int], folder: Path) -> Path:
    """MiniLM (a transformers folder) with only the `kept` word pieces: the embedding rows and the vocabulary cut
    alike, the ids renumbered in their original order. Returns `folder`, ready for CrossEncoder(folder)."""
    import shutil

    import torch
    from transformers import AutoModel

    folder.mkdir(parents=True, exist_ok=True)
    offline()
    model = AutoModel.from_pretrained(str(model_dir()), local_files_only=True)  # the installed package's weights
    rows = torch.tensor(kept, dtype=torch.long)
    table = model.embeddings.word_embeddings.weight.data[rows].clone()
    model.embeddings.word_embeddings = torch.nn.Embedding.from_pretrained(table, freeze=False, padding_idx=0)
    model.config.vocab_size = len(kept)
    model.config.pad_token_id = 0
    model.save_pretrained(str(folder))
    vocabulary = full_vocabulary()
    (folder / "vocab.txt").write_text("".join(vocabulary[i] + "\n" for i in kept), encoding="utf-8")
    for name in ("tokenizer_config.json", "special_tokens_map.json"):
        if (model_dir() / name).is_file():
            shutil.copy(model_dir() / name, folder / name)
    (folder / "tokenizer.json").write_text(json.dumps(cut_tokenizer(kept)), encoding="utf-8")
    return folder


def cut_tokenizer(kept: list[int]) -> dict:
    """MiniLM's tokenizer.json with the vocabulary cut to `kept` (renumbered) and its special ids moved alike."""
    data = json.loads((model_dir() / "tokenizer.json").read_text(encoding="utf-8"))
    new_id = {old: new for new, old in enumerate(kept)}
    vocabulary = full_vocabulary()
    data["model"]["vocab"] = {vocabulary[old]: new for new, old in enumerate(kept)}
    for token in data.get("added_tokens", []):
        token["id"] = new_id[token["id"]]
    special = (data.get("post_processor") or {}).get("special_tokens", {})
    for entry in special.values():
        entry["ids"] = [new_id[i] for i in entry["ids"]]
    data["padding"] = data["truncation"] = None  # each user sets its own (the bundled file pads to 128)
    return data


def tokenizer_matches(folder: Path) -> bool:
    """Whether the cut tokenizer's vocabulary is the folder's vocab.txt (a sanity check for the tests)."""
    data = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))
    pieces = (folder / "vocab.txt").read_text(encoding="utf-8").splitlines()
    return data["model"]["vocab"] == {piece: i for i, piece in enumerate(pieces)}
