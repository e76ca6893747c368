"""Compiled plans kept between runs: reused for the same shapes, never trusted blindly."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from service.loading import load_paths
from service.settings import Settings
from service.store import EmbeddedStore
from service.validation.compiler import Plan
from service.validation.plan_cache import PlanCache, plan_key
from service.validation.run import validate_store
from service.validation.shapes import packaged_keyed, shapes_key, store_keyed


def _never() -> Plan:
    raise AssertionError("compiled again")


def test_a_plan_compiled_once_is_read_by_the_next_run(
    store: EmbeddedStore, settings: Settings, county: Path, tmp_path: Path
) -> None:
    load_paths(store, [county], settings, with_system=True)
    first = validate_store(store, settings.base_iri, keep=False, plans=PlanCache(tmp_path))
    kept = list((tmp_path / "plans").glob("*.pickle"))
    assert len(kept) == 1
    # a new process has an empty memory; the file is enough, the shapes are not compiled
    later = PlanCache(tmp_path)
    later.plan(kept[0].stem, _never)
    again = validate_store(store, settings.base_iri, keep=False, plans=PlanCache(tmp_path))
    assert again.report.digest() == first.report.digest()
    uncached = validate_store(store, settings.base_iri, keep=False)
    assert uncached.report.digest() == first.report.digest()


def test_the_shapes_key_ignores_blank_node_labels_and_follows_the_base() -> None:
    shapes = b"""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <https://example.org/S> sh:targetClass <https://example.org/C> ;
            sh:property [ sh:path <https://example.org/p> ; sh:minCount 1 ] ."""
    once = list(ox.parse(shapes, format=ox.RdfFormat.TURTLE))
    twice = list(ox.parse(shapes, format=ox.RdfFormat.TURTLE))
    assert once != twice  # fresh blank nodes
    assert shapes_key(once, "https://a.example/") == shapes_key(twice, "https://a.example/")
    assert shapes_key(once, "https://a.example/") != shapes_key(once, "https://b.example/")


def test_the_store_shapes_have_the_key_of_the_packaged_ones(
    store: EmbeddedStore, settings: Settings, county: Path
) -> None:
    load_paths(store, [county], settings, with_system=True)
    assert store_keyed(store, settings.base_iri).key == packaged_keyed(settings.base_iri).key


def test_the_key_changes_with_severities_and_class_hierarchy() -> None:
    base = plan_key("shapes", [], [])
    assert plan_key("other shapes", [], []) != base
    assert plan_key("shapes", ["http://www.w3.org/ns/shacl#Warning"], []) != base
    assert plan_key("shapes", [], [("https://e.org/A", "https://e.org/B")]) != base


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_damaged_file_is_compiled_again(tmp_path: Path, damage: bytes) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "k.pickle").write_bytes(damage)  # the last one is a pickled int, not a plan
    built = Plan()
    assert PlanCache(tmp_path).plan("k", lambda: built) is built


def test_a_folder_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    built = Plan()
    assert PlanCache(blocked).plan("k", lambda: built) is built
    assert PlanCache(None).plan("k", lambda: built) is built


def test_the_cache_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("LANKA_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert Settings().cache_dir == tmp_path / "lanka"
    monkeypatch.setenv("LANKA_CACHE_DIR", str(tmp_path / "mine"))
    assert Settings().cache_dir == tmp_path / "mine"
