"""`GET /validate`: the store's report in the format asked for by `?format=` or `Accept`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.namespace import SH

from service.app import create_app
from service.loading import load_paths
from service.settings import Settings
from service.store import EmbeddedStore
from service.validation.run import report_graph_iri
from tests.conftest import SMALL_COUNTY, write_county


@pytest.fixture
def client(store: EmbeddedStore, settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    """A county whose measure has no owner and whose indicator lacks unit, direction, ..."""
    tables = dict(SMALL_COUNTY)
    tables["toimenpiteet"] = [dict(SMALL_COUNTY["toimenpiteet"][0], omistajat="")]
    load_paths(store, [write_county(tmp_path / "gaps", tables)], settings, with_system=True)
    with TestClient(create_app(settings, store)) as test_client:
        yield test_client


def test_json_by_default_with_counts_names_sources_and_owners(client: TestClient) -> None:
    response = client.get("/validate")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["conforms"] is False
    assert body["counts"] == {"violation": 1, "warning": 5, "info": 0}
    owner = next(r for r in body["results"] if r["shape"].endswith("#MeasureOwnerShape"))
    assert owner["focusLabel"] == {"fi": "Liikkumislupaus", "en": "Exercise pledge"}
    assert owner["sources"][0]["documentTitle"] == "Strategia 2026–2029"
    assert owner["sources"][0]["sectionTitle"] == "Tavoitteet"
    assert owner["message"]["en"] == "The measure has no owner (an organisation, unit or post)."
    assert body["byRule"][0]["rule"]["en"] == "Owner of a measure"  # violations first


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("text/html", "text/html"),
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("text/csv", "text/csv"),
        ("text/plain", "text/plain"),
        ("text/html;q=0.5, text/csv", "text/csv"),
    ],
)
def test_accept_chooses_the_format(client: TestClient, accept: str, media_type: str) -> None:
    response = client.get("/validate", headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert response.headers["vary"] == "Accept"


def test_format_parameter_wins_over_accept(client: TestClient) -> None:
    response = client.get("/validate?format=csv", headers={"accept": "text/html"})
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {r["severity"] for r in rows} == {"violation", "warning"}


def test_html_shows_names_and_groups_by_rule_and_owner(client: TestClient) -> None:
    page = client.get("/validate?format=html").text
    assert "Toimenpiteen vastuutaho" in page and "Owner of a measure" in page
    assert "Liikkumislupaus" in page
    assert "Strategia 2026–2029: Tavoitteet" in page
    assert page.index("Säännöittäin") < page.index("Vastuutahoittain")
    assert "ei vastuutahoa" in page  # the measure without owner is listed as unowned


def test_the_turtle_report_is_kept_in_the_validation_graph(
    client: TestClient, store: EmbeddedStore, settings: Settings
) -> None:
    answer = Graph().parse(data=client.get("/validate?format=ttl").text, format="turtle")
    kept = Graph().parse(
        data=store.export("nt", report_graph_iri(settings.base_iri)).decode(), format="nt"
    )
    shapes = {str(s) for s in answer.objects(None, SH.sourceShape)}
    assert shapes == {str(s) for s in kept.objects(None, SH.sourceShape)}
    assert len(shapes) == 6


def test_queries_can_join_the_kept_report(client: TestClient, store: EmbeddedStore) -> None:
    client.get("/validate")
    rows = store.select(
        """PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?measure WHERE {
          GRAPH <https://w3id.org/lanka/graph/validation> {
            ?r sh:focusNode ?measure ; sh:resultSeverity sh:Violation }
        }"""
    )
    assert [r["measure"] for r in rows] == [
        "https://w3id.org/lanka/id/testi/toimenpide/liikkumislupaus"
    ]


def test_the_reference_engine_gives_the_same_report(client: TestClient) -> None:
    fast = client.get("/validate?format=json").json()
    reference = client.get("/validate?format=json&engine=pyshacl").json()
    assert reference["engine"] == "pyshacl"
    assert fast["results"] == reference["results"]


def test_an_unknown_format_is_400_and_an_unmet_accept_406(client: TestClient) -> None:
    assert client.get("/validate?format=docx").status_code == 400
    assert client.get("/validate?engine=jena").status_code == 400
    refused = client.get("/validate", headers={"accept": "image/png"})
    assert refused.status_code == 406
    assert "text/html" in refused.json()["available"]
