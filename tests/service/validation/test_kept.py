"""The kept report: written when the results change, left as it is when they do not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rdflib.namespace import SH

from service.loading import load_paths
from service.settings import Settings
from service.store import EmbeddedStore, Payload
from service.validation.kept import kept_digest
from service.validation.run import report_graph_iri, validate_store
from tests.conftest import SMALL_COUNTY, write_county

MONDAY = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
TUESDAY = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


def _created(store: EmbeddedStore, settings: Settings) -> list[str]:
    rows = store.select(
        f"""SELECT ?created WHERE {{ GRAPH <{report_graph_iri(settings.base_iri)}> {{
            ?report a <{SH.ValidationReport}> ; <http://purl.org/dc/terms/created> ?created }} }}"""
    )
    return [row["created"] for row in rows]


def test_validating_unchanged_data_again_leaves_the_kept_report(
    store: EmbeddedStore, settings: Settings, county: Path
) -> None:
    load_paths(store, [county], settings)
    first = validate_store(store, settings.base_iri, now=MONDAY)
    kept = kept_digest(store, report_graph_iri(settings.base_iri))
    assert kept is not None and kept[0] == first.report.digest()
    before = store.generation
    validate_store(store, settings.base_iri, now=TUESDAY)
    assert store.generation == before  # nothing written
    assert _created(store, settings) == ["2026-11-23T12:00:00Z"]


def test_changed_results_are_written(
    store: EmbeddedStore, settings: Settings, county: Path, tmp_path: Path
) -> None:
    load_paths(store, [county], settings)
    first = validate_store(store, settings.base_iri, now=MONDAY)
    measure = {**SMALL_COUNTY["toimenpiteet"][0], "omistajat": ""}  # now without an owner
    tables = {**SMALL_COUNTY, "toimenpiteet": [measure]}
    load_paths(store, [write_county(tmp_path / "changed", tables)], settings)
    second = validate_store(store, settings.base_iri, now=TUESDAY)
    assert second.report.digest() != first.report.digest()
    assert _created(store, settings) == ["2026-11-24T12:00:00Z"]
    kept = kept_digest(store, report_graph_iri(settings.base_iri))
    assert kept is not None and kept[0] == second.report.digest()


def test_a_kept_report_edited_by_hand_is_rewritten(
    store: EmbeddedStore, settings: Settings, county: Path
) -> None:
    load_paths(store, [county], settings)
    validate_store(store, settings.base_iri, now=MONDAY)
    extra = Payload(b"<urn:ex:a> <urn:ex:b> <urn:ex:c> .\n", "text/turtle")
    store.post_graph(report_graph_iri(settings.base_iri), [extra], settings.base_iri)
    validate_store(store, settings.base_iri, now=TUESDAY)
    assert _created(store, settings) == ["2026-11-24T12:00:00Z"]
