"""`/queries`: the named queries listed for programs and people, and run with content
negotiation; a wrong value names its parameter, and a result over the limits is refused whole.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.loading import load_paths
from service.named_queries import default_registry
from service.settings import Settings
from service.store import EmbeddedStore

FIXTURE = Path(__file__).parents[1] / "queries" / "fixture.trig"
ID = "https://w3id.org/lanka/id/t/"


@pytest.fixture
def query_store(tmp_path: Path) -> Iterator[tuple[EmbeddedStore, Settings]]:
    settings = Settings(store=tmp_path / "store", area="t")
    store = EmbeddedStore(None)
    load_paths(store, [FIXTURE], settings)
    yield store, settings
    store.close()


@pytest.fixture
def client(query_store: tuple[EmbeddedStore, Settings]) -> Iterator[TestClient]:
    store, settings = query_store
    with TestClient(create_app(settings, store)) as opened:
        yield opened


def test_the_list_gives_every_query_with_its_metadata_as_json(client: TestClient) -> None:
    response = client.get("/queries")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    listed = {q["name"]: q for q in response.json()}
    assert set(listed) == {q.name for q in default_registry()}
    bottom_up = listed["trace-bottom-up"]
    assert bottom_up["group"] == "trace"
    assert set(bottom_up["description"]) == {"fi", "en"}
    entity = next(p for p in bottom_up["params"] if p["name"] == "entity")
    assert (entity["type"], entity["required"]) == ("iri", True)
    assert bottom_up["query"].startswith("#+ summary:")
    assert listed["measures-without-owner-violation"]["must_be_empty"] is True


def test_the_list_is_a_page_with_a_form_per_query_for_a_browser(client: TestClient) -> None:
    page = client.get("/queries", headers={"Accept": "text/html,*/*;q=0.8"})
    assert page.headers["content-type"].startswith("text/html")
    assert "<form class='params' method='get' action='/queries/trace-bottom-up'>" in page.text
    assert "name='entity'" in page.text
    english = client.get("/queries", params={"format": "html", "lang": "en"})
    assert "Named queries" in english.text and "Suomeksi" in english.text


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html", "text/html"),
        ("text/csv;q=0.5, text/html;q=0.9", "text/html"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_a_query_answers_in_the_negotiated_format(
    client: TestClient, accept: str, media_type: str
) -> None:
    response = client.get("/queries/measures-without-owner-violation", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert "Accept" in response.headers["vary"]
    assert "toimenpide/m2" in response.text


def test_the_json_answer_is_sparql_results_with_only_the_declared_columns(
    client: TestClient,
) -> None:
    body = client.get(
        "/queries/trace-bottom-up", params={"entity": f"{ID}toimenpide/m2", "format": "json"}
    ).json()
    assert body["head"]["vars"] == list(default_registry().get("trace-bottom-up").returns)
    objectives = {b["objective"]["value"] for b in body["results"]["bindings"]}
    assert objectives == {f"{ID}tavoite/hyte-2", f"{ID}tavoite/o1", f"{ID}tavoite/p1"}


def test_format_overrides_accept_and_parameters_are_bound(client: TestClient) -> None:
    response = client.get(
        "/queries/trace-top-down",
        params={
            "format": "csv",
            "includeCurated": "false",
            "lang": "en",
            "element": f"{ID}tavoite/p1",
        },
        headers={"Accept": "text/html"},
    )
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {r["elementLabel"] for r in rows} == {"For the residents"}
    assert {r["measure"] for r in rows} == {f"{ID}toimenpide/m1"}


def test_the_html_answer_is_a_table_in_the_asked_language(client: TestClient) -> None:
    page = client.get(
        "/queries/trace-top-down",
        params={"format": "html", "lang": "en", "element": f"{ID}tavoite/p1"},
    )
    assert page.headers["content-type"].startswith("text/html")
    assert "<html lang='en'>" in page.text
    assert "<td>For the residents</td>" in page.text


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"entity": "not an iri"}, "entity"),
        ({"entity": f"{ID}x", "includeCurated": "maybe"}, "includeCurated"),
        ({"entity": f"{ID}x", "nosuch": "1"}, "nosuch"),
        ({}, "entity"),
        ({"entity": f"{ID}x", "format": "xml"}, "format"),
        ({"entity": f"{ID}x", "lang": "sv"}, "lang"),
    ],
)
def test_a_bad_value_is_a_400_naming_the_parameter(
    client: TestClient, params: dict[str, str], parameter: str
) -> None:
    response = client.get("/queries/trace-bottom-up", params=params)
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == parameter
    assert parameter in body["error"]["fi"] and parameter in body["error"]["en"]


def test_a_repeated_parameter_is_refused(client: TestClient) -> None:
    response = client.get(f"/queries/trace-bottom-up?entity={ID}a&entity={ID}b")
    assert (response.status_code, response.json()["parameter"]) == (400, "entity")


def test_an_unknown_query_is_a_404(client: TestClient) -> None:
    response = client.get("/queries/no-such-query")
    assert response.status_code == 404
    assert "no-such-query" in response.json()["error"]["en"]


def test_an_unacceptable_media_type_is_a_406_listing_what_is_offered(client: TestClient) -> None:
    response = client.get("/queries/bodies-without-mandate", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/csv" in response.json()["available"]


def test_a_result_over_the_row_limit_is_refused_whole(
    query_store: tuple[EmbeddedStore, Settings],
) -> None:
    store, settings = query_store
    limited = settings.replace(max_result_rows=1)
    with TestClient(create_app(limited, store)) as client:
        too_many = client.get("/queries/bodies-without-mandate", params={"format": "csv"})
        one = client.get("/queries/recommendations-without-response-violation")
    assert too_many.status_code == 422
    assert "bodies-without-mandate" in too_many.json()["error"]["en"]
    assert "LANKA_MAX_RESULT_ROWS" in too_many.json()["error"]["fi"]
    assert one.status_code == 200  # exactly at the limit


def test_a_query_over_the_time_limit_says_so(
    query_store: tuple[EmbeddedStore, Settings],
) -> None:
    store, settings = query_store
    with TestClient(create_app(settings.replace(query_timeout=1e-9), store)) as client:
        response = client.get("/queries/trace-top-down")
    assert response.status_code == 504
    assert "time limit" in response.json()["error"]["en"]
    assert "LANKA_QUERY_TIMEOUT" in response.json()["error"]["fi"]
