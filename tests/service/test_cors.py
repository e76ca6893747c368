"""CORS is off unless LANKA_CORS_ORIGINS names origins; then only those get the headers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from loaders.errors import SettingsError
from service.app import create_app
from service.settings import Settings
from service.store import EmbeddedStore

ORIGIN = "https://analyst.example.org"
PREFLIGHT = {"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}


def serve(tmp_path: Path, **changes: object) -> Iterator[TestClient]:
    settings = Settings(store=tmp_path / "store", **changes)
    store = EmbeddedStore(settings.store)
    with TestClient(create_app(settings, store)) as client:
        yield client
    store.close()


def test_by_default_no_origin_is_allowed(tmp_path: Path) -> None:
    for client in serve(tmp_path):
        answer = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": ORIGIN})
        assert answer.status_code == 200
        assert "access-control-allow-origin" not in answer.headers
        assert client.options("/sparql", headers=PREFLIGHT).status_code == 405


def test_a_configured_origin_is_allowed_and_others_are_not(tmp_path: Path) -> None:
    for client in serve(tmp_path, cors_origins=ORIGIN):
        answer = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": ORIGIN})
        assert answer.headers["access-control-allow-origin"] == ORIGIN
        preflight = client.options("/sparql", headers=PREFLIGHT)
        assert preflight.status_code == 200
        assert "POST" in preflight.headers["access-control-allow-methods"]
        other = client.get(
            "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://elsewhere.example"}
        )
        assert "access-control-allow-origin" not in other.headers
        refused = client.get("/sparql", params={"query": "ASK {"}, headers={"Origin": ORIGIN})
        assert refused.status_code == 400  # and the browser may read why
        assert refused.headers["access-control-allow-origin"] == ORIGIN


def test_any_origin_is_refused_while_writes_are_enabled() -> None:
    with pytest.raises(SettingsError):
        Settings(cors_origins="*", update_token="a-token-of-twenty-chars").check()
