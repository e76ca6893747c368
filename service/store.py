"""The store: one small interface, an embedded on-disk Oxigraph behind it.

Everything above this module speaks SPARQL 1.1 and whole graphs, so a remote SPARQL server
can stand in for the embedded store. Graph replacement is all or nothing: new graphs are
written to staging graphs first, then one SPARQL Update (one Oxigraph transaction) swaps
them in. A load killed half-way leaves only staging graphs behind, which readers never see
and the next load removes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Identifier

from loaders.errors import StoreError
from loaders.rdf_files import to_oxigraph, to_rdflib
from ontology.namespaces import PREFIXES

STAGING_PREFIX = "urn:x-lanka:staging:"

EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
QUAD_FORMATS = {"nq", "trig", "jsonld"}
PREFIXED_FORMATS = {"ttl", "trig", "rdfxml"}


class Store(Protocol):
    """What the service needs of a store; the embedded one and a remote one both provide it."""

    def ask(self, query: str) -> bool: ...

    def select(self, query: str) -> list[dict[str, str]]: ...

    def select_rows(
        self,
        query: str,
        *,
        bindings: Mapping[str, Identifier] | None = None,
        default_graphs: list[str] | None = None,
    ) -> tuple[list[str], list[dict[str, Identifier]]]: ...

    def graph_names(self) -> list[str]: ...

    def triple_count(self, graph: str | None = None) -> int: ...

    def replace_graphs(
        self, graphs: Mapping[str, Graph], drop: list[str] | None = None
    ) -> None: ...

    def export(self, fmt: str, graph: str | None = None) -> bytes: ...

    def discard_staging(self) -> None: ...

    def stage(self, graph: Graph) -> str: ...

    def commit(self, staged: Mapping[str, str], drop: list[str] | None = None) -> None: ...

    def close(self) -> None: ...


def _term_text(term: object) -> str:
    return str(term.value) if hasattr(term, "value") else str(term)


class EmbeddedStore:
    """Oxigraph on disk (or in memory when `path` is None, for tests)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        try:
            if path is None:
                self._store = ox.Store()
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            raise StoreError(
                f"tietovarastoa {path} ei voi avata (onko palvelin jo käynnissä?): {exc}",
                f"cannot open the store {path} (is the server already running?): {exc}",
            ) from None

    # reading
    def ask(self, query: str) -> bool:
        result = self._store.query(query)
        return bool(result)

    def select(self, query: str) -> list[dict[str, str]]:
        solutions = self._store.query(query)
        if not isinstance(solutions, ox.QuerySolutions):
            raise TypeError("select() needs a SELECT query")
        names = [v.value for v in solutions.variables]
        return [
            {name: _term_text(row[name]) for name in names if row[name] is not None}
            for row in solutions
        ]

    def select_rows(
        self,
        query: str,
        *,
        bindings: Mapping[str, Identifier] | None = None,
        default_graphs: list[str] | None = None,
    ) -> tuple[list[str], list[dict[str, Identifier]]]:
        """A SELECT with variables bound to typed terms (SEP-0007) over the given default graph.

        `default_graphs=[]` means an empty default graph; None means the store's own.
        """
        options: dict[str, Any] = {}
        if bindings:
            options["substitutions"] = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
        if default_graphs is not None:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs] or [
                ox.NamedNode(f"{STAGING_PREFIX}empty")
            ]
        solutions = self._store.query(query, **options)
        if not isinstance(solutions, ox.QuerySolutions):
            raise TypeError("select_rows() needs a SELECT query")
        names = [v.value for v in solutions.variables]
        rows = [
            {name: to_rdflib(row[name]) for name in names if row[name] is not None}
            for row in solutions
        ]
        return names, rows

    def graph_names(self) -> list[str]:
        return sorted(
            g.value for g in self._store.named_graphs() if not g.value.startswith(STAGING_PREFIX)
        )

    def triple_count(self, graph: str | None = None) -> int:
        if graph is None:
            return sum(self.triple_count(g) for g in self.graph_names())
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def export(self, fmt: str, graph: str | None = None) -> bytes:
        rdf_format = EXPORT_FORMATS[fmt]
        options: dict[str, Any] = {"prefixes": PREFIXES} if fmt in PREFIXED_FORMATS else {}
        if graph is not None:
            if not self._store.contains_named_graph(ox.NamedNode(graph)):
                raise StoreError(f"graafia {graph} ei ole", f"there is no graph {graph}")
            if fmt in QUAD_FORMATS and fmt != "jsonld":
                quads = self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
                return ox.serialize(quads, format=rdf_format, **options) or b""
            return (
                self._store.dump(format=rdf_format, from_graph=ox.NamedNode(graph), **options)
                or b""
            )
        if fmt not in QUAD_FORMATS:
            raise StoreError(
                f"muoto {fmt} ei tallenna nimettyjä graafeja: valitse --graph tai nq/trig",
                f"format {fmt} cannot hold named graphs: pick --graph or nq/trig",
            )
        quads = self._store.quads_for_pattern(None, None, None, None)
        return ox.serialize(_committed(quads), format=rdf_format, **options) or b""

    # writing
    def replace_graphs(self, graphs: Mapping[str, Graph], drop: list[str] | None = None) -> None:
        """Swap in `graphs` (and drop `drop`) in one transaction; readers see old or new."""
        self.discard_staging()
        self.commit({name: self.stage(graph) for name, graph in graphs.items()}, drop)

    def stage(self, graph: Graph) -> str:
        """Write a graph to a fresh staging graph, invisible to readers; returns its name."""
        staging = f"{STAGING_PREFIX}{uuid.uuid4()}"
        data = graph.serialize(format="nt", encoding="utf-8")
        self._store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(staging))
        return staging

    def commit(self, staged: Mapping[str, str], drop: list[str] | None = None) -> None:
        """Move staged graphs over their targets (and drop `drop`) in one SPARQL Update."""
        operations = [f"DROP SILENT GRAPH <{name}>" for name in (drop or [])]
        for name, staging in staged.items():
            operations += [
                f"DROP SILENT GRAPH <{name}>",
                f"ADD SILENT GRAPH <{staging}> TO GRAPH <{name}>",
                f"DROP SILENT GRAPH <{staging}>",
            ]
        if operations:
            self._store.update(" ;\n".join(operations))
        self._store.flush()

    def discard_staging(self) -> None:
        """Remove what an interrupted load left behind."""
        for graph in list(self._store.named_graphs()):
            if graph.value.startswith(STAGING_PREFIX):
                self._store.remove_graph(graph)

    def close(self) -> None:
        self._store.flush()


def _committed(quads: Iterator[ox.Quad]) -> Iterator[ox.Quad]:
    """Quads of named graphs other than staging ones."""
    return (
        q
        for q in quads
        if isinstance(q.graph_name, ox.NamedNode)
        and not q.graph_name.value.startswith(STAGING_PREFIX)
    )
