"""Writes need the bearer token: 403 on a read-only server, 401 with a challenge otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from loaders.errors import SettingsError
from service.app import create_app
from service.settings import Secret, Settings
from service.store import EmbeddedStore
from tests.service.w3c import AUTH, TOKEN, endpoint

UPDATE = {"content-type": "application/sparql-update"}
TURTLE = {"content-type": "text/turtle"}
INSERT = "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }"
WRITES = [
    ("POST", "/sparql", UPDATE, INSERT),
    ("POST", "/update", UPDATE, INSERT),
    ("POST", "/sparql", {"content-type": "application/x-www-form-urlencoded"}, "update=CLEAR+ALL"),
    ("PUT", "/store?default", TURTLE, "<http://a> <http://b> 1 ."),
    ("POST", "/store?graph=http://example.org/g", TURTLE, "<http://a> <http://b> 1 ."),
    ("DELETE", "/store?default", {}, ""),
    ("POST", "/store", TURTLE, "<http://a> <http://b> 1 ."),
]


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(store=tmp_path / "store")
    store = EmbeddedStore(settings.store)
    with TestClient(create_app(settings, store)) as client:
        yield client
    store.close()


@pytest.fixture
def writable(tmp_path: Path) -> Iterator[TestClient]:
    yield from endpoint(tmp_path)


@pytest.mark.parametrize(("method", "path", "headers", "body"), WRITES)
def test_with_no_token_set_every_write_is_forbidden(
    read_only: TestClient, method: str, path: str, headers: dict[str, str], body: str
) -> None:
    response = read_only.request(method, path, headers={**headers, **AUTH}, content=body)
    assert response.status_code == 403
    assert "LANKA_UPDATE_TOKEN" in response.json()["error"]["en"]


@pytest.mark.parametrize(("method", "path", "headers", "body"), WRITES)
@pytest.mark.parametrize("given", [None, "Bearer wrong-token-0123456789", f"Basic {TOKEN}"])
def test_a_missing_or_wrong_token_is_challenged(
    writable: TestClient,
    method: str,
    path: str,
    headers: dict[str, str],
    body: str,
    given: str | None,
) -> None:
    sent = {**headers, **({"Authorization": given} if given else {})}
    response = writable.request(method, path, headers=sent, content=body)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="lanka"'


def test_the_right_token_writes(writable: TestClient) -> None:
    assert writable.post("/update", content=INSERT, headers={**UPDATE, **AUTH}).status_code == 204
    asked = writable.get("/sparql", params={"query": "ASK { ?s ?p 1 }"})
    assert asked.json()["boolean"] is True


def test_reading_needs_no_token(read_only: TestClient) -> None:
    assert read_only.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    assert read_only.get("/store?default").status_code == 200


def test_start_up_refuses_writes_without_a_token(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="LANKA_WRITABLE"):
        create_app(Settings(store=tmp_path / "store", writable=True))


def test_start_up_refuses_a_short_token(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="too short"):
        Settings(update_token=Secret("short")).check()


def test_writable_false_keeps_the_server_read_only_even_with_a_token(tmp_path: Path) -> None:
    for client in endpoint(tmp_path, writable=False):
        response = client.post("/update", content=INSERT, headers={**UPDATE, **AUTH})
        assert response.status_code == 403


def test_the_token_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANKA_UPDATE_TOKEN", TOKEN)
    settings = Settings().check()
    assert settings.writes_enabled
    assert TOKEN not in repr(settings)
