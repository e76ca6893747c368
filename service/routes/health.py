"""`GET /health`: is the store reachable, how much does it hold, which dataset version."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from service.deps import SettingsDep, StoreDep
from service.status import dataset_versions, triples_per_graph

router = APIRouter(tags=["health"])


@router.get("/health")
def health(store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    per_graph = triples_per_graph(store)
    versions = dataset_versions(store, settings.base_iri)
    return {
        "status": "ok",
        "store": "reachable",
        "triples": sum(per_graph.values()),
        "graphs": len(per_graph),
        "datasets": [
            {"dataset": v.dataset, "version": v.version, "loaded": v.modified} for v in versions
        ],
    }
