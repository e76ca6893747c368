"""`make run` reloads only when the store is empty or older than its sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.loading import default_load_needed, load_default, recorded_digests
from service.settings import Settings
from service.store import Store


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
