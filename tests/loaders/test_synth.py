"""The synthetic national dataset: deterministic, loadable, and its planted gaps are found."""

from __future__ import annotations

import hashlib
from pathlib import Path

from loaders.dataset import source_digest
from loaders.synth import SynthSize, write_synthetic
from queries.registry import load_registry
from service.loading import load_paths
from service.named_queries import run_named
from service.settings import Settings
from service.store import EmbeddedStore

SMALL = SynthSize(municipalities=3, indicators=5, years=2, measures=40, ngos=16)


def digest(folder: Path) -> str:
    return hashlib.sha256(source_digest(folder).encode()).hexdigest()


def test_the_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    write_synthetic(tmp_path / "a", 2, seed=7, size=SMALL)
    write_synthetic(tmp_path / "b", 2, seed=7, size=SMALL)
    write_synthetic(tmp_path / "c", 2, seed=8, size=SMALL)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a") != digest(tmp_path / "c")


def test_the_gap_queries_find_exactly_the_planted_gaps(tmp_path: Path) -> None:
    gaps = write_synthetic(tmp_path, 3, seed=3, size=SMALL)
    settings = Settings()
    store = EmbeddedStore(None)
    load_paths(store, sorted(tmp_path.glob("maakunta-*")), settings)
    registry = load_registry()

    def count(name: str) -> int:
        return len(run_named(store, registry.get(name), {}, settings.base_iri).rows)

    assert count("measures-without-owner-violation") == gaps.measures_without_owner > 0
    assert count("measures-without-indicator-violation") == gaps.measures_without_indicator > 0
    assert count("objectives-without-measures") == gaps.objectives_without_measures > 0
