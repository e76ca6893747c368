"""Reports: made from named queries only, stamped with the data they rest on, the same in every
format, and never made from part of the data.

The PDF is printed by a real headless Chromium and read back with pypdf; the workbook is read
back with openpyxl.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader

from loaders.errors import QueryTimeout, ResultTooLarge
from queries.registry import ParameterError
from service.app import create_app
from service.cli import cli
from service.loading import load_default
from service.named_queries import default_registry, run_named
from service.reports.build import build_report
from service.reports.digest import content_digest
from service.reports.formats import render
from service.reports.model import Report
from service.reports.tabular import report_dict
from service.settings import Settings
from service.store import EmbeddedStore, Limits
from tests.browser.chromium import ensure_chromium
from tests.conftest import write_county
from tests.service.report_data import COORDINATOR, GAP_MEASURE, REPORT_COUNTY, load_report_county

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2027, 1, 2, 3, 4, tzinfo=dt.UTC)
OWNER_GAP = "measures-without-owner-violation"
LANKA = str(Path(sys.executable).parent / "lanka")


@pytest.fixture
def loaded(tmp_path: Path) -> Iterator[tuple[EmbeddedStore, Settings]]:
    store = EmbeddedStore(None)
    settings = load_report_county(tmp_path, store)
    yield store, settings
    store.close()


def make(
    loaded: tuple[EmbeddedStore, Settings], kind: str = "traceability", **options: Any
) -> Report:
    store, settings = loaded
    options.setdefault("now", NOW)
    return build_report(kind, store, settings.base_iri, **options)


def table(report: Report, key: str) -> list[dict[str, Any]]:
    for section in report_dict(report)["sections"]:
        for found in section["tables"]:
            if found["key"] == key:
                rows: list[dict[str, Any]] = found["rows"]
                return rows
    raise AssertionError(f"no table {key}")


def text(value: Any) -> str:
    """A JSON cell as text: a link's label, links' labels joined, or the value."""
    if isinstance(value, dict):
        return str(value["label"])
    if isinstance(value, list):
        return "; ".join(str(item["label"]) for item in value)
    return "" if value is None else str(value)


def test_the_chain_runs_from_priority_to_measure_owner_indicator_values_and_law(
    loaded: tuple[EmbeddedStore, Settings],
) -> None:
    rows = table(make(loaded), "chain")
    pledge = next(r for r in rows if text(r["measure"]) == "Liikkumislupaus")
    assert text(pledge["priority"]) == "Asukasta varten"
    assert text(pledge["strategicObjective"]) == "Siirrämme painopistettä ennaltaehkäisyyn"
    assert text(pledge["owners"]) == "Hyvinvointikoordinaattori"
    indicators = text(pledge["indicators"])
    assert "NPS" in indicators
    assert "viimeisin 44 (2026)" in indicators  # the latest observed, not the 2024 value
    assert "lähtötaso 41,5 (2025)" in indicators
    assert "tavoite 60 (2029)" in indicators
    assert "7 §" in text(pledge["legalBasis"])


def test_a_measure_serving_a_priority_directly_has_no_plan_objective_and_no_owner(
    loaded: tuple[EmbeddedStore, Settings],
) -> None:
    rows = [r for r in table(make(loaded), "chain") if text(r["measure"]) == GAP_MEASURE["nimi"]]
    assert len(rows) == 1
    assert text(rows[0]["priority"]) == "Asukasta varten"
    assert rows[0]["planObjective"] is None
    assert rows[0]["owners"] is None


def test_the_indicator_table_shows_latest_value_baseline_and_target(
    loaded: tuple[EmbeddedStore, Settings],
) -> None:
    [nps] = table(make(loaded), "indicators")
    assert (nps["latest"], nps["latestPeriod"]) == (44, "2026")
    assert (nps["baseline"], nps["baselinePeriod"]) == (41.5, "2025")
    assert (nps["target"], nps["targetPeriod"]) == (60, "2029")


def test_gaps_are_grouped_and_counted_by_validation_and_by_the_gap_queries(
    loaded: tuple[EmbeddedStore, Settings],
) -> None:
    report = make(loaded)
    rules = {text(r["shape"]): r for r in table(report, "validation")}
    owner_rule = rules["Toimenpiteen vastuutaho"]
    assert (owner_rule["severity"], owner_rule["results"]) == ("virhe", 1)
    summary = {text(r["query"]): r["rowCount"] for r in table(report, "gap-summary")}
    assert summary[OWNER_GAP] == 1
    assert summary["measures-without-indicator-violation"] == 1
    [gap] = table(report, f"gap-{OWNER_GAP}")
    assert text(gap["measure"]) == GAP_MEASURE["nimi"]


def test_every_number_is_a_named_querys_result_a_reader_can_rerun(
    loaded: tuple[EmbeddedStore, Settings],
) -> None:
    store, settings = loaded
    report = make(loaded)
    registry = default_registry()
    gaps = next(t for _s, t in report.tables() if t.key == "gap-summary")
    for use, row in zip(gaps.queries, gaps.rows, strict=True):
        rerun = run_named(store, registry.get(use.name), dict(use.params), settings.base_iri)
        assert row[1].number == len(rerun.rows)
    for _section, found in report.tables():
        for use in found.queries:
            assert use.path().startswith(f"/queries/{use.name}")
            registry.get(use.name)  # every table names queries that exist
        assert found.queries or found.key.startswith("validation"), found.key


def test_coverage_shares_count_measures_with_owner_metric_and_target(
    loaded: tuple[EmbeddedStore, Settings],
) -> None:
    [total] = table(make(loaded), "shares")
    assert text(total["plan"]) == "Kaikki suunnitelmat"
    assert (total["measures"], total["withOwner"], total["ownerShare"]) == (2, 1, 50)
    assert (total["withIndicator"], total["withTarget"], total["withoutOwner"]) == (1, 1, 1)


def test_sources_name_the_document_and_section_of_each_part_of_the_chain(
    loaded: tuple[EmbeddedStore, Settings],
) -> None:
    rows = table(make(loaded), "statements")
    pledge = next(r for r in rows if text(r["entity"]) == "Liikkumislupaus")
    assert text(pledge["section"]) == "Tavoitteet"
    assert text(pledge["document"]) == "Strategia 2026–2029"


def test_the_report_states_version_digest_and_time(
    loaded: tuple[EmbeddedStore, Settings],
) -> None:
    store, settings = loaded
    body = report_dict(make(loaded))
    assert body["datasets"] == [
        {"dataset": "https://w3id.org/lanka/id/testi/aineisto", "version": "1.0"}
    ]
    assert body["digest"] == content_digest(store, settings.base_iri)[0]
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", body["digest"])
    assert body["generated"] == "2026-11-23T12:00:00+00:00"


def _without_time(body: bytes, when: dt.datetime) -> bytes:
    return body.replace(when.isoformat().encode(), b"TIME")


def test_the_same_graph_gives_the_same_report_apart_from_the_time(tmp_path: Path) -> None:
    first, second = EmbeddedStore(None), EmbeddedStore(None)
    try:
        settings = load_report_county(tmp_path / "a", first)
        load_report_county(tmp_path / "b", second)  # loaded later: other load times
        base = settings.base_iri
        for fmt in ("json", "html", "csv"):
            one = render(build_report("traceability", first, base, now=NOW), fmt)
            two = render(build_report("traceability", second, base, now=LATER), fmt)
            assert one != two
            assert _without_time(one, NOW) == _without_time(two, LATER), fmt
        assert content_digest(first, base) == content_digest(second, base)
    finally:
        first.close()
        second.close()


def test_a_change_in_the_data_changes_the_digest(tmp_path: Path) -> None:
    changed = {**REPORT_COUNTY, "toimenpiteet": [*REPORT_COUNTY["toimenpiteet"]]}
    changed["toimenpiteet"][0] = {**changed["toimenpiteet"][0], "nimi": "Liikkumislupaus 2"}
    first, second = EmbeddedStore(None), EmbeddedStore(None)
    try:
        base = load_report_county(tmp_path / "a", first).base_iri
        load_report_county(tmp_path / "b", second, changed)
        assert content_digest(first, base) != content_digest(second, base)
    finally:
        first.close()
        second.close()


def test_english_with_lang_en(loaded: tuple[EmbeddedStore, Settings]) -> None:
    report = make(loaded, lang="en")
    assert report.title == "Traceability report"
    assert [s.title for s in report.sections] == [
        "From strategy to measures",
        "Gaps",
        "Coverage",
        "Sources",
    ]
    pledge = next(r for r in table(report, "chain") if text(r["measure"]) == "Exercise pledge")
    assert text(pledge["priority"]) == "For the residents"
    assert "latest 44 (2026)" in text(pledge["indicators"])


def test_html_is_printable_with_a_table_of_contents(loaded: tuple[EmbeddedStore, Settings]) -> None:
    page = render(make(loaded), "html", site="").decode()
    assert "<nav class='toc'>" in page
    for anchor in ("#s-chain", "#s-gaps", "#s-coverage", "#s-sources", "#t-chain"):
        assert f"href='{anchor}'" in page
        assert f"id='{anchor[1:]}'" in page
    assert "@media print" in page and "@page" in page
    assert "href='/queries/trace-top-down?lang=fi'" in page


def _pdf_text(body: bytes) -> str:
    pages = PdfReader(io.BytesIO(body)).pages
    return unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in pages))


def test_the_pdf_is_printed_by_chromium_and_reads_back(
    loaded: tuple[EmbeddedStore, Settings],
) -> None:
    ensure_chromium()
    report = make(loaded)
    body = render(report, "pdf")
    assert body.startswith(b"%PDF")
    words = _pdf_text(body)
    assert "Jäljitettävyysraportti" in words
    assert "Sisällys" in words
    assert "Liikkumislupaus" in words
    assert "Toimenpiteet ilman vastuutahoa" in words
    assert report.stamp.digest[:30] in words.replace("\n", "")
    assert "2026-11-23T12:00:00+00:00" in words


def test_the_workbook_has_a_sheet_per_section_with_filterable_tables(
    loaded: tuple[EmbeddedStore, Settings],
) -> None:
    report = make(loaded)
    book = load_workbook(io.BytesIO(render(report, "xlsx")))
    assert book.sheetnames == [
        "Tietoja raportista",
        "1 Strategiasta toimenpiteisiin",
        "2 Puutteet",
        "3 Kattavuus",
        "4 Lähteet",
    ]
    about = book["Tietoja raportista"]
    cells = {
        about.cell(row=r, column=1).value: about.cell(row=r, column=2).value for r in range(1, 12)
    }
    assert cells["Sisällön tiiviste"] == report.stamp.digest
    coverage = book["3 Kattavuus"]
    assert {"T_shares", "T_groups", "T_uncovered"} <= set(coverage.tables)
    ref = coverage.tables["T_shares"].ref
    first, last = ref.split(":")
    header_row = int(re.sub(r"\D", "", first))
    headers = [c.value for c in coverage[header_row]]
    total = [c.value for c in coverage[int(re.sub(r"\D", "", last))]]
    assert total[0] == "Kaikki suunnitelmat"
    assert total[headers.index("Toimenpiteitä")] == 2  # a number, not text
    assert total[headers.index("Vastuutaho %")] == 50
    chain = book["1 Strategiasta toimenpiteisiin"]
    values = [c.value for row in chain.iter_rows() for c in row]
    assert "Liikkumislupaus" in values
    assert "T_chain" in chain.tables


def test_csv_holds_every_table_in_long_form(loaded: tuple[EmbeddedStore, Settings]) -> None:
    report = make(loaded)
    rows = list(csv.DictReader(io.StringIO(render(report, "csv").decode())))
    stamp = {r["column"]: r["value"] for r in rows if r["table"] == "stamp"}
    assert stamp["digest"] == report.stamp.digest
    assert stamp["dataset https://w3id.org/lanka/id/testi/aineisto"] == "1.0"
    gap = [r for r in rows if r["table"] == f"gap-{OWNER_GAP}" and r["column"] == "measure"]
    assert [r["value"] for r in gap] == [GAP_MEASURE["nimi"]]
    assert gap[0]["iri"] == "https://w3id.org/lanka/id/testi/toimenpide/yhteistyosopimus"


def test_a_report_over_the_row_limit_is_refused_whole(
    loaded: tuple[EmbeddedStore, Settings],
) -> None:
    with pytest.raises(ResultTooLarge, match="LANKA_MAX_RESULT_ROWS"):
        make(loaded, limits=Limits(timeout=30, max_rows=1, max_bytes=2**20))


def test_a_report_over_the_time_limit_is_refused_whole(
    loaded: tuple[EmbeddedStore, Settings],
) -> None:
    with pytest.raises(QueryTimeout, match="no result is given"):
        make(loaded, limits=Limits(timeout=1e-9, max_rows=1000, max_bytes=2**20))


def test_the_actor_report_gathers_what_an_actor_owns_serves_and_rests_on(
    loaded: tuple[EmbeddedStore, Settings],
) -> None:
    report = make(loaded, "actor", actor=COORDINATOR)
    assert report.title == "Toimijaraportti: Hyvinvointikoordinaattori"
    portfolio = {(r["relation"], text(r["item"])) for r in table(report, "portfolio")}
    assert ("omistaa", "Liikkumislupaus") in portfolio
    assert ("osa", "Kainuun hyvinvointialue") in portfolio
    served = {text(r["objective"]) for r in table(report, "objectives")}
    assert served == {"Asukasta varten", "Siirrämme painopistettä ennaltaehkäisyyn"}
    [law] = table(report, "legal-measures")
    assert (text(law["thing"]), text(law["law"])) == ("Liikkumislupaus", "7 §")
    statements = table(report, "statements")
    label = next(r for r in statements if text(r["property"]) == "rdfs:label")
    assert text(label["section"]) == "Visiomme"


def test_an_unknown_actor_is_a_parameter_error(loaded: tuple[EmbeddedStore, Settings]) -> None:
    with pytest.raises(ParameterError) as caught:
        make(loaded, "actor", actor="https://w3id.org/lanka/id/testi/toimija/ei-ole")
    assert caught.value.parameter == "actor"
    with pytest.raises(ParameterError):
        make(loaded, "actor", actor="not an iri")


@pytest.fixture
def client(loaded: tuple[EmbeddedStore, Settings]) -> Iterator[TestClient]:
    store, settings = loaded
    with TestClient(create_app(settings, store)) as opened:
        yield opened


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("text/html", "text/html"),
        (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("text/csv", "text/csv"),
        ("application/json", "application/json"),
        ("*/*", "text/html"),
    ],
)
def test_the_route_answers_in_the_format_the_client_accepts(
    client: TestClient, accept: str, media_type: str
) -> None:
    response = client.get("/reports/traceability", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert "lanka-traceability-fi" in response.headers["content-disposition"]


def test_the_route_prints_a_pdf_with_format_pdf(client: TestClient) -> None:
    ensure_chromium()
    response = client.get("/reports/traceability", params={"format": "pdf", "lang": "en"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "Traceability report" in _pdf_text(response.content)


def test_the_route_refuses_what_it_cannot_give(client: TestClient) -> None:
    assert client.get("/reports/traceability", params={"format": "doc"}).json()["parameter"] == (
        "format"
    )
    assert client.get("/reports/traceability", params={"lang": "sv"}).status_code == 400
    refused = client.get("/reports/traceability", headers={"Accept": "image/png"})
    assert refused.status_code == 406
    unknown = client.get("/reports/actor", params={"actor": "https://x.org/nobody"})
    assert (unknown.status_code, unknown.json()["parameter"]) == (400, "actor")
    missing = client.get("/reports/actor", params={"format": "json"})
    assert (missing.status_code, missing.json()["parameter"]) == (400, "actor")


def test_the_actor_route_lists_actors_when_none_is_chosen(client: TestClient) -> None:
    page = client.get("/reports/actor", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "Hyvinvointikoordinaattori" in page.text
    assert (
        "actor=https%3A%2F%2Fw3id.org%2Flanka%2Fid%2Ftesti%2Ftoimija%2Fkoordinaattori" in page.text
    )
    report = client.get("/reports/actor", params={"actor": COORDINATOR, "lang": "en"})
    assert report.status_code == 200
    assert "Actor report: Wellbeing coordinator" in report.text


def test_a_report_route_over_the_limits_says_so_and_gives_no_report(
    loaded: tuple[EmbeddedStore, Settings],
) -> None:
    store, settings = loaded
    for limited, status in (
        (settings.replace(max_result_rows=1), 422),
        (settings.replace(query_timeout=1e-9), 504),
    ):
        with TestClient(create_app(limited, store)) as client:
            response = client.get("/reports/traceability", headers={"Accept": "text/html"})
        assert response.status_code == status
        assert response.headers["content-type"] == "application/json"
        assert "no result is given" in response.json()["error"]["en"]


def test_the_command_writes_each_format(tmp_path: Path) -> None:
    county = write_county(tmp_path / "county", REPORT_COUNTY)
    store = str(tmp_path / "store")
    loading = subprocess.run(
        [LANKA, "--store", store, "load"],
        capture_output=True,
        text=True,
        env={**os.environ, "LANKA_DATASET": str(county)},
        timeout=120,
    )
    assert loading.returncode == 0, loading.stderr
    runner = CliRunner()
    out = tmp_path / "report.xlsx"
    written = runner.invoke(
        cli, ["--store", store, "report", "traceability", "--format", "xlsx", "--out", str(out)]
    )
    assert written.exit_code == 0, written.output
    assert "Liikkumislupaus" in [
        c.value
        for row in load_workbook(out)["1 Strategiasta toimenpiteisiin"].iter_rows()
        for c in row
    ]
    as_json = runner.invoke(
        cli, ["--store", store, "report", "actor", COORDINATOR, "--format", "json", "--lang", "en"]
    )
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout)["title"] == "Actor report: Wellbeing coordinator"
    unknown = runner.invoke(cli, ["--store", store, "report", "actor", "https://x.org/nobody"])
    assert unknown.exit_code == 1
    assert "the dataset has no actor" in unknown.stderr


@pytest.fixture(scope="module")
def kainuu() -> Iterator[tuple[EmbeddedStore, Settings]]:
    """The real default dataset, loaded once for the module."""
    store = EmbeddedStore(None)
    settings = Settings()
    load_default(store, settings)
    yield store, settings
    store.close()


def test_on_the_kainuu_data_three_ways_of_counting_gaps_agree(
    kainuu: tuple[EmbeddedStore, Settings],
) -> None:
    report = make(kainuu)
    by_rule = {r["shape"]["iri"]: r["results"] for r in table(report, "validation")}
    by_query = {text(r["query"]): r["rowCount"] for r in table(report, "gap-summary")}
    total = next(r for r in table(report, "shares") if text(r["plan"]) == "Kaikki suunnitelmat")
    owner_shape = "https://w3id.org/lanka/shapes#MeasureOwnerShape"
    metric_shape = "https://w3id.org/lanka/shapes#MeasureIndicatorShape"
    assert by_rule[owner_shape] == by_query[OWNER_GAP] == total["withoutOwner"] > 0
    assert (
        by_rule[metric_shape]
        == by_query["measures-without-indicator-violation"]
        == total["withoutIndicator"]
        > 0
    )
    priorities = {text(r["priority"]) for r in table(report, "chain")}
    assert {"Asukasta varten", "Palvelut kuntoon", "Henkilöstön kanssa"} <= priorities


def test_the_command_over_a_limit_exits_1_and_writes_no_report(tmp_path: Path) -> None:
    county = write_county(tmp_path / "county", REPORT_COUNTY)
    store, out = str(tmp_path / "store"), tmp_path / "report.html"
    env = {**os.environ, "LANKA_DATASET": str(county), "LANKA_MAX_RESULT_ROWS": "1"}

    def lanka(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [LANKA, "--store", store, *args], capture_output=True, text=True, env=env, timeout=120
        )

    assert lanka("load").returncode == 0
    refused = lanka("report", "traceability", "--out", str(out))
    assert refused.returncode == 1
    assert "LANKA_MAX_RESULT_ROWS" in refused.stderr
    assert "no result is given" in refused.stderr
    assert not out.exists()
