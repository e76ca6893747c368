"""The default graph, materialised: the store's default graph holds the union of the data graphs.

The endpoint's default graph is the union of the data graphs (the catalog's `dct:hasPart`
graphs). Handed to Oxigraph as a list of graphs, that union is slow: each triple pattern is
looked up once per graph, and measured on 22 county graphs (0.9M triples) the named queries
ran 8–17× slower than over one graph. So the embedded store keeps a copy of the union in its
real default graph, which Oxigraph indexes three ways (dspo, dpos, dosp) where it indexes a
named graph's quads six ways: a load writes about 40% less than with the copy in a graph of
its own, as this module did before.

The store's default graph is also where users write triples with SPARQL Update or the Graph
Store Protocol (`?default`): its "own" triples. Two states keep what users see of it exactly
what it was before the copy moved in:

- valid (`STATE_GRAPH` holds the record of which data graphs the copy covers): the default
  graph is the copy plus the own triples, and the own triples are kept apart as well, in the
  hidden graph `OWN_GRAPH`. Everything that reads the default graph as a user means it (the
  Graph Store's `?default`, an export, `select_rows` over the store's own default graph)
  reads `OWN_GRAPH` (`own_default`).
- invalid (no record): the default graph holds the own triples only; `OWN_GRAPH` is dropped.

A server write first makes the store invalid (`invalidate`: the default graph becomes the own
triples again, in one transaction), so a SPARQL Update, run unchanged, sees and writes the
default graph exactly as before; then `rebuild` keeps the own triples aside in `OWN_GRAPH`
and copies the union into the default graph in one transaction. A query uses the default
graph alone only when the record covers exactly the data graphs it asks for, and falls back
to the list of graphs (plus the own triples) otherwise — so a copy that is stale, half-built
or missing costs speed, never a wrong answer. Loads update the copy in the generation they
build (`Refresh`: only what changed). A store made when the copy lived in a named graph of
its own (`LEGACY_UNION_GRAPH`) has no record this module recognises, and is converted when
opened: on disk written anew as a load writes a generation (`has_legacy_copy`; removing
that graph in place would be one transaction of its size), else by `copy_afresh`. The
price: the data graphs are stored twice on disk, a load copies what it adds with the bulk
loader, and every server write of the default graph or a data graph costs a copy of all
the data graphs.
"""

from __future__ import annotations

import mmap
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

INTERNAL_PREFIX = "urn:x-lanka:internal:"  # graphs of the store's own bookkeeping, never shown
OWN_GRAPH = ox.NamedNode(f"{INTERNAL_PREFIX}default")  # the own default triples, while valid
STATE_GRAPH = ox.NamedNode(f"{INTERNAL_PREFIX}union-state")
LEGACY_UNION_GRAPH = ox.NamedNode(f"{INTERNAL_PREFIX}union")  # where the copy used to live
_COPY = ox.NamedNode(f"{INTERNAL_PREFIX}default-union")  # the record's subject
_COVERS = ox.NamedNode(f"{INTERNAL_PREFIX}covers")
_READY = ox.Quad(
    _COPY,
    ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
    ox.NamedNode(f"{INTERNAL_PREFIX}DefaultGraphUnion"),
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


def is_valid(store: ox.Store) -> bool:
    """Whether the default graph holds the copy (and `OWN_GRAPH` the own triples)."""
    return _READY in store


def has_legacy_copy(store: ox.Store) -> bool:
    """Whether the store was made when the copy lived in `LEGACY_UNION_GRAPH`."""
    return store.contains_named_graph(LEGACY_UNION_GRAPH)


def covered(store: ox.Store) -> frozenset[str] | None:
    """The data graphs the copy holds, or None when there is no complete copy."""
    quads = list(store.quads_for_pattern(_COPY, None, None, STATE_GRAPH))
    if _READY not in quads:
        return None
    return frozenset(
        q.object.value
        for q in quads
        if q.predicate == _COVERS and isinstance(q.object, ox.NamedNode)
    )


def own_default(store: ox.Store) -> ox.NamedNode | ox.DefaultGraph:
    """Where the triples users wrote to the default graph are: what a user reading the
    store's default graph means (not the copy)."""
    return OWN_GRAPH if is_valid(store) else ox.DefaultGraph()


def _is_empty(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> bool:
    return next(store.quads_for_pattern(None, None, None, graph), None) is None


def default_graph(
    store: ox.Store, graphs: Iterable[str], *, with_store_default: bool
) -> list[ox.NamedNode | ox.DefaultGraph]:
    """The default graph to hand Oxigraph for the union of `graphs` (`with_store_default`:
    and the own default triples): the store's default graph when its copy holds exactly
    those graphs and it holds nothing more than asked for, else the list itself."""
    wanted = frozenset(graphs)
    own = own_default(store)
    own_empty = _is_empty(store, own)
    if covered(store) == wanted and (with_store_default or own_empty):
        return [ox.DefaultGraph()]
    extra = [own] if with_store_default and not own_empty else []  # one graph is faster
    return [*extra, *(ox.NamedNode(g) for g in sorted(wanted))]


def _own_back(store: ox.Store) -> str:
    """The SPARQL Update operations that make the default graph the own triples alone
    again, when it holds the copy too."""
    if not is_valid(store):
        return ""
    return f"DROP SILENT DEFAULT ;\nADD SILENT GRAPH <{OWN_GRAPH.value}> TO DEFAULT ;\n"


_FORGET = f"DROP SILENT GRAPH <{OWN_GRAPH.value}> ;\nDROP SILENT GRAPH <{STATE_GRAPH.value}>"


def invalidate(store: ox.Store) -> None:
    """Before a write the copy does not follow, in one transaction: the default graph
    becomes the own triples alone (what a write of it means) and the record goes, so until
    `rebuild`, queries use the list of graphs."""
    store.update(_own_back(store) + _FORGET)


def rebuild(store: ox.Store, graphs: Iterable[str]) -> None:
    """Copy the union of `graphs` into the default graph afresh in one SPARQL Update (one
    transaction: readers see the whole new copy or none), with its record; the own triples
    kept aside in `OWN_GRAPH`.

    For the server's own writes; Oxigraph holds a transaction in memory, so this is for a
    county's data, not a national store (loads there go through `Refresh`).
    """
    wanted = sorted(frozenset(graphs))
    values = " ".join(f"<{g}>" for g in wanted)
    union = f"GRAPH ?g {{ ?s ?p ?o }} VALUES ?g {{ {values} }}"
    store.update(
        _own_back(store)
        + f"{_FORGET} ;\n"
        + f"ADD SILENT DEFAULT TO GRAPH <{OWN_GRAPH.value}> ;\n"
        + (f"INSERT {{ ?s ?p ?o }} WHERE {{ {union} }} ;\n" if wanted else "")
        + _record_update(wanted)
    )


def copy_afresh(store: ox.Store, graphs: Iterable[str], staged: Mapping[str, Path]) -> None:
    """Copy the union of `graphs` with the bulk loader (from staged files where there are
    some), outside any transaction, the own triples kept aside in `OWN_GRAPH`: for a store
    nobody reads yet, or one opened without a copy (a store whose copy is in
    `LEGACY_UNION_GRAPH` is converted so)."""
    invalidate(store)
    store.remove_graph(LEGACY_UNION_GRAPH)
    store.update(f"ADD SILENT DEFAULT TO GRAPH <{OWN_GRAPH.value}>")
    wanted = frozenset(graphs)
    for graph in sorted(wanted):
        _copy_graph(store, graph, staged.get(graph))
    record(store, wanted)


class Refresh:
    """The copy's part in building a store generation from a checkpoint of the current one
    (`service.next_generation`).

    The checkpoint holds the current copy. Before the replaced graphs are removed from it,
    `before_removal` drops the record and takes out of the copy every triple of a graph
    that leaves the union or is replaced, unless a data graph that stays as it is, or the
    own default triples, still hold it (one SPARQL Update, in the size of what changes); the
    load then puts the new graphs in place together with their part of the copy (`copied`
    names which), and `finish` copies the rest and records. Nobody reads the generation
    before the switch, so the steps need no transaction between them. With no copy to start
    from, `finish` makes it afresh.
    """

    def __init__(self, store: ox.Store, data: frozenset[str], replaced: set[str]) -> None:
        self.store, self.data, self.replaced = store, data, replaced
        self.before = covered(store)

    def before_removal(self) -> None:
        if self.before is None:
            return
        leaving = (self.before & self.replaced) | (self.before - self.data)
        self.store.remove_graph(STATE_GRAPH)  # the copy stays where it is, unrecorded
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
    """Remove from the copy every triple of `graphs` that none of the graphs `keep` holds,
    nor the own default triples (one SPARQL Update, in the size of `graphs`)."""
    leaving = sorted(frozenset(graphs))
    if not leaving:
        return
    holders = ", ".join(f"<{g}>" for g in [*sorted(frozenset(keep)), OWN_GRAPH.value])
    # ?h left open inside, then filtered: one look-up finds every graph holding the triple
    store.update(
        f"DELETE {{ ?s ?p ?o }} WHERE {{ "
        f"VALUES ?g {{ {' '.join(f'<{g}>' for g in leaving)} }} "
        f"GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h IN ({holders})) }} }}"
    )


def record(store: ox.Store, graphs: frozenset[str]) -> None:
    """Record that the default graph holds exactly the union of `graphs` and the own
    triples, which `OWN_GRAPH` holds too."""
    store.update(_record_update(sorted(graphs)))  # one transaction: the record appears whole


def _record_update(graphs: Iterable[str]) -> str:
    """The record of the copy holding the union of `graphs`, as a SPARQL Update."""
    covers = " ".join(f"{_COPY} {_COVERS} <{g}> ." for g in graphs)
    ready = f"{_READY.subject} {_READY.predicate} {_READY.object} ."
    return f"INSERT DATA {{ GRAPH {STATE_GRAPH} {{ {ready} {covers} }} }}"


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
        store.bulk_load(path=str(staged), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
        return
    quads = store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)


def _has_blank_nodes(path: Path) -> bool:
    """Whether an N-Triples file may hold a blank node (`_:` anywhere: a false alarm in a
    literal only costs the slower copy)."""
    if path.stat().st_size == 0:
        return False
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return data.find(b"_:") >= 0
