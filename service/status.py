"""What the store holds: graphs, triples per graph, instances per class, dataset versions.

Shared by `GET /health` and `lanka stats`, so both report the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ontology.namespaces import DCAT, DCT
from service.catalog import catalog_iri
from service.store import Store


@dataclass(frozen=True)
class DatasetVersion:
    dataset: str
    version: str
    modified: str


def dataset_versions(store: Store, base: str) -> list[DatasetVersion]:
    rows = store.select(
        f"""PREFIX dcat: <{DCAT}>
        PREFIX dct: <{DCT}>
        SELECT ?dataset ?version ?modified WHERE {{
          GRAPH <{catalog_iri(base)}> {{
            ?dataset dcat:version ?version ; dct:modified ?modified .
          }}
        }} ORDER BY ?dataset"""
    )
    return [DatasetVersion(r["dataset"], r["version"], r["modified"]) for r in rows]


def triples_per_graph(store: Store) -> dict[str, int]:
    """Triples in each visible named graph, one count per graph (5.1M triples: 3 s, where
    one grouped count over every quad with the hidden graphs filtered out took 14 s)."""
    return {graph: store.triple_count(graph) for graph in sorted(store.graph_names())}


def instances_per_class(store: Store, base: str) -> dict[str, int]:
    """Instances per class over the data graphs (the parts of loaded datasets)."""
    rows = store.select(
        f"""PREFIX dct: <{DCT}>
        SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
          GRAPH <{catalog_iri(base)}> {{ ?dataset dct:hasPart ?g }}
          GRAPH ?g {{ ?s a ?class }}
        }} GROUP BY ?class ORDER BY DESC(?n) ?class"""
    )
    return {r["class"]: int(r["n"]) for r in rows}
