"""`/sparql` beyond the W3C suite: the default graph, formats, limits, the service description."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from ontology.namespaces import DCAT, SD
from service.app import create_app
from service.catalog import catalog_iri, data_graphs
from service.loading import load_paths
from service.settings import Secret, Settings
from service.store import EmbeddedStore
from tests.service.w3c import AUTH, TOKEN, boolean, graph, rows

QUERY = {"content-type": "application/sparql-query"}
UPDATE = {"content-type": "application/sparql-update", **AUTH}
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?w . ?b ?p ?x . ?c ?p ?y . ?d ?p ?z "
    "FILTER(?w + ?x + ?y + ?z > 1000) }"
)


def serve(settings: Settings, **changes: object) -> Iterator[TestClient]:
    chosen = settings.replace(update_token=Secret(TOKEN), **changes)
    store = EmbeddedStore(chosen.store)
    try:
        with TestClient(create_app(chosen, store)) as client:
            yield client
    finally:
        store.close()


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    yield from serve(settings)


@pytest.fixture
def loaded(settings: Settings, county: Path) -> Iterator[TestClient]:
    store = EmbeddedStore(settings.store)
    load_paths(store, [county], settings)
    store.close()
    del store
    yield from serve(settings)


def ask(client: TestClient, query: str) -> bool:
    return boolean(client.get("/sparql", params={"query": query}))


def test_the_default_graph_is_the_union_of_the_data_graphs(
    loaded: TestClient, settings: Settings
) -> None:
    store: EmbeddedStore = loaded.app.state.store  # type: ignore[attr-defined]
    graphs = data_graphs(store, settings.base_iri)
    assert graphs
    counted = rows(loaded.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}))
    assert int(counted[0]["n"]) == sum(store.triple_count(g) for g in graphs)
    assert not ask(loaded, f"ASK {{ ?s a <{DCAT.Catalog}> }}")  # the catalog is not data
    assert ask(
        loaded, f"ASK {{ GRAPH <{catalog_iri(settings.base_iri)}> {{ ?s a <{DCAT.Catalog}> }} }}"
    )


def test_the_stores_own_default_graph_is_part_of_it(client: TestClient) -> None:
    client.post(
        "/update", content="INSERT DATA { <http://a> <http://b> 'default' }", headers=UPDATE
    )
    assert ask(client, "ASK { <http://a> <http://b> 'default' }")


def test_a_query_with_from_gets_exactly_its_graphs(client: TestClient) -> None:
    client.post(
        "/update",
        content="INSERT DATA { <http://a> <http://b> 1 . "
        "GRAPH <http://g> { <http://a> <http://b> 2 } }",
        headers=UPDATE,
    )
    answer = client.get("/sparql", params={"query": "SELECT ?o FROM <http://g> { ?s ?p ?o }"})
    assert rows(answer) == [{"o": "2"}]


@pytest.mark.parametrize(
    "media",
    [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ],
)
def test_select_answers_in_the_format_asked_for(client: TestClient, media: str) -> None:
    answer = client.get(
        "/sparql", params={"query": "SELECT (1 AS ?one) {}"}, headers={"accept": media}
    )
    assert answer.headers["content-type"].split(";")[0] == media
    assert answer.headers["vary"] == "Accept"
    assert rows(answer) == [{"one": "1"}]


@pytest.mark.parametrize(
    "media", ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]
)
def test_construct_answers_in_the_format_asked_for(client: TestClient, media: str) -> None:
    answer = client.post(
        "/sparql",
        content="CONSTRUCT { <http://a> <http://b> 'c'@fi } WHERE {}",
        headers={**QUERY, "accept": media},
    )
    assert answer.headers["content-type"].split(";")[0] == media
    assert len(graph(answer)) == 1


def test_nothing_acceptable_is_406_with_the_choices(client: TestClient) -> None:
    select = client.get("/sparql", params={"query": "SELECT * {}"}, headers={"accept": "text/html"})
    assert select.status_code == 406
    assert "text/csv" in select.json()["available"]
    construct = client.post(
        "/sparql",
        content="CONSTRUCT WHERE { ?s ?p ?o }",
        headers={**QUERY, "accept": "application/sparql-results+json"},
    )
    assert construct.status_code == 406


def test_a_get_without_a_query_describes_the_service(client: TestClient) -> None:
    answer = client.get("/sparql", headers={"accept": "text/turtle"})
    assert answer.headers["content-type"] == "text/turtle; charset=utf-8"
    described = Graph().parse(data=answer.text, format="turtle")
    service = URIRef("http://testserver/sparql")
    assert (service, SD.endpoint, service) in described
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in described
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) in described
    assert (service, SD.feature, SD.BasicFederatedQuery) not in described
    as_xml = client.get("/sparql", headers={"accept": "application/rdf+xml"})
    assert len(Graph().parse(data=as_xml.text, format="xml")) == len(described)


def test_a_read_only_service_does_not_offer_update(settings: Settings) -> None:
    store = EmbeddedStore(settings.store)
    with TestClient(create_app(settings, store)) as client:
        described = Graph().parse(data=client.get("/sparql").text, format="turtle")
    store.close()
    assert (None, SD.supportedLanguage, SD.SPARQL11Update) not in described


def test_a_request_over_the_size_limit_is_413(settings: Settings) -> None:
    for client in serve(settings, max_request_bytes=1024):
        query = "ASK {}" + " " * 2000
        assert client.post("/sparql", content=query, headers=QUERY).status_code == 413
        streamed = client.post("/sparql", content=iter([query.encode()]), headers=QUERY)
        assert streamed.status_code == 413  # no Content-Length: counted while reading
        assert client.get("/sparql", params={"query": query}).status_code == 413
        assert client.post("/sparql", content="ASK {}", headers=QUERY).status_code == 200


def test_a_result_over_the_row_limit_is_refused_whole(settings: Settings) -> None:
    for client in serve(settings, max_result_rows=2):
        values = "VALUES ?n { 1 2 3 }"
        refused = client.get("/sparql", params={"query": f"SELECT ?n {{ {values} }}"})
        assert refused.status_code == 422
        assert "LANKA_MAX_RESULT_ROWS" in refused.json()["error"]["en"]
        limited = client.get("/sparql", params={"query": f"SELECT ?n {{ {values} }} LIMIT 2"})
        assert len(rows(limited)) == 2


def test_a_query_past_the_time_limit_is_stopped_with_504(settings: Settings) -> None:
    for client in serve(settings, query_timeout=0.5):
        numbers = " ".join(
            f"<http://example.org/s{i}> <http://example.org/p> {i} ." for i in range(100)
        )
        client.post("/update", content=f"INSERT DATA {{ {numbers} }}", headers=UPDATE)
        stopped = client.post("/sparql", content=SLOW, headers=QUERY)
        assert stopped.status_code == 504
        assert "LANKA_QUERY_TIMEOUT" in stopped.json()["error"]["en"]
        store: EmbeddedStore = client.app.state.store  # type: ignore[attr-defined]
        assert store._pool is not None and store._pool.live == 0  # its worker was killed
        assert ask(client, "ASK { ?s ?p 99 }")


def test_an_update_by_get_is_refused(client: TestClient) -> None:
    assert client.get("/sparql", params={"update": "CLEAR ALL"}).status_code == 400
    refused = client.get("/update", params={"update": "CLEAR ALL"})
    assert refused.status_code == 405
    assert refused.headers["allow"] == "POST"


def test_the_update_endpoint_takes_no_queries(client: TestClient) -> None:
    assert client.post("/update", content="ASK {}", headers=QUERY).status_code == 415
    form = {"content-type": "application/x-www-form-urlencoded", **AUTH}
    assert client.post("/update", content="query=ASK+%7B%7D", headers=form).status_code == 400


def test_an_update_is_all_or_nothing(client: TestClient) -> None:
    failing = "INSERT DATA { <http://a> <http://b> 1 } ; DROP GRAPH <http://never-created>"
    response = client.post("/update", content=failing, headers=UPDATE)
    assert response.status_code == 400
    assert not ask(client, "ASK { <http://a> <http://b> 1 }")


def test_a_form_body_that_is_not_utf8_is_400(client: TestClient) -> None:
    form = {"content-type": "application/x-www-form-urlencoded"}
    assert (
        client.post("/sparql", content=b"query=ASK%20%7B%7D\xff", headers=form).status_code == 400
    )
    assert client.post("/sparql", content=b"query=%FF", headers=form).status_code == 400


def test_a_repeated_query_is_answered_again_only_when_the_client_asks_no_cache(
    settings: Settings,
) -> None:
    store = EmbeddedStore(None)  # in memory, queries read the live store, not a checkpoint
    store.cache_results(1)
    query = {"query": "ASK { GRAPH ?g { <x:a> <x:b> <x:c> } }"}
    with TestClient(create_app(settings, store)) as client:
        assert not boolean(client.get("/sparql", params=query))
        # written behind the store's back, as another process could write a shared server
        quad = ox.Quad(
            ox.NamedNode("x:a"), ox.NamedNode("x:b"), ox.NamedNode("x:c"), ox.NamedNode("x:g")
        )
        store._store.add(quad)
        assert not boolean(client.get("/sparql", params=query))  # the kept answer
        fresh = client.get("/sparql", params=query, headers={"cache-control": "no-cache"})
        assert boolean(fresh)
