"""The store: loads swap in whole, survive restarts and crashes, and round-trip."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.compare import isomorphic

from loaders.errors import StoreError
from service.generations import Layout
from service.loading import load_paths, read_graph
from service.settings import Settings
from service.status import triples_per_graph
from service.store import HIDDEN_PREFIX, STAGING_PREFIX, EmbeddedStore, Store, UpdateRequest
from tests.conftest import SMALL_COUNTY, write_county

SOURCE_GRAPH = "https://w3id.org/lanka/graph/testi/lahde"


@pytest.fixture
def store(any_store: Store) -> Store:
    """The tests taking `store` run against the three stores (embedded, Oxigraph server,
    Virtuoso); those about the on-disk store's generations and crashes are embedded-only
    by nature (the remote store's crash test is in test_remote_store.py)."""
    return any_store


def load(store: Store, settings: Settings, *paths: Path) -> None:
    load_paths(store, list(paths), settings)


def test_a_load_puts_each_source_in_its_own_named_graph(
    store: Store, settings: Settings, county: Path
) -> None:
    load(store, settings, county)
    assert store.graph_names() == ["https://w3id.org/lanka/graph/catalog", SOURCE_GRAPH]
    assert store.triple_count(SOURCE_GRAPH) > 50


def test_a_failed_load_changes_nothing(
    store: Store, settings: Settings, county: Path, tmp_path: Path
) -> None:
    load(store, settings, county)
    before = store.export("nq")
    broken = dict(SMALL_COUNTY)
    broken["toimenpiteet"] = [dict(SMALL_COUNTY["toimenpiteet"][0], omistajat="nobody")]
    with pytest.raises(Exception, match="load failed"):
        load(store, settings, write_county(tmp_path / "broken", broken))
    assert store.export("nq") == before


def test_reloading_replaces_a_graph_instead_of_adding_to_it(
    store: Store, settings: Settings, county: Path
) -> None:
    load(store, settings, county)
    count = store.triple_count(SOURCE_GRAPH)
    load(store, settings, county)
    assert store.triple_count(SOURCE_GRAPH) == count


def test_an_export_reloads_into_isomorphic_graphs(
    store: Store, settings: Settings, county: Path, tmp_path: Path
) -> None:
    load(store, settings, county)
    dump = tmp_path / "dump.nq"
    dump.write_bytes(store.export("nq"))
    copy = EmbeddedStore(None)
    load(copy, settings, dump)
    assert isomorphic(read_graph(copy, SOURCE_GRAPH), read_graph(store, SOURCE_GRAPH))


def test_data_survives_a_process_restart(settings: Settings, county: Path) -> None:
    first = EmbeddedStore(settings.store)
    load(first, settings, county)
    count = first.triple_count()
    first.close()
    del first
    code = (
        f"from pathlib import Path; from service.store import EmbeddedStore; "
        f"print(EmbeddedStore(Path({str(settings.store)!r})).triple_count())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert int(result.stdout) == count


KILL_DURING = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from service import generations
    from service.loading import load_paths
    from service.next_generation import NextGeneration
    from service.quad_stream import QuadStream
    from service.settings import Settings
    from service.store import EmbeddedStore

    store = EmbeddedStore(Path(sys.argv[1]))
    moment = sys.argv[3]
    calls = {"stage": 0}
    real_stage, real_close, real_switch = (
        NextGeneration.stage, QuadStream.close, generations.switch
    )

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    # The real steps of a load, except that the process is killed at the chosen one.
    def stage(*args):
        calls["stage"] += 1
        if moment == "staging" and calls["stage"] == 2:  # one graph staged, one not
            die()
        return real_stage(*args)

    def close(*args):
        if moment == "building":  # the new generation half-built: its bulk load running
            die()
        return real_close(*args)

    def switch(*args):
        if moment == "switch":  # the new generation whole, the link not yet moved
            die()
        real_switch(*args)
        if moment == "switched":  # the link moved, the old generation not yet removed
            die()

    NextGeneration.stage, QuadStream.close, generations.switch = stage, close, switch
    settings = Settings(store=Path(sys.argv[1]), area="testi")
    load_paths(store, [Path(sys.argv[2])], settings)
""")

NEW_ACTOR = "ASK { GRAPH ?g { <https://w3id.org/lanka/id/testi/toimija/uusi> ?p ?o } }"


@pytest.mark.parametrize(
    ("moment", "survives"),
    [("staging", "old"), ("building", "old"), ("switch", "old"), ("switched", "new")],
)
def test_a_load_killed_midway_leaves_one_whole_generation(
    settings: Settings, county: Path, tmp_path: Path, moment: str, survives: str
) -> None:
    store = EmbeddedStore(settings.store)
    load(store, settings, county)
    before = store.export("nq")
    store.close()
    del store
    changed = dict(SMALL_COUNTY)
    changed["toimijat"] = [
        *SMALL_COUNTY["toimijat"],
        {"avain": "uusi", "laji": "jarjesto", "nimi": "Uusi ry", "lahde": "s-visio"},
    ]
    newer = write_county(tmp_path / "newer", changed)
    result = subprocess.run(
        [sys.executable, "-c", KILL_DURING, str(settings.store), str(newer), moment],
        capture_output=True,
        text=True,
    )
    assert result.returncode == -9, result.stderr
    reopened = EmbeddedStore(settings.store)
    if survives == "old":
        assert reopened.export("nq") == before
    else:
        assert reopened.ask(NEW_ACTOR)
        assert reopened.graph_names() == ["https://w3id.org/lanka/graph/catalog", SOURCE_GRAPH]
    assert not any(g.startswith(STAGING_PREFIX) for g in reopened.graph_names())
    layout = Layout(settings.store)
    assert list(layout.generations.iterdir()) == [settings.store.resolve()]
    assert not layout.staging.exists()
    load(reopened, settings, newer)
    assert reopened.ask(NEW_ACTOR)
    reopened.close()


def test_a_load_switches_to_a_new_generation_and_removes_the_old(
    settings: Settings, county: Path
) -> None:
    store = EmbeddedStore(settings.store)
    load(store, settings, county)
    first = settings.store.resolve()
    load(store, settings, county)
    layout = Layout(settings.store)
    assert settings.store.is_symlink() and settings.store.resolve() != first
    assert list(layout.generations.iterdir()) == [settings.store.resolve()]
    assert not layout.staging.exists()
    assert store.triple_count(SOURCE_GRAPH) > 50
    store.close()


def test_a_second_process_cannot_open_the_store_in_use(settings: Settings) -> None:
    store = EmbeddedStore(settings.store)
    with pytest.raises(StoreError, match="in use by another process"):
        EmbeddedStore(settings.store)
    store.close()
    del store
    EmbeddedStore(settings.store).close()  # free again once closed


def test_a_store_folder_from_before_generations_is_kept_and_moved(
    settings: Settings, county: Path
) -> None:
    settings.store.mkdir(parents=True)
    plain = ox.Store(str(settings.store))
    plain.add(
        ox.Quad(ox.NamedNode("x:a"), ox.NamedNode("x:b"), ox.Literal("kept"), ox.NamedNode("x:g"))
    )
    plain.flush()
    del plain
    store = EmbeddedStore(settings.store)
    assert settings.store.is_symlink()
    assert store.graph_names() == ["x:g"]
    load(store, settings, county)
    assert store.graph_names() == ["https://w3id.org/lanka/graph/catalog", SOURCE_GRAPH, "x:g"]
    store.close()


def test_triples_are_counted_per_graph(store: Store) -> None:
    store.update(
        UpdateRequest(
            "INSERT DATA { GRAPH <http://example.org/a> { <http://example.org/s> "
            "<http://example.org/p> 1, 2 } GRAPH <http://example.org/b> { "
            "<http://example.org/s> <http://example.org/p> 3 } }"
        )
    )
    counts = triples_per_graph(store)
    assert counts["http://example.org/a"] == 2 and counts["http://example.org/b"] == 1
    assert store.triple_count("http://example.org/a") == 2
    assert store.triple_count() == sum(counts.values())
    assert not any(graph.startswith(HIDDEN_PREFIX) for graph in counts)
