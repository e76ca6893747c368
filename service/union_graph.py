"""The default graph, materialised: one hidden graph holding the union of the data graphs.

The endpoint's default graph is the union of the data graphs (the catalog's `dct:hasPart`
graphs). Handed to Oxigraph as a list of graphs, that union is slow: each triple pattern is
looked up once per graph, and measured on 22 county graphs (0.9M triples) the named queries
ran 8–17× slower than over one graph. So the embedded store keeps a copy of the union in one
hidden graph, `UNION_GRAPH`, and answers a query whose default graph is exactly the data
graphs from that copy (plus the store's own default graph, which is not copied).

The copy is a cache, never the truth. `STATE_GRAPH` records which data graphs it holds; a
query uses the copy only when that record matches the data graphs it asks for, and falls
back to the list otherwise — so a copy that is stale, half-built or missing costs speed,
never a wrong answer. Loads update the copy in the generation they build (`refresh`); the
server's own writes (SPARQL Update, Graph Store) first drop the record, then write, then
rebuild (`rebuild`). The price: the data graphs are stored twice on disk, and a load or a
write of a data graph copies what it changed.
"""

from __future__ import annotations

import mmap
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

INTERNAL_PREFIX = "urn:x-lanka:internal:"  # graphs of the store's own bookkeeping, never shown
UNION_GRAPH = ox.NamedNode(f"{INTERNAL_PREFIX}union")
STATE_GRAPH = ox.NamedNode(f"{INTERNAL_PREFIX}union-state")
_COVERS = ox.NamedNode(f"{INTERNAL_PREFIX}covers")
_READY = ox.Quad(
    UNION_GRAPH,
    ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
    ox.NamedNode(f"{INTERNAL_PREFIX}UnionGraph"),
    STATE_GRAPH,
)
_REBUILD_SHARE = 0.5  # above this share of the copy changing, copying everything is cheaper


def data_graphs(store: ox.Store, catalog: str) -> frozenset[str]:
    """The data graphs the catalog graph `catalog` lists (see `service.catalog`)."""
    from ontology.namespaces import DCT  # here: query workers import this module, not rdflib

    query = f"SELECT DISTINCT ?g WHERE {{ GRAPH <{catalog}> {{ ?dataset <{DCT.hasPart}> ?g }} }}"
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    return frozenset(row["g"].value for row in solutions if isinstance(row["g"], ox.NamedNode))


def covered(store: ox.Store) -> frozenset[str] | None:
    """The data graphs the copy holds, or None when there is no complete copy."""
    quads = list(store.quads_for_pattern(UNION_GRAPH, None, None, STATE_GRAPH))
    if _READY not in quads:
        return None
    return frozenset(
        q.object.value
        for q in quads
        if q.predicate == _COVERS and isinstance(q.object, ox.NamedNode)
    )


def default_graph(
    store: ox.Store, graphs: Iterable[str], *, with_store_default: bool
) -> list[ox.NamedNode | ox.DefaultGraph]:
    """The default graph to hand Oxigraph for the union of `graphs`: the copy when it holds
    exactly those graphs, else the list itself (`with_store_default` adds the store's own
    default graph either way)."""
    wanted = frozenset(graphs)
    own: list[ox.NamedNode | ox.DefaultGraph] = [ox.DefaultGraph()] if with_store_default else []
    if wanted and covered(store) == wanted:
        return [UNION_GRAPH, *own]
    return [*own, *(ox.NamedNode(g) for g in sorted(wanted))]


def invalidate(store: ox.Store) -> None:
    """Drop the record before a write the copy does not follow: until `rebuild`, queries
    use the list of graphs."""
    store.remove_graph(STATE_GRAPH)


def rebuild(store: ox.Store, graphs: Iterable[str]) -> None:
    """Copy the union of `graphs` afresh, then record it."""
    invalidate(store)
    store.remove_graph(UNION_GRAPH)
    wanted = frozenset(graphs)
    for graph in sorted(wanted):
        _copy_graph(store, graph)
    _record(store, wanted)


def refresh(
    old: ox.Store | None,
    new: ox.Store,
    *,
    data: frozenset[str],
    replaced: set[str],
    staged: Mapping[str, Path],
) -> None:
    """Bring the copy in `new` (a generation being built) in line with its data graphs.

    `new` starts as a checkpoint of `old` (or empty, when `old` is None) with the `replaced`
    graphs removed and the `staged` files loaded. Only what changed is copied: the triples of
    graphs that left the union or were replaced are removed from the copy unless another data
    graph still has them, and the new graphs are added from their staged files. Nobody reads
    `new` before it is switched to, so none of this needs a transaction.
    """
    before = covered(new) if old is not None else None
    if old is None or before is None:
        _rebuild_from(new, data, staged)
        return
    leaving = (before & replaced) | (before - data)
    arriving = (data & replaced) | (data - before)
    if not leaving and not arriving:
        return
    invalidate(new)
    changed = sum(_size(old if g in replaced else new, g) for g in leaving)
    if changed > _REBUILD_SHARE * _size(new, UNION_GRAPH.value):
        _rebuild_from(new, data, staged)
        return
    for graph in sorted(leaving):
        source = old if graph in replaced else new
        _remove_unless_elsewhere(new, source, graph, data)
    for graph in sorted(arriving):
        _copy_graph(new, graph, staged.get(graph))
    _record(new, data)


def _rebuild_from(store: ox.Store, data: frozenset[str], staged: Mapping[str, Path]) -> None:
    invalidate(store)
    store.remove_graph(UNION_GRAPH)
    for graph in sorted(data):
        _copy_graph(store, graph, staged.get(graph))
    _record(store, data)


def _record(store: ox.Store, graphs: frozenset[str]) -> None:
    covers = [ox.Quad(UNION_GRAPH, _COVERS, ox.NamedNode(g), STATE_GRAPH) for g in graphs]
    store.extend([_READY, *covers])  # one transaction: the record appears whole


def _copy_graph(store: ox.Store, graph: str, staged: Path | None = None) -> None:
    """Add `graph` to the copy: by the bulk loader from an N-Triples file of it (its staged
    file, or a dump) when it has no blank nodes (the loader would rename them), else quad by
    quad, keeping their identity."""
    if staged is None:
        with tempfile.TemporaryDirectory(prefix="lanka-union-") as folder:
            dumped = Path(folder) / "graph.nt"
            store.dump(dumped, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
            _copy_graph(store, graph, dumped)
        return
    if not _has_blank_nodes(staged):
        store.bulk_load(path=str(staged), format=ox.RdfFormat.N_TRIPLES, to_graph=UNION_GRAPH)
        return
    quads = store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, UNION_GRAPH) for q in quads)


def _has_blank_nodes(path: Path) -> bool:
    """Whether an N-Triples file may hold a blank node (`_:` anywhere: a false alarm in a
    literal only costs the slower copy)."""
    if path.stat().st_size == 0:
        return False
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return data.find(b"_:") >= 0


def _remove_unless_elsewhere(
    store: ox.Store, source: ox.Store, graph: str, data: frozenset[str]
) -> None:
    """Remove from the copy in `store` each triple of `graph` as `source` has it, unless a
    data graph of `store` still holds it."""
    for quad in source.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
        holders = store.quads_for_pattern(quad.subject, quad.predicate, quad.object, None)
        if not any(
            isinstance(h.graph_name, ox.NamedNode) and h.graph_name.value in data for h in holders
        ):
            store.remove(ox.Quad(quad.subject, quad.predicate, quad.object, UNION_GRAPH))


def _size(store: ox.Store, graph: str) -> int:
    solutions = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert isinstance(solutions, ox.QuerySolutions)
    return int(next(iter(solutions))["n"].value)
