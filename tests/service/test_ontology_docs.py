"""The ontology IRI resolves: pyLODE documentation for a browser, the Turtle file for a client."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.compare import isomorphic

from loaders.rdf_files import to_rdflib
from service import ontology_html
from service.app import create_app
from service.loading import load_paths
from service.ontology_html import DocumentationCache, OntologySource, read_ontology
from service.settings import Settings
from service.store import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_FILE = ROOT / "ontology" / "lanka.ttl"
FIXTURE = Path(__file__).resolve().parents[1] / "queries" / "fixture.trig"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SYNTAXES = {
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    store = EmbeddedStore(None)
    load_paths(store, [FIXTURE], Settings(area="t"), with_system=True)
    with TestClient(create_app(Settings(area="t"), store)) as client:
        yield client
    store.close()


def anchors(page: str) -> set[str]:
    return set(re.findall(r'id="([^"]+)"', page))


def test_a_browser_gets_the_documentation_in_finnish(client: TestClient) -> None:
    response = client.get("/ontology", headers={"accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["vary"] == "Accept"
    page = response.text
    assert '<html lang="fi">' in page
    assert "Lanka: hyvinvointialueen strategiasta" in page
    # each term's anchor is its local name; its heading the Finnish label
    assert re.search(r'id="Measure">\s*<h3>Toimenpide', page)
    assert re.search(r'id="owner">\s*<h3>vastuutaho', page)
    assert "Strategic priority" not in page
    # the fixed lists, which pyLODE itself leaves out
    assert re.search(r'id="status-started"[^>]*><h3>Käynnistetty', page)
    assert {"Directions", "HigherIsBetter", "Baseline"} <= anchors(page)


def test_english_with_lang_en(client: TestClient) -> None:
    page = client.get("/ontology?lang=en", headers={"accept": BROWSER}).text
    assert '<html lang="en">' in page
    assert re.search(r'id="Priority">\s*<h3>Strategic priority', page)
    assert re.search(r'id="status-started"[^>]*><h3>Started', page)


def test_every_ontology_link_of_a_linked_data_page_has_an_anchor(client: TestClient) -> None:
    documented = anchors(client.get("/ontology", headers={"accept": BROWSER}).text)
    linked = set()
    for path in ("/id/t/toimenpide/m1", "/id/t/havainto/h1", "/id/t/suositus/r1"):
        page = client.get(path, headers={"accept": BROWSER}).text
        linked |= set(re.findall(r'href="/ontology#([^"]+)"', page))
    assert {"Measure", "owner", "Baseline", "status-started"} <= linked
    assert linked <= documented


def test_a_client_gets_the_turtle_file_itself(client: TestClient) -> None:
    response = client.get("/ontology", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    assert response.headers["vary"] == "Accept"
    assert response.content == ONTOLOGY_FILE.read_bytes()
    assert client.get("/ontology").content == ONTOLOGY_FILE.read_bytes()  # */* and none


@pytest.mark.parametrize("media", list(SYNTAXES))
def test_other_syntaxes_hold_the_same_graph(client: TestClient, media: str) -> None:
    response = client.get("/ontology", headers={"accept": media})
    assert response.headers["content-type"].split(";")[0] == media
    assert response.headers["vary"] == "Accept"
    got = Graph()
    for quad in ox.parse(response.content, format=SYNTAXES[media]):
        got.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    expected = Graph()
    for quad in ox.parse(ONTOLOGY_FILE.read_bytes(), format=ox.RdfFormat.TURTLE):
        expected.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    assert isomorphic(got, expected)


def test_the_version_iri_answers_and_other_versions_do_not(client: TestClient) -> None:
    current = client.get("/ontology/0.1.0", headers={"accept": "text/turtle"})
    assert current.status_code == 200
    assert current.content == ONTOLOGY_FILE.read_bytes()
    assert client.get("/ontology/0.0.9", headers={"accept": BROWSER}).status_code == 404


def test_nothing_acceptable_is_406(client: TestClient) -> None:
    assert client.get("/ontology", headers={"accept": "application/pdf"}).status_code == 406


def test_a_page_is_made_once_per_ontology_digest_and_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[tuple[str, str]] = []

    def counting(source: OntologySource, lang: str, *, banner: str = "") -> str:
        made.append((source.digest, lang))
        return f"<html>{source.digest} {lang}</html>"

    monkeypatch.setattr(ontology_html, "generate", counting)
    cache = DocumentationCache()
    source = read_ontology()
    first = cache.page(source, "fi")
    assert cache.page(source, "fi") is first
    cache.page(source, "en")
    changed = source.data.replace(b'owl:versionInfo "0.1.0"', b'owl:versionInfo "0.1.1"')
    cache.page(OntologySource(changed, "another digest"), "fi")
    cache.page(source, "fi")  # the old digest's pages were dropped
    assert made == [
        (source.digest, "fi"),
        (source.digest, "en"),
        ("another digest", "fi"),
        (source.digest, "fi"),
    ]


def test_importing_pylode_leaves_the_servers_logging_as_it_was() -> None:
    """pyLODE calls logging.basicConfig(level=DEBUG) when imported: in a fresh interpreter,
    the root logger has no handler and its level before and after."""
    check = (
        "import logging\n"
        "from service.ontology_html import _ontpub\n"
        "root = logging.getLogger()\n"
        "before = (list(root.handlers), root.level)\n"
        "_ontpub()\n"
        "assert (list(root.handlers), root.level) == before, root.handlers\n"
        "import pylode\n"
    )
    done = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
