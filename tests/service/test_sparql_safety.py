"""SERVICE and LOAD are refused unless their target is allowed; nothing is fetched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from loaders.errors import FetchRefused, QuerySyntaxError
from service.sparql_safety import allowed, check_query, check_update, may_fetch
from tests.service.listener import listening
from tests.service.w3c import AUTH, endpoint


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "PREFIX ex: <http://example.org/> SELECT * { { SELECT * { SERVICE SILENT ex:s {} } } }",
        "SELECT * { FILTER NOT EXISTS { SERVICE ?endpoint { ?s ?p ?o } } }",
        "BASE <http://example.org/> SELECT * { SERVICE <sparql> {} }",
        "SELECT * { \\u0053ERVICE <http://example.org/sparql> {} }",
    ],
)
def test_a_service_anywhere_in_a_query_is_refused(query: str) -> None:
    with pytest.raises(FetchRefused):
        check_query(query)


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <http://example.org/data.ttl>",
        "PREFIX ex: <http://example.org/> CLEAR ALL ; LOAD SILENT ex:data INTO GRAPH ex:g",
        "INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    ],
)
def test_load_and_a_service_in_an_update_are_refused(update: str) -> None:
    with pytest.raises(FetchRefused):
        check_update(update)


def test_the_words_in_data_or_names_do_not_trigger_a_refusal() -> None:
    check_query("SELECT * WHERE { ?service <http://example.org/load> 'SERVICE <http://x/>' }")
    check_update("INSERT DATA { <http://example.org/a> <http://example.org/b> 'LOAD <x:y>' }")
    assert not may_fetch("SELECT * WHERE { ?s ?p ?o }")


def test_an_allowed_target_passes_and_its_prefix_entry_covers_what_is_under_it() -> None:
    allow = ["https://data.example.org/", "http://exact.example.org/sparql"]
    check_query("SELECT * { SERVICE <https://data.example.org/sparql> {} }", allow)
    check_update("LOAD <http://exact.example.org/sparql>", allow)
    assert not allowed("http://exact.example.org/sparql2", allow)
    assert not allowed("https://data.example.org.evil/x", allow)
    with pytest.raises(FetchRefused):
        check_query("SELECT * { SERVICE ?any {} }", allow)


def test_a_request_that_cannot_be_checked_is_refused_as_a_syntax_error() -> None:
    with pytest.raises(QuerySyntaxError):
        check_query("SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p } }")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    yield from endpoint(tmp_path)


def test_the_endpoint_refuses_service_with_403_and_makes_no_connection(
    client: TestClient,
) -> None:
    with listening() as target:
        query = f"SELECT * WHERE {{ SERVICE <{target.url}> {{ ?s ?p ?o }} }}"
        response = client.get("/sparql", params={"query": query})
        update = client.post(
            "/update",
            content=f"LOAD <{target.url}>",
            headers={"content-type": "application/sparql-update", **AUTH},
        )
    assert response.status_code == 403
    assert "LANKA_FETCH_ALLOW" in response.json()["error"]["en"]
    assert update.status_code == 403
    assert target.connections == 0


def test_an_allow_listed_service_is_reached(tmp_path: Path) -> None:
    with listening() as target:
        for client in endpoint(tmp_path, fetch_allow=[target.url]):
            query = f"SELECT * WHERE {{ SERVICE <{target.url}> {{ ?s ?p ?o }} }}"
            response = client.get("/sparql", params={"query": query})
    assert target.connections >= 1
    assert response.status_code == 500  # the listener hangs up: the SERVICE call fails
