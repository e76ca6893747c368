"""Every minted IRI resolves: an HTML page for a browser, RDF for a client, 404 when unknown.

The pages are read back as a reader would use them: the sections' links and their texts.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from loaders.rdf_files import to_rdflib
from ontology import iris
from ontology.namespaces import DCT, LANKA, PROV, SKOS, SPDX
from service.app import create_app
from service.linked_data import pick_label, resource_iri
from service.loading import load_paths
from service.settings import Settings
from service.store import EmbeddedStore

FIXTURE = Path(__file__).resolve().parents[1] / "queries" / "fixture.trig"
BASE = "https://w3id.org/lanka/"
ID = BASE + "id/t/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
M1 = URIRef(ID + "toimenpide/m1")


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


class Page(HTMLParser):
    """The links of an HTML page by section id, the <h1> and the <html lang>."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: dict[str, list[tuple[str, str]]] = {}
        self.h1 = ""
        self.lang = ""
        self._section = ""
        self._href: str | None = None
        self._text = ""
        self._in_h1 = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang") or ""
        elif tag == "section":
            self._section = found.get("id") or ""
        elif tag == "a":
            self._href, self._text = found.get("href"), ""
        elif tag == "h1":
            self._in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.setdefault(self._section, []).append((self._href, self._text))
            self._href = None
        elif tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text += data
        if self._in_h1:
            self.h1 += data


SYNTAXES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


def rdf(response: Response) -> Graph:
    """The answer parsed in the syntax its Content-Type names (by Oxigraph's parsers)."""
    syntax = SYNTAXES[response.headers["content-type"].split(";")[0]]
    graph = Graph()
    for quad in ox.parse(response.content, format=syntax):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def page(client: TestClient, path: str) -> Page:
    response = client.get(path, headers={"accept": BROWSER})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return Page(response.text)


def test_a_browser_gets_labels_types_links_and_sources(client: TestClient) -> None:
    shown = page(client, "/id/t/toimenpide/m1")
    assert shown.lang == "fi"
    assert shown.h1 == "Liikkumislupaus"
    assert ("/ontology#Measure", "Toimenpide") in shown.links["types"]
    statements = shown.links["statements"]
    assert ("/ontology#owner", "vastuutaho") in statements
    assert ("/id/t/toimija/koordinaattori", "Koordinaattori") in statements
    assert ("/id/t/tavoite/hyte-1", "Sujuva arki") in statements
    assert (str(PROV.wasDerivedFrom), "prov:wasDerivedFrom") in statements
    assert shown.links["sources"] == [
        ("/id/t/osio/visio", "Visiomme"),
        ("/id/t/asiakirja/strategia", "Strategia"),
    ]


def test_links_here_are_listed_with_their_labels(client: TestClient) -> None:
    shown = page(client, "/id/t/tavoite/p1")
    incoming = shown.links["backlinks"]
    assert ("/id/t/tavoite/o1", "Ennaltaehkäisy") in incoming
    assert ("/id/t/mittari/i1", "Liikkuvien osuus") in incoming
    assert ("/ontology#measuresProgressOf", "osoittaa edistymistä") in incoming


def test_english_labels_and_links_that_stay_in_english(client: TestClient) -> None:
    shown = page(client, "/id/t/tavoite/p1?lang=en")
    assert shown.lang == "en"
    assert shown.h1 == "For the residents"
    assert ("/ontology?lang=en#Priority", "Strategic priority") in shown.links["types"]
    # no English label: the Finnish one rather than none
    assert ("/id/t/mittari/i1?lang=en", "Liikkuvien osuus") in shown.links["backlinks"]


def test_shared_reference_iris_and_outside_iris(client: TestClient) -> None:
    shown = page(client, "/id/t/suunnitelma/hyte")
    assert ("/id/laki/612-2021-7", "7 §") in shown.links["statements"]
    law = page(client, "/id/laki/612-2021-7")
    assert ("http://data.finlex.fi/eli/sd/2021/612", "Järjestämislaki") in law.links["statements"]


def test_turtle_holds_the_description_links_here_and_labels(client: TestClient) -> None:
    response = client.get("/id/t/tavoite/p1", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    assert response.headers["vary"] == "Accept"
    graph = rdf(response)
    p1, o1 = URIRef(ID + "tavoite/p1"), URIRef(ID + "tavoite/o1")
    assert (p1, RDF.type, LANKA.Priority) in graph
    assert (p1, SKOS.inScheme, URIRef(ID + "suunnitelma/strategia")) in graph
    assert (o1, SKOS.broader, p1) in graph  # a link here
    assert (o1, RDF.type, None) not in graph  # not o1's own description
    assert Literal("Ennaltaehkäisy", lang="fi") in set(graph.objects(o1, None))
    assert Literal("Strategic priority", lang="en") in set(graph.objects(LANKA.Priority, None))
    section = URIRef(ID + "osio/visio")
    assert (section, DCT.isPartOf, URIRef(ID + "asiakirja/strategia")) in graph


@pytest.mark.parametrize(
    "accept", ["application/ld+json", "application/n-triples", "application/rdf+xml"]
)
def test_every_rdf_syntax_says_the_same(client: TestClient, accept: str) -> None:
    turtle = rdf(client.get("/id/t/toimenpide/m1", headers={"accept": "text/turtle"}))
    response = client.get("/id/t/toimenpide/m1", headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    assert response.headers["vary"] == "Accept"
    other = rdf(response)
    assert isomorphic(turtle, other)
    assert (M1, LANKA.owner, URIRef(ID + "toimija/koordinaattori")) in other


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        ("text/html;q=0.5, text/turtle;q=0.9", "text/turtle"),
        ("application/ld+json, text/html;q=0.1", "application/ld+json"),
        ("text/*", "text/turtle"),
        ("*/*", "text/turtle"),
        ("text/turtle;q=0, */*;q=0.1", "text/html"),
    ],
)
def test_accept_is_weighed_by_q_values(client: TestClient, accept: str, chosen: str) -> None:
    response = client.get("/id/t/toimenpide/m1", headers={"accept": accept})
    assert response.headers["content-type"].split(";")[0] == chosen


def test_a_format_parameter_gives_a_plain_link_to_the_rdf(client: TestClient) -> None:
    response = client.get("/id/t/toimenpide/m1?format=nt", headers={"accept": BROWSER})
    assert response.headers["content-type"] == "application/n-triples"
    assert client.get("/id/t/toimenpide/m1?format=xls").status_code == 400


def test_nothing_acceptable_is_406(client: TestClient) -> None:
    response = client.get("/id/t/toimenpide/m1", headers={"accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.json()["available"]


def test_an_unknown_iri_is_404_for_browsers_and_clients(client: TestClient) -> None:
    browser = client.get("/id/t/toimenpide/ei-ole", headers={"accept": BROWSER})
    assert browser.status_code == 404
    assert browser.headers["content-type"].startswith("text/html")
    assert browser.headers["vary"] == "Accept"
    assert "Tuntematon tunniste" in browser.text
    assert ID + "toimenpide/ei-ole" in browser.text
    script = client.get("/id/t/toimenpide/ei-ole", headers={"accept": "text/turtle"})
    assert script.status_code == 404
    assert script.headers["vary"] == "Accept"
    assert script.json()["error"]["en"].endswith(ID + "toimenpide/ei-ole")
    assert client.get("/graph/t/ei-ole", headers={"accept": BROWSER}).status_code == 404


def test_a_graph_page_comes_from_the_catalog(client: TestClient, store: EmbeddedStore) -> None:
    graph_iri = str(iris.mint("graph", "lahde", area="t"))
    response = client.get("/graph/t/lahde", headers={"accept": BROWSER})
    assert response.status_code == 200
    assert f"{store.triple_count(graph_iri)}" in response.text
    shown = Page(response.text)
    assert shown.h1 == "fixture.trig"
    download = f"/store?graph={quote(graph_iri, safe='')}"
    assert download in [href for href, _text in shown.links["graph"]]
    assert any(href == "/id/tiedostot/aineisto" for href, _ in shown.links["backlinks"])
    # its checksum is a blank node: described with it (a concise bounded description)
    turtle = rdf(client.get("/graph/t/lahde", headers={"accept": "text/turtle"}))
    checksum = turtle.value(URIRef(graph_iri), SPDX.checksum)
    assert isinstance(checksum, BNode)
    assert len(str(turtle.value(checksum, SPDX.checksumValue))) == 64


def test_a_page_answers_head_and_refuses_an_unknown_language(client: TestClient) -> None:
    assert client.head("/id/t/toimenpide/m1", headers={"accept": BROWSER}).status_code == 200
    assert client.get("/id/t/toimenpide/m1?lang=sv").status_code == 400


def test_a_request_path_names_the_iri_the_loader_minted() -> None:
    minted = iris.mint("measure", "x-1", area="äänekoski")
    path = str(minted)[len(BASE + "id/") :].replace("%C3%A4", "ä")  # as the server decodes it
    assert resource_iri(BASE, "id", path) == minted


def test_labels_are_picked_in_the_wanted_language_first() -> None:
    label = RDFS.label
    labels = [
        (DCT.title, Literal("Otsikko", lang="fi")),
        (label, Literal("Nimi", lang="fi")),
        (label, Literal("Name", lang="en")),
    ]
    assert pick_label(labels, "en") == Literal("Name", lang="en")
    assert pick_label(labels, "fi") == Literal("Nimi", lang="fi")
    assert pick_label([(label, Literal("Vain suomeksi", lang="fi"))], "en") == Literal(
        "Vain suomeksi", lang="fi"
    )
    assert pick_label([], "fi") is None
