"""Shared set-up for the transcribed W3C suites: an endpoint on an on-disk store, and readers
for the answers in whatever format the server chose.

The endpoint is started once per test module (its query worker processes too) and emptied
before each test, as both suites assume an empty store at the start of every test.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from httpx import Response
from rdflib import Graph

from service.app import create_app
from service.settings import Settings
from service.store import EmbeddedStore, Store, UpdateRequest
from tests.service.conftest import remote_server

TOKEN = "w3c-suite-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
AUTHORITY = "www.example"  # ht:connectionAuthority of every test


def endpoint(folder: Path, store: Store | None = None, **overrides: object) -> Iterator[TestClient]:
    """The endpoint over `store`, or over an embedded store on disk in `folder`."""
    settings = Settings(
        **{"store": folder / "store", "update_token": TOKEN, "query_workers": 2, **overrides}
    )
    opened = store if store is not None else EmbeddedStore(settings.store)
    try:
        with TestClient(create_app(settings, opened), base_url=f"http://{AUTHORITY}") as client:
            yield client
    finally:
        opened.close()


def endpoint_on(
    request: pytest.FixtureRequest, folder: Path, **overrides: object
) -> Iterator[TestClient]:
    """The endpoint over the store the fixture's parameter names (embedded, oxigraph,
    virtuoso): the suites run against every store."""
    server = remote_server(request, request.param)
    yield from endpoint(folder, server.emptied() if server else None, **overrides)


def emptied(client: TestClient) -> TestClient:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    store.update(UpdateRequest("DROP ALL"))
    return client


def media_type(response: Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip()


def boolean(response: Response) -> bool:
    """The answer of an ASK, read by the result format the server chose."""
    fmt = ox.QueryResultsFormat.from_media_type(media_type(response))
    assert fmt is not None, f"not a SPARQL results media type: {media_type(response)}"
    parsed = ox.parse_query_results(response.content, format=fmt)
    assert isinstance(parsed, ox.QueryBoolean), "expected a boolean result"
    return bool(parsed)


def rows(response: Response) -> list[dict[str, str]]:
    """The solutions of a SELECT, each variable's value as text, in any of the four formats."""
    media = media_type(response)
    if media == "text/csv":
        return list(csv.DictReader(io.StringIO(response.text)))
    fmt = ox.QueryResultsFormat.from_media_type(media)
    assert fmt is not None, f"not a SPARQL results media type: {media}"
    parsed = ox.parse_query_results(response.content, format=fmt)
    assert isinstance(parsed, ox.QuerySolutions), "expected tabular results"
    names = [v.value for v in parsed.variables]
    return [
        {name: str(getattr(row[name], "value", row[name])) for name in names if row[name]}
        for row in parsed
    ]


def graph(response: Response) -> Graph:
    """An RDF answer parsed by its Content-Type (Turtle, N-Triples, RDF/XML, JSON-LD)."""
    fmt = ox.RdfFormat.from_media_type(media_type(response))
    assert fmt is not None, f"not an RDF media type: {media_type(response)}"
    triples = ox.parse(response.content, format=fmt)
    as_nt = ox.serialize(triples, format=ox.RdfFormat.N_QUADS) or b""
    return Graph().parse(data=as_nt.decode("utf-8"), format="nt")


def ok(response: Response) -> bool:
    """mf:expectedStatus ht:StatusCode2xx, ht:StatusCode3xx."""
    return 200 <= response.status_code < 400


def client_error(response: Response) -> bool:
    """mf:expectedStatus ht:StatusCode4xx."""
    return 400 <= response.status_code < 500
