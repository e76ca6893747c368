"""The store: loads swap in whole, survive restarts and crashes, and round-trip."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from service.loading import load_paths, read_graph
from service.settings import Settings
from service.store import STAGING_PREFIX, EmbeddedStore
from tests.conftest import SMALL_COUNTY, write_county

SOURCE_GRAPH = "https://w3id.org/lanka/graph/testi/lahde"


def load(store: EmbeddedStore, settings: Settings, *paths: Path) -> None:
    load_paths(store, list(paths), settings)


def test_a_load_puts_each_source_in_its_own_named_graph(
    store: EmbeddedStore, settings: Settings, county: Path
) -> None:
    load(store, settings, county)
    assert store.graph_names() == ["https://w3id.org/lanka/graph/catalog", SOURCE_GRAPH]
    assert store.triple_count(SOURCE_GRAPH) > 50


def test_a_failed_load_changes_nothing(
    store: EmbeddedStore, settings: Settings, county: Path, tmp_path: Path
) -> None:
    load(store, settings, county)
    before = store.export("nq")
    broken = dict(SMALL_COUNTY)
    broken["toimenpiteet"] = [dict(SMALL_COUNTY["toimenpiteet"][0], omistajat="nobody")]
    with pytest.raises(Exception, match="load failed"):
        load(store, settings, write_county(tmp_path / "broken", broken))
    assert store.export("nq") == before


def test_reloading_replaces_a_graph_instead_of_adding_to_it(
    store: EmbeddedStore, settings: Settings, county: Path
) -> None:
    load(store, settings, county)
    count = store.triple_count(SOURCE_GRAPH)
    load(store, settings, county)
    assert store.triple_count(SOURCE_GRAPH) == count


def test_an_export_reloads_into_isomorphic_graphs(
    store: EmbeddedStore, settings: Settings, county: Path, tmp_path: Path
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
    from service.loading import load_paths
    from service.settings import Settings
    from service.store import EmbeddedStore

    store = EmbeddedStore(Path(sys.argv[1]))
    real = store._store
    calls = {"load": 0}

    class DiesMidLoad:
        '''The real Oxigraph store, except that the process is killed at the chosen step.'''

        def __getattr__(self, name):
            return getattr(real, name)

        def load(self, *args, **kwargs):
            calls["load"] += 1
            if sys.argv[3] == "staging" and calls["load"] == 2:
                os.kill(os.getpid(), signal.SIGKILL)
            return real.load(*args, **kwargs)

        def update(self, *args, **kwargs):
            os.kill(os.getpid(), signal.SIGKILL)

    store._store = DiesMidLoad()
    settings = Settings(store=Path(sys.argv[1]), area="testi")
    load_paths(store, [Path(sys.argv[2])], settings)
""")


@pytest.mark.parametrize("moment", ["staging", "swap"])
def test_a_load_killed_midway_leaves_the_previous_data(
    settings: Settings, county: Path, tmp_path: Path, moment: str
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
    assert reopened.export("nq") == before
    assert not any(g.startswith(STAGING_PREFIX) for g in reopened.graph_names())
    load(reopened, settings, newer)
    assert reopened.ask("ASK { GRAPH ?g { <https://w3id.org/lanka/id/testi/toimija/uusi> ?p ?o } }")
    reopened.close()
