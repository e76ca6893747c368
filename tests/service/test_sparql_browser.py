"""A browser opening /sparql gets the query editor; a SPARQL client the service description."""

from __future__ import annotations

from fastapi.testclient import TestClient
from rdflib import Graph

from ontology.namespaces import SD
from service.app import create_app
from service.settings import Settings
from service.store import EmbeddedStore

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_a_browser_gets_the_editor_and_a_client_the_service_description(
    store: EmbeddedStore, settings: Settings
) -> None:
    with TestClient(create_app(settings, store)) as client:
        page = client.get("/sparql", headers={"accept": BROWSER})
        described = client.get("/sparql", headers={"accept": "text/turtle"})
        anything = client.get("/sparql", headers={"accept": "*/*"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "yasgui" in page.text.lower()
    assert described.headers["content-type"].startswith("text/turtle")
    description = Graph().parse(data=described.text, format="turtle")
    assert any(description.subjects(predicate=SD.endpoint))
    assert not anything.headers["content-type"].startswith("text/html")
