"""Loaders are pure: source in, RDF out. They never reach into the service layer."""

from __future__ import annotations

import ast
from pathlib import Path

LOADERS = Path(__file__).resolve().parents[2] / "loaders"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_loader_module_imports_the_service() -> None:
    offenders = {
        path.name: sorted(m for m in imported_modules(path) if m.split(".")[0] == "service")
        for path in LOADERS.glob("*.py")
    }
    assert {name: mods for name, mods in offenders.items() if mods} == {}
