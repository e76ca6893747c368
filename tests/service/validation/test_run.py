"""Validating the store (in place): only the data graphs, with the store's shapes, the report
kept; and files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SH

from ontology.namespaces import LANKA
from service.catalog import data_graphs
from service.loading import load_paths
from service.settings import Settings
from service.store import EmbeddedStore
from service.validation.context import gather
from service.validation.engine import validate
from service.validation.run import (
    report_graph_iri,
    store_data,
    validate_files,
    validate_store,
)
from service.validation.shapes import store_shapes
from service.validation.source import copy_of

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


def test_the_store_is_validated_in_place_as_a_copy_of_it_would_be(
    store: EmbeddedStore, settings: Settings, county: Path
) -> None:
    load_paths(store, [county], settings, with_system=True)
    in_place = store_data(store, settings.base_iri)
    copied = copy_of(store, data_graphs(store, settings.base_iri)).view()
    assert in_place.source is store
    shapes = store_shapes(store, settings.base_iri)
    reports = [validate(data, shapes) for data in (in_place, copied)]
    assert sorted(r.full_key() for r in reports[0].results) == sorted(
        r.full_key() for r in reports[1].results
    )
    first, second = (gather(r, d, shapes) for r, d in zip(reports, (in_place, copied), strict=True))
    assert (first.names, first.kinds, first.sources, first.owners) == (
        second.names,
        second.kinds,
        second.sources,
        second.owners,
    )
    assert first.owners  # the county's measures have owners to show


def test_files_without_context_read_only_what_the_checks_read(
    tmp_path: Path, settings: Settings
) -> None:
    data = tmp_path / "data.nt"
    lines = [f"<urn:ex:m{i}> <{RDF.type}> <{LANKA.Measure}> ." for i in range(5)]
    lines += [f'<urn:ex:m{i}> <urn:ex:note> "{i}" .' for i in range(5)]
    data.write_text("\n".join(lines) + "\n")
    shapes = Graph().parse(
        data=f"<urn:ex:S> <{SH.targetClass}> <{LANKA.Measure}> ;"
        f" <{SH.property}> [ <{SH.path}> <{LANKA.owner}> ; <{SH.minCount}> 1 ] .",
        format="turtle",
    )
    full = validate_files([data], shapes, settings)
    read = validate_files([data], shapes, settings, context=False)
    assert sorted(r.key() for r in read.report.results) == sorted(
        r.key() for r in full.report.results
    )
    assert len(read.report.results) == 5
    assert read.context.names == {}
