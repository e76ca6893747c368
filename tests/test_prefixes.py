"""Every prefix declared in a Turtle or SPARQL file agrees with the one prefix table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ontology.namespaces import PREFIXES

ROOT = Path(__file__).resolve().parents[1]
DECLARATION = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.I | re.M)
FILES = sorted(
    p
    for folder in ("ontology", "shapes", "queries", "tests", "data")
    for p in (ROOT / folder).rglob("*")
    if p.suffix in (".ttl", ".rq") and ".venv" not in p.parts
)


def test_there_are_files_to_check() -> None:
    assert any(p.suffix == ".ttl" for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_declared_prefix_is_the_tables_prefix(path: Path) -> None:
    by_iri = {iri: name for name, iri in PREFIXES.items()}
    for name, iri in DECLARATION.findall(path.read_text(encoding="utf-8")):
        assert name in PREFIXES, f"{path}: prefix '{name}:' is not in the prefix table"
        assert PREFIXES[name] == iri, f"{path}: '{name}:' should be <{PREFIXES[name]}>"
        assert by_iri.get(iri, name) == name, f"{path}: <{iri}> is '{by_iri[iri]}:'"
