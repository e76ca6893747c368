"""`GET /health` tells whether the store answers, how much it holds and which version."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from service.app import create_app
from service.loading import load_paths
from service.settings import Settings
from service.store import EmbeddedStore


def test_health_reports_triples_graphs_and_the_dataset_version(
    store: EmbeddedStore, settings: Settings, county: Path
) -> None:
    load_paths(store, [county], settings)
    with TestClient(create_app(settings, store)) as client:
        response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["triples"] == store.triple_count()
    assert body["graphs"] == 2
    assert body["datasets"][0]["version"] == "1.0"
    assert body["datasets"][0]["dataset"] == "https://w3id.org/lanka/id/testi/aineisto"


def test_health_on_an_empty_store_says_so(store: EmbeddedStore, settings: Settings) -> None:
    with TestClient(create_app(settings, store)) as client:
        body = client.get("/health").json()
    assert body["triples"] == 0
    assert body["datasets"] == []
