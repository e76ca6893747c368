"""The settings alone choose the store: embedded unless a remote query endpoint is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.errors import SettingsError
from service.remote_store import RemoteStore
from service.settings import Settings
from service.store import EmbeddedStore
from service.store_factory import open_store

QUERY_URL = "http://127.0.0.1:7878/query"


def test_with_no_remote_endpoint_the_store_is_embedded(tmp_path: Path) -> None:
    store = open_store(Settings(store=tmp_path / "store", query_workers=2).check())
    assert isinstance(store, EmbeddedStore)
    assert store.query_workers == 2
    store.close()


def test_a_remote_query_endpoint_makes_the_store_remote(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANKA_REMOTE_QUERY_URL", QUERY_URL)
    monkeypatch.setenv("LANKA_REMOTE_DIALECT", "virtuoso")
    store = open_store(Settings().check())
    assert isinstance(store, RemoteStore)
    assert store.endpoint.update_url == QUERY_URL  # the query endpoint takes updates too
    assert store.dialect.name == "virtuoso"


def test_the_kind_can_be_forced_to_embedded(tmp_path: Path) -> None:
    settings = Settings(store=tmp_path / "s", store_kind="embedded", remote_query_url=QUERY_URL)
    store = open_store(settings.check())
    assert isinstance(store, EmbeddedStore)
    store.close()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"store_kind": "remote"}, "needs LANKA_REMOTE_QUERY_URL"),
        ({"remote_query_url": "ftp://example.org/q"}, "is not an http"),
        ({"remote_query_url": QUERY_URL, "remote_user": "u"}, "give both"),
        (
            {
                "remote_query_url": QUERY_URL,
                "remote_user": "u",
                "remote_password": "p",
                "remote_token": "t",
            },
            "or LANKA_REMOTE_TOKEN",
        ),
        (
            {
                "remote_query_url": QUERY_URL,
                "remote_dialect": "virtuoso",
                "remote_store_url": "http://127.0.0.1:8890/sparql-graph-crud",
            },
            "not through its Graph Store endpoint",
        ),
    ],
)
def test_remote_settings_that_cannot_work_are_refused_at_start(
    values: dict[str, str], message: str
) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings(**values).check()
