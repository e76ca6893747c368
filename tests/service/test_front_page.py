"""`GET /`: what the dataset holds, what it lacks (with the way to the list), and every tool;
Finnish first, English a click away. Its numbers are the named queries' numbers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings
from service.store import EmbeddedStore
from tests.service.report_data import GAP_MEASURE, load_report_county

TOOLS = ("/editor", "/queries?lang=fi", "/reports/traceability?lang=fi", "/reports/actor?lang=fi")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    store = EmbeddedStore(None)
    settings = load_report_county(tmp_path, store)
    with TestClient(create_app(settings, store)) as opened:
        yield opened
    store.close()


def test_the_front_page_says_what_the_dataset_holds(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "<html lang='fi'>" in page.text
    assert "https://w3id.org/lanka/id/testi/aineisto" in page.text
    assert "versio <strong>1.0</strong>" in page.text
    assert "<td>Toimenpide</td><td class='num'>2</td>" in page.text  # counts-per-kind
    assert "Strategia 2026–2029" in page.text  # the source document
    assert "href='/queries/counts-per-kind?lang=fi'" in page.text


def test_the_validation_summary_counts_measures_lacking_an_owner_or_a_metric(
    client: TestClient,
) -> None:
    page = client.get("/").text
    assert "<span class='big'>1</span> / 2 toimenpiteestä ilman vastuutahoa" in page
    assert "<span class='big'>1</span> / 2 toimenpiteestä ilman mittaria" in page
    listing = "/queries/measures-without-owner-violation?lang=fi&format=html"
    assert f"href='{listing.replace('&', '&amp;')}'" in page
    listed = client.get(listing)
    assert listed.status_code == 200
    assert GAP_MEASURE["nimi"] in listed.text
    rows = client.get("/queries/measures-without-owner-violation", params={"format": "json"})
    assert len(rows.json()["results"]["bindings"]) == 1  # the number shown is the query's


def test_the_front_page_leads_to_every_tool(client: TestClient) -> None:
    page = client.get("/").text
    for href in (*TOOLS, "/graph", "/docs"):
        assert f"href='{href}'" in page, href
    for href in TOOLS:
        assert client.get(href).status_code == 200, href


def test_english_is_a_click_away(client: TestClient) -> None:
    finnish = client.get("/").text
    assert "href='/?lang=en'" in finnish
    english = client.get("/", params={"lang": "en"}).text
    assert "<html lang='en'>" in english
    assert "Validation summary" in english
    assert "1</span> / 2 measures without an owner" in english
    assert "href='/?lang=fi'" in english


def test_an_empty_store_says_how_to_load_data(tmp_path: Path) -> None:
    store = EmbeddedStore(None)
    try:
        with TestClient(create_app(Settings(store=tmp_path / "store"), store)) as client:
            page = client.get("/")
    finally:
        store.close()
    assert page.status_code == 200
    assert "lanka load" in page.text
    assert "href='/queries?lang=fi'" in page.text
