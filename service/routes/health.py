"""`GET /health`: is the store reachable, how much does it hold, which dataset version, and
whether the read replica is ready. The first call after a write counts the triples (a count
per graph: 3 s at 5.1M triples); later calls answer from that count."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from service.deps import SettingsDep, StoreDep
from service.status import dataset_versions, triples_per_graph
from service.store import EmbeddedStore, Store

router = APIRouter(tags=["health"])


@router.get("/health")
def health(store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    # counting is a scan of every graph (seconds at millions of triples): once per write
    per_graph = store.remembered(("triples-per-graph",), lambda: triples_per_graph(store))
    versions = dataset_versions(store, settings.base_iri)
    return {
        "status": "ok",
        "store": "reachable",
        "triples": sum(per_graph.values()),
        "graphs": len(per_graph),
        "datasets": [
            {"dataset": v.dataset, "version": v.version, "loaded": v.modified} for v in versions
        ],
        "replica": replica_status(store),
    }


def replica_status(store: Store) -> dict[str, Any]:
    """The read replica (`service.replica`): off, building, ready, unusable or lost."""
    replica = store.replica if isinstance(store, EmbeddedStore) else None
    if replica is None:
        return {"state": "off"}
    found: dict[str, Any] = {"state": replica.state, "triples": replica.triples}
    if replica.build_seconds is not None:
        found["built_in_seconds"] = round(replica.build_seconds, 1)
    return found
