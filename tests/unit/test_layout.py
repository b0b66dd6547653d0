"""The package's shape: layered subpackages, no import cycles, small modules and functions, a purpose line each.

`lint-imports` (pyproject's import-linter contract, run by .ci/run) checks the layers with grimp; these tests check
the same graph independently from the source, lazy imports inside functions included, so a cycle cannot hide in one.
"""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import SRC

PACKAGE = SRC / "reviewqa"
MODULES = sorted(PACKAGE.rglob("*.py"))
# corpus ← index ← search ← chat / writing / quiz ← memory ← ui ← cli; the base modules below them all.
LAYERS = {
    "errors": 0,
    "version": 1,
    "records": 1,
    "choices": 1,
    "paths": 1,
    "model": 1,
    "trees": 1,
    "corpus": 2,
    "index": 3,
    "search": 4,
    "chat": 5,
    "writing": 5,
    "quiz": 5,
    "memory": 6,
    "ui": 7,
    "cli": 8,
}
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every reviewqa module `path` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reviewqa"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in NAMES else node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("reviewqa")}
    return found - {module_name(path)}


NAMES = {module_name(path) for path in MODULES}
GRAPH = {module_name(path): imports_of(path) for path in MODULES}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def test_every_module_is_in_a_layer():
    assert sorted(m for m in NAMES if m != "reviewqa" and m != "reviewqa.__main__" and _layer(m) is None) == []


def test_subpackages_import_only_layers_below_or_their_own():
    upward = []
    for module, imported in GRAPH.items():
        here = _layer(module)
        for target in imported:
            there = _layer(target)
            same_package = module.split(".")[:2] == target.split(".")[:2]
            if here is not None and there is not None and there >= here and not same_package:
                upward.append(f"{module} -> {target}")
    assert upward == []


def _cycles() -> list[list[str]]:
    """Every cycle of the module import graph (one rotation of each), found by depth-first search."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for target in sorted(GRAPH.get(node, ())):
            if state.get(target) == 1:
                found.append(path[path.index(target) :] + [target])
            elif target not in state:
                visit(target)
        path.pop()
        state[node] = 2

    for node in sorted(GRAPH):
        if node not in state:
            visit(node)
    return found


def test_no_import_cycles():
    assert _cycles() == []


def test_the_cycle_check_finds_a_cycle():
    GRAPH["reviewqa.corpus.markup"].add("reviewqa.corpus.review")  # review -> … -> markup: now a loop
    try:
        assert any("reviewqa.corpus.markup" in cycle for cycle in _cycles())
    finally:
        GRAPH["reviewqa.corpus.markup"].discard("reviewqa.corpus.review")


def test_modules_and_functions_stay_small():
    long_modules = [
        f"{m.relative_to(SRC)}: {n}" for m in MODULES if (n := len(m.read_text().splitlines())) > MAX_MODULE_LINES
    ]
    long_functions = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name} ({length} lines)")
    assert long_modules == [] and long_functions == []


def test_every_module_says_what_it_is_for():
    assert [str(m.relative_to(SRC)) for m in MODULES if not ast.get_docstring(ast.parse(m.read_text()))] == []


def test_no_module_shadows_the_standard_library():
    import sys

    assert sorted({m.stem for m in MODULES} & set(sys.stdlib_module_names) - {"__init__", "__main__"}) == []
