"""Checkpoints for the query workers: one per generation of writes, removed once unused."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from service.snapshots import Snapshots


def test_a_checkpoint_is_made_once_per_generation_and_dropped_when_unused(
    tmp_path: Path,
) -> None:
    store = ox.Store(str(tmp_path / "db"))
    snapshots = Snapshots(store, tmp_path / "snapshots")
    first = snapshots.acquire(0)
    assert snapshots.acquire(0) == first  # no write in between: the same checkpoint
    snapshots.release(first)
    store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("new")))
    second = snapshots.acquire(1)
    assert second != first
    assert first.exists()  # still used by the first acquire
    snapshots.release(first)
    assert not first.exists()
    reader = ox.Store.read_only(str(second))
    assert len(list(reader.quads_for_pattern(None, None, ox.Literal("new")))) == 1
    snapshots.release(second)
    assert second.exists()  # the newest stays for the next query
    snapshots.close()
    assert not (tmp_path / "snapshots").exists()


def test_leftover_checkpoints_of_a_crashed_server_are_removed_at_start(tmp_path: Path) -> None:
    leftover = tmp_path / "snapshots" / "7-old"
    leftover.mkdir(parents=True)
    Snapshots(ox.Store(str(tmp_path / "db")), tmp_path / "snapshots")
    assert not leftover.exists()
