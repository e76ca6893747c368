"""The editor page: YASGUI from this server, aimed at its `/sparql`, with runnable examples.

The page in a real browser is `tests/browser/test_editor.py`; here its parts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib.plugins.sparql.parser import parseQuery

from ontology.namespaces import PREFIXES
from queries.registry import load_registry, parse_query_file
from service.app import create_app
from service.catalog import data_graphs
from service.editor import example_text
from service.loading import load_paths
from service.settings import Settings
from service.store import EmbeddedStore

FIXTURE = Path(__file__).resolve().parents[1] / "queries" / "fixture.trig"
REGISTRY = load_registry()


@pytest.fixture(scope="module")
def store() -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(None)
    load_paths(store, [FIXTURE], Settings(area="t"), with_system=True)
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(store: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(area="t"), store)) as client:
        yield client


def config_of(page: str) -> dict[str, Any]:
    found = re.search(
        r'<script type="application/json" id="lanka-editor-config">(.*?)</script>', page
    )
    assert found is not None
    loaded: dict[str, Any] = json.loads(found.group(1))
    return loaded


def test_the_page_aims_at_this_servers_sparql_with_the_projects_prefixes(
    client: TestClient,
) -> None:
    response = client.get("/editor")
    assert response.status_code == 200
    assert response.headers["vary"] == "Accept"
    page = response.text
    assert '<html lang="fi">' in page
    assert "Esimerkkikyselyt" in page
    config = config_of(page)
    assert config["endpoint"] == "http://testserver/sparql"
    assert config["prefixes"] == PREFIXES
    assert [e["name"] for e in config["examples"]] == [q.name for q in REGISTRY]
    # YASGUI and its stylesheet come from this server, nothing from elsewhere
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert "/static/vendor/yasgui/yasgui.min.js" in sources
    assert "/static/vendor/yasgui/yasgui.min.css" in sources
    assert [s for s in sources if s.startswith(("http:", "https:", "//"))] == []


def test_english_with_lang_en(client: TestClient) -> None:
    page = client.get("/editor?lang=en").text
    assert "Example queries" in page
    examples = config_of(page)["examples"]
    top_down = next(e for e in examples if e["name"] == "trace-top-down")
    assert top_down["summary"].startswith("Top-down")


def test_the_vendored_files_and_their_licence_are_served(client: TestClient) -> None:
    script = client.get("/static/vendor/yasgui/yasgui.min.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert client.get("/static/vendor/yasgui/yasgui.min.css").status_code == 200
    assert "MIT License" in client.get("/static/vendor/yasgui/LICENSE").text
    assert client.get("/static/editor.js").status_code == 200


def test_an_example_binds_its_defaults_and_names_its_required_parameters() -> None:
    top_down = example_text(REGISTRY.get("trace-top-down"))
    assert 'VALUES ?lang { "fi" }' in top_down
    assert "includeCurated" not in top_down.split("WHERE", 1)[1]  # chooses graphs, not bound
    bottom_up = example_text(REGISTRY.get("trace-bottom-up"))
    assert "# VALUES ?entity {" in bottom_up


def test_a_query_without_parameters_is_shown_as_it_is(tmp_path: Path) -> None:
    plain = tmp_path / "plain.rq"
    plain.write_text("#+ summary: a / b\nSELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8")
    query = parse_query_file(plain)
    assert example_text(query) == query.text


@pytest.mark.parametrize("name", [q.name for q in REGISTRY])
def test_every_example_parses_and_runs(store: EmbeddedStore, name: str) -> None:
    text = example_text(REGISTRY.get(name))
    parseQuery(text)
    if REGISTRY.get(name).form == "SELECT":
        store.select_rows(text, default_graphs=data_graphs(store, Settings().base_iri))
