"""RDF files loaded as they are: Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML.

Parsing goes through Oxigraph's parsers, which never fetch anything: RDF/XML external
entities and JSON-LD remote contexts are not resolved, so a file cannot make the loader
reach the network or the local disk.

The graphs hold the triples as Oxigraph parsed them (`OxigraphTriples`): a load stages them
with Oxigraph's own serializer (`loaders.ntriples`) and never turns them into rdflib terms,
which cost most of the time and memory of loading a large file (`lanka load` of 0.9M
triples of N-Quads, store included: 51 s and 1.38 GB before, 20 s and 0.44 GB after).
Read through rdflib, a graph converts its triples once, as rdflib terms, in which typed
literals take rdflib's canonical form ("01" as "1" for an `xsd:integer`); the staged file
keeps each literal as the file wrote it, and the store canonicalises the ones it knows, as
rdflib did.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.term import Identifier

from loaders.errors import LoadError, Location, Problem
from loaders.graphs import graph_on

if TYPE_CHECKING:
    from rdflib.graph import _ContextType, _TriplePatternType, _TripleType

RDF_SUFFIXES: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}


def is_rdf_file(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in RDF_SUFFIXES


@lru_cache(maxsize=1 << 16)
def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph) -> Identifier:
    """The rdflib term of an Oxigraph term. Kept for the terms seen last: query results
    repeat their IRIs, and making rdflib terms (checking each IRI, casting each literal) was
    half of reading a county's shapes and validation context out of the store."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


class OxigraphTriples(SimpleMemory):
    """An rdflib store over triples parsed by Oxigraph, converted to rdflib terms only when
    read or changed through rdflib: then once, into the indexes this class inherits, which
    from then on hold the truth (`parsed` is emptied and `converted` set)."""

    def __init__(self) -> None:
        super().__init__()
        self.parsed: dict[ox.Triple, None] = {}  # an ordered set
        self.converted = False

    def _convert(self) -> None:
        if not self.converted:
            self.converted = True
            for t in self.parsed:
                s, p, o = t.subject, t.predicate, t.object
                triple = (to_rdflib(s), to_rdflib(p), to_rdflib(o))
                super().add(triple, None)  # type: ignore[arg-type]
            self.parsed = {}

    def add(self, triple: _TripleType, context: _ContextType, quoted: bool = False) -> None:
        self._convert()
        super().add(triple, context, quoted)

    def remove(
        self, triple_pattern: _TriplePatternType, context: _ContextType | None = None
    ) -> None:
        self._convert()
        super().remove(triple_pattern, context)

    def triples(
        self, triple_pattern: _TriplePatternType, context: _ContextType | None = None
    ) -> Iterator[tuple[_TripleType, Iterator[_ContextType | None]]]:
        self._convert()
        return super().triples(triple_pattern, context)

    def __len__(self, context: _ContextType | None = None) -> int:
        return super().__len__(context) if self.converted else len(self.parsed)


def _blank(path: Path) -> bool:
    """Whether the file holds nothing but white space (read a block at a time)."""
    with path.open("rb") as file:
        return not any(block.strip() for block in iter(lambda: file.read(1 << 20), b""))


def read_rdf_file(path: Path, default_graph: str) -> dict[str, Graph]:
    """Graph name → graph; triples outside a named graph go to `default_graph`."""
    where = Location(str(path))
    if _blank(path):
        raise LoadError([Problem(where, "tiedosto on tyhjä", "the file is empty")])
    parsed: dict[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, dict[ox.Triple, None]] = {}
    try:  # parsed from the path, streamed: the file's bytes are never all in memory
        for quad in ox.parse(
            path=str(path),
            format=RDF_SUFFIXES[path.suffix.lower()],
            base_iri=path.resolve().as_uri(),
            rename_blank_nodes=True,  # unique labels: staged graphs of all files share a load
        ):
            triples = parsed.get(quad.graph_name)
            if triples is None:
                triples = parsed[quad.graph_name] = {}
            triples[quad.triple] = None
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
    except (UnicodeDecodeError, ValueError) as exc:
        raise LoadError(
            [Problem(where, f"tiedostoa ei voi lukea: {exc}", f"cannot read the file: {exc}")]
        ) from None
    if not parsed:
        raise LoadError(
            [Problem(where, "tiedostossa ei ole yhtään kolmikkoa", "the file holds no triples")]
        )
    graphs: dict[str, Graph] = {}
    for graph_name, triples in parsed.items():
        name = graph_name.value if isinstance(graph_name, ox.NamedNode) else default_graph
        graph = graphs.get(name)
        if graph is None:  # the store takes the parsed triples over, uncopied
            store = OxigraphTriples()
            store.parsed = triples
            graphs[name] = graph_on(store)
        else:  # blank-node graph names join the default graph
            assert isinstance(graph.store, OxigraphTriples)
            graph.store.parsed.update(triples)
    return graphs
