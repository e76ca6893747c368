"""The data a validation reads: the union of some named graphs, queried with SPARQL.

Both engines read the same terms. Files are parsed into one in-memory graph; the embedded
store is queried where it is (`service.validation.run`); the fast path queries the data
there, pySHACL gets an rdflib copy made by one query over it, so literals (as Oxigraph keeps
them) and blank node labels are identical in both reports.

N-Triples and N-Quads are parsed leniently: Oxigraph then checks the syntax's grammar but not
that each IRI is a well-formed RFC 3987 IRI nor each language tag a well-formed BCP 47 tag,
the checks that take a third of the time of reading a big file. rdflib, which pySHACL reads
files with, does not make them either, and the terms of valid data are the same either way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import XSD
from rdflib.term import Identifier

from loaders.errors import LoadError, Location, Problem
from loaders.rdf_files import RDF_SUFFIXES, to_oxigraph
from ontology.namespaces import bind_prefixes
from service.store import Store, solution_rows
from service.validation.reads import Reads
from service.validation.unread import load_ntriples

# Formats that may hold named graphs.
_QUAD_FORMATS = {ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD}
# Formats of one triple per line, read leniently (see above).
_LINE_FORMATS = {ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS}
UNION = "urn:x-lanka:validation:data"
_EMPTY_GRAPH = "urn:x-lanka:validation:empty"


class SparqlSource(Protocol):
    """What validation needs of a store: SELECT with typed terms over chosen graphs."""

    def select_rows(
        self,
        query: str,
        *,
        bindings: Mapping[str, Identifier] | None = None,
        default_graphs: list[str] | None = None,
    ) -> tuple[list[str], list[dict[str, Identifier]]]: ...


def plain(term: Identifier) -> Identifier:
    """`"a"^^xsd:string` as plain `"a"`: one RDF 1.1 term, which rdflib compares unequal."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


@dataclass
class DataView:
    """The union of `graphs` of `source`: what a validation reads."""

    source: SparqlSource
    graphs: list[str]

    def rows(self, query: str) -> list[dict[str, Identifier]]:
        _names, rows = self.source.select_rows(query, default_graphs=self.graphs)
        return [{name: plain(term) for name, term in row.items()} for row in rows]

    def rdflib_graph(self) -> Graph:
        """An rdflib copy of the union (for pySHACL); duplicates across graphs collapse."""
        graph = bind_prefixes(Graph())
        for row in self.rows("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"):
            graph.add((row["s"], row["p"], row["o"]))
        return graph


class MemorySource:
    """An in-memory Oxigraph holding one graph: the union of what is to be validated.

    Files are parsed into it; a remote store's data graphs are copied into it (the embedded
    store is queried where it is, over its own one-graph copy of the union). One graph, not a
    union of many, because Oxigraph answers the compiled queries over a single graph several
    times faster than over a default graph made of many.
    """

    def __init__(self) -> None:
        self._store = ox.Store()

    def view(self) -> DataView:
        """The data, named `UNION`: it is the Oxigraph store's default graph (loading into it
        costs less than into a named graph)."""
        return DataView(self, [UNION])

    def add_graph(self, graph: Graph) -> None:
        self.add_ntriples(graph.serialize(format="nt", encoding="utf-8"))

    def add_ntriples(self, data: bytes) -> None:
        """N-Triples from a store's export or a graph's serialisation: valid by construction."""
        self._store.load(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)

    def add_file(self, path: Path, reads: Reads | None = None) -> None:
        """Parse an RDF file in any syntax the loaders read; a problem raises `LoadError`.

        The triples of all its graphs (for TriG, N-Quads and JSON-LD) join the union. With
        `reads` (the triples the checks read), N-Triples lines of other triples may be left out
        (`service.validation.unread`).
        """
        where = Location(str(path))
        rdf_format = RDF_SUFFIXES.get(path.suffix.lower())
        if rdf_format is None:
            raise LoadError(
                [Problem(where, "tuntematon RDF-muoto", "unknown RDF syntax (file name suffix)")]
            )
        base = path.resolve().as_uri()
        lenient = rdf_format in _LINE_FORMATS
        try:
            if rdf_format in _QUAD_FORMATS:
                quads = ox.parse(path=str(path), format=rdf_format, base_iri=base, lenient=lenient)
                self._store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
            elif reads is not None and rdf_format == ox.RdfFormat.N_TRIPLES:
                load_ntriples(self._store, path, base, reads)
            else:
                self._store.load(path=str(path), format=rdf_format, base_iri=base, lenient=lenient)
        except SyntaxError as exc:
            line = getattr(exc, "lineno", 0) or 0
            raise LoadError(
                [
                    Problem(
                        Location(str(path), row=line),
                        f"RDF-syntaksivirhe: {exc.msg}",
                        f"RDF syntax error: {exc.msg}",
                    )
                ]
            ) from None
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise LoadError(
                [Problem(where, f"tiedostoa ei voi lukea: {exc}", f"cannot read the file: {exc}")]
            ) from None

    def select_rows(
        self,
        query: str,
        *,
        bindings: Mapping[str, Identifier] | None = None,
        default_graphs: list[str] | None = None,
    ) -> tuple[list[str], list[dict[str, Identifier]]]:
        options: dict[str, Any] = {}
        if bindings:
            options["substitutions"] = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
        if default_graphs is not None and UNION not in default_graphs:
            options["default_graph"] = [ox.NamedNode(_EMPTY_GRAPH)]  # none of this source's
        return solution_rows(self._store.query(query, **options))


def copy_of(store: Store, graphs: list[str]) -> MemorySource:
    """The union of the store's `graphs`, copied into memory (one read of each graph), for a
    remote store, so that the checks do not each travel to it."""
    memory = MemorySource()
    for name in graphs:
        memory.add_ntriples(store.export("nt", name))
    return memory
