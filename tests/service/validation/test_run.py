"""Validating the store: only the data graphs, with the store's shapes, the report kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rdflib.namespace import SH

from service.loading import load_paths
from service.settings import Settings
from service.store import EmbeddedStore
from service.validation.run import report_graph_iri, validate_store

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def test_only_the_data_graphs_are_validated(
    store: EmbeddedStore, settings: Settings, county: Path
) -> None:
    load_paths(store, [county], settings, with_system=True)
    outcome = validate_store(store, settings.base_iri, now=NOW)
    focus = {str(r.focus) for r in outcome.report.results}
    # the ontology's own terms (say lanka:HigherIsBetter) are in the store but not validated
    assert focus == {
        "https://w3id.org/lanka/id/testi/mittari/nps",
        "https://w3id.org/lanka/id/testi/havainto/nps-2025",
    }


def test_the_kept_report_says_when_it_was_made(
    store: EmbeddedStore, settings: Settings, county: Path
) -> None:
    load_paths(store, [county], settings)
    validate_store(store, settings.base_iri, now=NOW)
    rows = store.select(
        f"""PREFIX dct: <http://purl.org/dc/terms/>
        PREFIX sh: <{SH}>
        SELECT ?created (COUNT(?r) AS ?n) WHERE {{ GRAPH <{report_graph_iri(settings.base_iri)}> {{
            ?report dct:created ?created ; sh:result ?r }} }} GROUP BY ?created"""
    )
    assert rows == [{"created": "2026-11-23T12:00:00Z", "n": "5"}]


def test_without_keeping_nothing_is_written(
    store: EmbeddedStore, settings: Settings, county: Path
) -> None:
    load_paths(store, [county], settings)
    validate_store(store, settings.base_iri, keep=False)
    assert report_graph_iri(settings.base_iri) not in store.graph_names()


def test_an_empty_store_conforms(store: EmbeddedStore, settings: Settings) -> None:
    outcome = validate_store(store, settings.base_iri, keep=False)
    assert outcome.report.conforms is True
    assert outcome.report.results == []
