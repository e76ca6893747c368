"""`make run` reloads only when the store is empty or older than its sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.dataset import source_digest
from service.loading import default_load_needed, load_default, load_paths, recorded_digests
from service.settings import Settings
from service.store import EmbeddedStore, Store


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs against the three stores (embedded, Oxigraph server, Virtuoso)."""
    return any_store


def test_an_empty_store_needs_the_default_load(store: Store, settings: Settings) -> None:
    assert default_load_needed(store, settings)


def test_a_loaded_store_is_current_until_a_source_file_changes(
    store: Store, settings: Settings, county: Path
) -> None:
    load_default(store, settings)
    assert not default_load_needed(store, settings)
    measures = county / "lahde" / "toimenpiteet.csv"
    measures.write_text(measures.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert default_load_needed(store, settings)


def test_the_catalog_records_a_digest_for_every_loaded_graph(
    store: Store, settings: Settings
) -> None:
    plan = load_default(store, settings)
    digests = recorded_digests(store, settings.base_iri)
    assert set(plan.graphs) <= set(digests)
    assert all(len(d) == 64 for d in digests.values())


TRIG = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:name "oletusgraafi"@fi .
ex:g1 { ex:a ex:count "01"^^xsd:integer . ex:a ex:count "01"^^xsd:integer . ex:a ex:knows _:b }
ex:g2 { ex:b ex:name "Kajaani"@fi }
"""


def test_an_rdf_file_is_loaded_graph_by_graph(tmp_path: Path, settings: Settings) -> None:
    """On disk, each graph of the file is staged by Oxigraph's own serializer, a triple
    written twice counts once, and every graph records the digest of the one file."""
    path = tmp_path / "tiedot.trig"
    path.write_text(TRIG, encoding="utf-8")
    disk = EmbeddedStore(tmp_path / "disk")
    try:
        plan = load_paths(disk, [path], settings)
        assert plan.triples == 4
        assert {g: disk.triple_count(g) for g in plan.graphs} == {
            f"{settings.base_iri}graph/tiedostot/tiedot": 1,
            "http://example.org/g1": 2,
            "http://example.org/g2": 1,
        }
        digests = recorded_digests(disk, settings.base_iri)
        assert {digests[g] for g in plan.graphs} == {source_digest(path)}
    finally:
        disk.close()


def test_blank_nodes_of_two_files_stay_apart_and_match_in_the_default_graph(
    tmp_path: Path, settings: Settings
) -> None:
    """Both files say `_:b`: two nodes, each the same one in its graph and in the union."""
    for name in ("yksi", "kaksi"):
        (tmp_path / f"{name}.nt").write_text(
            f'_:b <http://example.org/name> "{name}" .\n', encoding="utf-8"
        )
    disk = EmbeddedStore(tmp_path / "disk")
    try:
        load_paths(disk, [tmp_path / "yksi.nt", tmp_path / "kaksi.nt"], settings)
        named = disk.select(
            "SELECT DISTINCT ?b WHERE { GRAPH ?g { ?b <http://example.org/name> ?o } }"
        )
        data = [g for g in disk.graph_names() if "tiedostot" in g]
        _names, merged = disk.select_rows(
            "SELECT ?b ?o WHERE { ?b <http://example.org/name> ?o }", default_graphs=data
        )
        assert len(named) == len(merged) == 2
        assert {row["b"] for row in named} == {str(row["b"]) for row in merged}
    finally:
        disk.close()
