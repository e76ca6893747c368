"""`GET /health` tells whether the store answers, how much it holds and which version."""

from __future__ import annotations

import time
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


def test_health_says_when_the_read_replica_is_ready(settings: Settings, county: Path) -> None:
    disk = EmbeddedStore(settings.store)
    try:
        load_paths(disk, [county], settings)
        with TestClient(create_app(settings, disk)) as client:
            states = [client.get("/health").json()["replica"]["state"]]
            deadline = time.monotonic() + 60
            while states[-1] == "building" and time.monotonic() < deadline:
                time.sleep(0.05)
                states.append(client.get("/health").json()["replica"]["state"])
            ready = client.get("/health").json()["replica"]
        assert states[-1] == "ready" and set(states) <= {"building", "ready"}
        assert ready["triples"] > 0 and ready["built_in_seconds"] >= 0
    finally:
        disk.close()


def test_health_of_a_store_in_memory_has_no_replica(
    store: EmbeddedStore, settings: Settings
) -> None:
    with TestClient(create_app(settings, store)) as client:
        assert client.get("/health").json()["replica"] == {"state": "off"}


def test_the_replica_can_be_turned_off(settings: Settings) -> None:
    disk = EmbeddedStore(settings.store)
    try:
        with TestClient(create_app(settings.replace(read_replica=False), disk)) as client:
            assert client.get("/health").json()["replica"] == {"state": "off"}
    finally:
        disk.close()
