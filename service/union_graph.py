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
never a wrong answer. Loads update the copy in the generation they build (`Refresh`: only
what changed); the server's own writes of data graphs (SPARQL Update, Graph Store) drop the
record, write, and copy the union again in one transaction (`rebuild`). The price: the data
graphs are stored twice on disk, a load copies what it adds with the bulk loader, and a
server write of a data graph costs a copy of all of them.
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


def data_graphs_query(catalog: str) -> str:
    """The query for the data graphs the catalog graph `catalog` lists (`service.catalog`)."""
    from ontology.namespaces import DCT  # here: query workers import this module, not rdflib

    return f"SELECT DISTINCT ?g WHERE {{ GRAPH <{catalog}> {{ ?dataset <{DCT.hasPart}> ?g }} }}"


def data_graphs(store: ox.Store, catalog: str) -> frozenset[str]:
    """The data graphs the catalog graph `catalog` lists."""
    solutions = store.query(data_graphs_query(catalog))
    assert isinstance(solutions, ox.QuerySolutions)
    return frozenset(row["g"].value for row in solutions if isinstance(row["g"], ox.NamedNode))


def data_graphs_after(store: ox.Store, catalog: str, staged_catalog: Path | None) -> frozenset[str]:
    """The data graphs once a load is done: from the catalog it stages, if it stages one."""
    if staged_catalog is None:
        return data_graphs(store, catalog)
    from ontology.namespaces import DCT

    triples = ox.parse(path=str(staged_catalog), format=ox.RdfFormat.N_TRIPLES)
    return frozenset(
        t.object.value
        for t in triples
        if t.predicate.value == str(DCT.hasPart) and isinstance(t.object, ox.NamedNode)
    )


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
    default graph either way, when it holds anything)."""
    wanted = frozenset(graphs)
    own: list[ox.NamedNode | ox.DefaultGraph] = []
    if with_store_default and next(
        store.quads_for_pattern(None, None, None, ox.DefaultGraph()), None
    ):
        own = [ox.DefaultGraph()]  # left out when empty, as it mostly is: one graph is faster
    if wanted and covered(store) == wanted:
        return [UNION_GRAPH, *own]
    return [*own, *(ox.NamedNode(g) for g in sorted(wanted))]


def invalidate(store: ox.Store) -> None:
    """Drop the record before a write the copy does not follow: until it is rebuilt,
    queries use the list of graphs."""
    store.remove_graph(STATE_GRAPH)


def rebuild(store: ox.Store, graphs: Iterable[str]) -> None:
    """Copy the union of `graphs` afresh in one SPARQL Update (one transaction: readers
    see the old copy or the new one), with its record.

    For the server's own writes; Oxigraph holds a transaction in memory, so this is for a
    county's data, not a national store (loads there go through `Refresh`).
    """
    wanted = sorted(frozenset(graphs))
    values = " ".join(f"<{g}>" for g in wanted)
    covers = " ".join(f"<{UNION_GRAPH.value}> <{_COVERS.value}> <{g}> ." for g in wanted)
    ready = f"{_READY.subject} {_READY.predicate} {_READY.object} ."
    store.update(
        f"DROP SILENT GRAPH <{UNION_GRAPH.value}> ;\n"
        f"DROP SILENT GRAPH <{STATE_GRAPH.value}> ;\n"
        + (
            f"INSERT {{ GRAPH <{UNION_GRAPH.value}> {{ ?s ?p ?o }} }} "
            f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }} VALUES ?g {{ {values} }} }} ;\n"
            if wanted
            else ""
        )
        + f"INSERT DATA {{ GRAPH <{STATE_GRAPH.value}> {{ {ready} {covers} }} }}"
    )


def copy_afresh(store: ox.Store, graphs: Iterable[str], staged: Mapping[str, Path]) -> None:
    """Copy the union of `graphs` with the bulk loader (from staged files where there are
    some), outside any transaction: for a store nobody reads yet, or one opened without a
    copy."""
    invalidate(store)
    store.remove_graph(UNION_GRAPH)
    wanted = frozenset(graphs)
    for graph in sorted(wanted):
        _copy_graph(store, graph, staged.get(graph))
    record(store, wanted)


class Refresh:
    """The copy's part in building a store generation from a checkpoint of the current one
    (`service.next_generation`).

    The checkpoint holds the current copy. Before the replaced graphs are removed from it,
    `before_removal` takes out of the copy every triple of a graph that leaves the union or
    is replaced, unless a data graph that stays as it is still holds it (one SPARQL Update,
    in the size of what changes); the load then puts the new graphs in place together with
    their part of the copy (`copied` names which), and `finish` copies the rest and records.
    Nobody reads the generation before the switch, so the steps need no transaction between
    them. With no copy to start from, `finish` makes it afresh.
    """

    def __init__(self, store: ox.Store, data: frozenset[str], replaced: set[str]) -> None:
        self.store, self.data, self.replaced = store, data, replaced
        self.before = covered(store)

    def before_removal(self) -> None:
        if self.before is None:
            return
        leaving = (self.before & self.replaced) | (self.before - self.data)
        invalidate(self.store)
        take_out(self.store, leaving, self.data - self.replaced)

    def copied(self) -> frozenset[str] | None:
        """The graphs the load adds to the copy (their new content, once loaded), or None
        when there is no copy to keep up: `finish` makes it afresh."""
        if self.before is None:
            return None
        return (self.data & self.replaced) | (self.data - self.before)

    def finish(self, loaded: Iterable[str]) -> None:
        """Once the load has put the new graphs and their part of the copy in place: copy
        the graphs the load did not bring (a kept graph joining the union) and record."""
        wanted = self.copied()
        if wanted is None:
            copy_afresh(self.store, self.data, {})
            return
        for graph in sorted(wanted - frozenset(loaded)):
            _copy_graph(self.store, graph)
        record(self.store, self.data)


def take_out(store: ox.Store, graphs: Iterable[str], keep: Iterable[str]) -> None:
    """Remove from the copy every triple of `graphs` that none of the graphs `keep` holds
    (one SPARQL Update, in the size of `graphs`)."""
    leaving, staying = sorted(frozenset(graphs)), sorted(frozenset(keep))
    if not leaving:
        return
    kept = ", ".join(f"<{g}>" for g in staying)
    # ?h left open inside, then filtered: one look-up finds every graph holding the triple
    holders = (
        f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h IN ({kept})) }}" if staying else ""
    )
    store.update(
        f"DELETE {{ GRAPH <{UNION_GRAPH.value}> {{ ?s ?p ?o }} }} WHERE {{ "
        f"VALUES ?g {{ {' '.join(f'<{g}>' for g in leaving)} }} "
        f"GRAPH ?g {{ ?s ?p ?o }} {holders} }}"
    )


def record(store: ox.Store, graphs: frozenset[str]) -> None:
    """Record that the copy holds exactly the union of `graphs`."""
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
