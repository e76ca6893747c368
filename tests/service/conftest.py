"""The three stores the endpoint and loader tests run against: the embedded Oxigraph, an
Oxigraph server and Virtuoso — the two servers started once per session (see
`tests.service.remote_servers`) and emptied before each test that uses them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from service.store import EmbeddedStore, Store
from tests.service.remote_servers import Server, start_oxigraph, start_virtuoso

BACKENDS = ["embedded", "oxigraph", "virtuoso"]


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


def remote_server(request: pytest.FixtureRequest, backend: str) -> Server | None:
    """The running server of a remote backend; None for the embedded store."""
    if backend == "embedded":
        return None
    server: Server = request.getfixturevalue(f"{backend}_server")
    return server


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def remote(request: pytest.FixtureRequest, backend: str) -> Server | None:
    """The backend's server, emptied; None for the embedded store."""
    server = remote_server(request, backend)
    if server is not None:
        server.emptied()
    return server


@pytest.fixture
def any_store(remote: Server | None) -> Iterator[Store]:
    """An empty store of each kind: in memory, on the Oxigraph server, on Virtuoso."""
    if remote is None:
        opened = EmbeddedStore(None)
        yield opened
        opened.close()
    else:
        yield remote.store()
