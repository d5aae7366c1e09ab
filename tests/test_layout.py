"""The layout a newcomer relies on: imports run one way (no module imports, even only for
type hints, a module that imports it back), and the pipeline's stages never reach up
into the layers that show or store their results."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import storyline

PACKAGE = Path(storyline.__file__).parent
STAGES = ("ingest", "segment", "represent", "relate", "salience", "coherence", "select")
SHOWING = ("render", "present", "store", "core", "cli", "web")


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Each storyline module -> the storyline modules it imports (the package's own
    ``__init__`` left out: every import passes through it)."""
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            found |= {t for t in targets if t in modules and t not in ("storyline", name)}
        graph[name] = found
    return graph


def test_no_import_circle():
    try:
        tuple(TopologicalSorter(_imports()).static_order())
    except CycleError as circle:
        raise AssertionError(f"import circle: {' -> '.join(circle.args[1])}") from None


def test_stages_do_not_import_what_shows_or_stores_them():
    def part(module: str) -> str:
        return [*module.split("."), ""][1]  # "relate" of "storyline.relate"

    for module, imported in _imports().items():
        if part(module) in STAGES:
            upward = {m for m in imported if part(m) in SHOWING}
            assert not upward, f"{module} imports {sorted(upward)}"
