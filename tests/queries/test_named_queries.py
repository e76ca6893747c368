"""Each named query on a small fixture graph gives the expected rows (W3C manifest style)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from ontology.namespaces import PREFIXES
from queries.registry import ParameterError, QueryFileError, load_registry, parse_query_file
from service.loading import load_paths
from service.named_queries import run_named
from service.settings import Settings
from service.store import EmbeddedStore

HERE = Path(__file__).parent
CASES: list[dict[str, Any]] = [
    case
    for path in sorted(HERE.glob("cases*.yaml"))
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))
]
ID = "https://w3id.org/lanka/id/t/"
REGISTRY = load_registry()


def expand(value: str | None) -> str | None:
    if value is None:
        return None
    prefix, colon, local = value.partition(":")
    if colon and prefix == "id":
        return ID + local
    if colon and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return value


@pytest.fixture(scope="module")
def fixture_store() -> Iterator[EmbeddedStore]:
    settings = Settings(area="t")
    store = EmbeddedStore(None)
    load_paths(store, [HERE / "fixture.trig"], settings)
    yield store
    store.close()


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['query']}: {c.get('name', 'all')}")
def test_named_query_gives_the_expected_rows(
    fixture_store: EmbeddedStore, case: dict[str, Any]
) -> None:
    query = REGISTRY.get(case["query"])
    params = {k: expand(str(v)) or "" for k, v in (case.get("params") or {}).items()}
    result = run_named(fixture_store, query, params, Settings().base_iri)
    columns = case["columns"]
    assert set(columns) <= set(result.variables)
    got = Counter(tuple(str(row[c]) if c in row else None for c in columns) for row in result.rows)
    expected = Counter(tuple(expand(v) for v in row) for row in case["expected"])
    assert got == expected


def test_every_named_query_has_a_case() -> None:
    assert {q.name for q in REGISTRY} == {c["query"] for c in CASES}


def test_every_query_declares_its_columns_and_both_languages() -> None:
    for query in REGISTRY:
        assert query.returns, query.name
        assert set(query.description) == {"fi", "en"}, query.name
        assert " / " in query.summary, f"{query.name}: summary in Finnish / English"


def test_a_parameter_value_of_the_wrong_type_names_the_parameter() -> None:
    query = REGISTRY.get("trace-bottom-up")
    with pytest.raises(ParameterError) as caught:
        query.bindings({"entity": "not an iri"})
    assert caught.value.parameter == "entity"
    with pytest.raises(ParameterError, match="includeCurated"):
        query.bindings({"entity": "https://x.org/a", "includeCurated": "maybe"})
    with pytest.raises(ParameterError, match="nosuch"):
        query.bindings({"nosuch": "1"})


def test_a_required_parameter_must_be_given() -> None:
    with pytest.raises(ParameterError, match="entity"):
        REGISTRY.get("trace-bottom-up").bindings({})


def test_a_value_with_sparql_in_it_stays_a_value(fixture_store: EmbeddedStore) -> None:
    query = REGISTRY.get("actor-portfolio")
    hostile = "https://w3id.org/lanka/id/t/toimija/ry> } UNION { ?s ?p ?o"
    with pytest.raises(ParameterError):
        query.bindings({"actor": hostile})
    result = run_named(
        fixture_store, REGISTRY.get("trace-top-down"), {"lang": "fi"}, Settings().base_iri
    )
    assert result.bindings["lang"].toPython() == "fi"


def test_a_query_file_that_does_not_parse_is_refused_with_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.rq"
    broken.write_text(
        "#+ summary: Rikki / Broken\nSELECT ?x WHERE {\n  ?x ?y\n}\n", encoding="utf-8"
    )
    with pytest.raises(QueryFileError, match=r"broken.rq, line \d"):
        parse_query_file(broken)


def test_a_parameter_the_query_does_not_project_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "unprojected.rq"
    path.write_text(
        "#+ summary: a / b\n#+ params:\n#+   - name: x\n#+     type: iri\n"
        "SELECT ?y WHERE { ?x ?p ?y }\n",
        encoding="utf-8",
    )
    with pytest.raises(QueryFileError, match="must be projected"):
        parse_query_file(path)
