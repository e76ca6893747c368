"""Each named query on a small fixture graph gives the expected rows (W3C manifest style)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from loaders.errors import QueryTimeout
from ontology.namespaces import PREFIXES
from queries.registry import ParameterError, QueryFileError, load_registry, parse_query_file
from service.loading import load_paths
from service.named_queries import run_named
from service.settings import Settings
from service.store import EmbeddedStore, Limits

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


@pytest.fixture(scope="module", params=["in this thread", "in a query worker"])
def fixture_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[EmbeddedStore, Limits | None]]:
    """The fixture in memory, queried in this thread, and on disk, queried under the
    endpoint's limits in a query worker (parameters bound there), as the API runs them."""
    settings = Settings(area="t")
    on_disk = request.param == "in a query worker"
    store = EmbeddedStore(tmp_path_factory.mktemp("store") / "s" if on_disk else None)
    load_paths(store, [HERE / "fixture.trig"], settings)
    yield store, Limits() if on_disk else None
    store.close()


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['query']}: {c.get('name', 'all')}")
def test_named_query_gives_the_expected_rows(
    fixture_store: tuple[EmbeddedStore, Limits | None], case: dict[str, Any]
) -> None:
    store, limits = fixture_store
    query = REGISTRY.get(case["query"])
    params = {k: expand(str(v)) or "" for k, v in (case.get("params") or {}).items()}
    result = run_named(store, query, params, Settings().base_iri, limits)
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


def test_a_value_with_sparql_in_it_stays_a_value(
    fixture_store: tuple[EmbeddedStore, Limits | None],
) -> None:
    store, limits = fixture_store
    query = REGISTRY.get("actor-portfolio")
    hostile = "https://w3id.org/lanka/id/t/toimija/ry> } UNION { ?s ?p ?o"
    with pytest.raises(ParameterError):
        query.bindings({"actor": hostile})
    result = run_named(
        store, REGISTRY.get("trace-top-down"), {"lang": "fi"}, Settings().base_iri, limits
    )
    assert str(result.bindings["lang"]) == "fi"


def test_a_named_query_past_the_time_limit_is_stopped_in_its_worker(tmp_path: Path) -> None:
    """On disk, a named query runs in a query worker, which is killed at the time limit:
    the server does not wait for the query to end to say it ran too long."""
    store = EmbeddedStore(tmp_path / "store")
    try:
        load_paths(store, [HERE / "fixture.trig"], Settings(area="t"))
        slow = replace(
            REGISTRY.get("trace-top-down"),
            text="SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?w . ?b ?q ?x . ?c ?r ?y . ?d ?s ?z }",
            params=(),
            returns=("n",),
        )
        with pytest.raises(QueryTimeout, match="query trace-top-down ran over the time limit"):
            run_named(store, slow, {}, Settings().base_iri, Limits(timeout=0.5))
        assert store._pool is not None and store._pool.live == 0  # its worker was killed
    finally:
        store.close()


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
