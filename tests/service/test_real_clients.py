"""Real SPARQL clients against a real server: uvicorn on 127.0.0.1, SPARQLWrapper and rdflib."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from rdflib import Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, JSON, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import Unauthorized

from service.app import create_app
from service.http_protocol import server_config
from service.settings import Secret, Settings
from service.store import EmbeddedStore, UpdateRequest
from tests.service.w3c import AUTH, TOKEN

DATA = """INSERT DATA {
  <http://example.org/kajaani> <http://www.w3.org/2000/01/rdf-schema#label> "Kajaani"@fi .
  <http://example.org/kuhmo> <http://www.w3.org/2000/01/rdf-schema#label> "Kuhmo"@fi .
}"""
LABELS = """SELECT ?place ?label WHERE {
  ?place <http://www.w3.org/2000/01/rdf-schema#label> ?label
} ORDER BY ?label"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def endpoint(settings: Settings) -> Iterator[str]:
    chosen = settings.replace(update_token=Secret(TOKEN))
    store = EmbeddedStore(chosen.store)
    store.update(UpdateRequest(DATA))
    port = free_port()
    server = uvicorn.Server(
        server_config(create_app(chosen, store), "127.0.0.1", port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    store.close()


def test_sparqlwrapper_reads_json(endpoint: str) -> None:
    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(LABELS)
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert [b["label"]["value"] for b in bindings] == ["Kajaani", "Kuhmo"]
    assert bindings[0]["label"]["xml:lang"] == "fi"


def test_sparqlwrapper_reads_csv(endpoint: str) -> None:
    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(LABELS)
    client.setReturnFormat(CSV)
    body = client.queryAndConvert()
    assert body == (
        b"place,label\r\nhttp://example.org/kajaani,Kajaani\r\nhttp://example.org/kuhmo,Kuhmo\r\n"
    )


def test_sparqlwrapper_posts_a_query(endpoint: str) -> None:
    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setMethod("POST")
    client.setQuery("ASK { ?s ?p 'Kuhmo'@fi }")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True  # type: ignore[index]


def test_rdflib_sparqlstore_queries_the_endpoint(endpoint: str) -> None:
    graph = Graph(store=SPARQLStore(f"{endpoint}/sparql"))
    labels = sorted(str(row[1]) for row in graph.query(LABELS))  # type: ignore[index]
    assert labels == ["Kajaani", "Kuhmo"]
    assert (URIRef("http://example.org/kuhmo"), None, Literal("Kuhmo", lang="fi")) in graph


def test_rdflib_sparqlupdatestore_writes_with_the_token(endpoint: str) -> None:
    store = SPARQLUpdateStore(
        f"{endpoint}/sparql", f"{endpoint}/update", headers=dict(AUTH), autocommit=True
    )
    graph = Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID)
    graph.update("INSERT DATA { <http://example.org/sotkamo> <http://example.org/p> 'Sotkamo' }")
    asked = graph.query("ASK { <http://example.org/sotkamo> ?p 'Sotkamo' }")
    assert asked.askAnswer is True
    store.close()


def test_a_write_without_the_token_is_refused_to_a_real_client(endpoint: str) -> None:
    client = SPARQLWrapper(f"{endpoint}/sparql", updateEndpoint=f"{endpoint}/update")
    client.setMethod("POST")
    client.setQuery("INSERT DATA { <http://example.org/x> <http://example.org/p> 1 }")
    with pytest.raises(Unauthorized, match=r"right token"):
        client.query()
