"""RDF files loaded as they are: Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML.

Parsing goes through Oxigraph's parsers, which never fetch anything: RDF/XML external
entities and JSON-LD remote contexts are not resolved, so a file cannot make the loader
reach the network or the local disk.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from loaders.errors import LoadError, Location, Problem
from ontology.namespaces import bind_prefixes

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


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph) -> Identifier:
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


def read_rdf_file(path: Path, default_graph: str) -> dict[str, Graph]:
    """Graph name → graph; triples outside a named graph go to `default_graph`."""
    where = Location(str(path))
    data = path.read_bytes()
    if not data.strip():
        raise LoadError([Problem(where, "tiedosto on tyhjä", "the file is empty")])
    graphs: dict[str, Graph] = {}
    try:
        for quad in ox.parse(
            data, format=RDF_SUFFIXES[path.suffix.lower()], base_iri=path.resolve().as_uri()
        ):
            name = (
                quad.graph_name.value
                if isinstance(quad.graph_name, ox.NamedNode)
                else default_graph
            )
            graph = graphs.get(name)
            if graph is None:
                graph = graphs[name] = bind_prefixes(Graph())
            graph.add(
                (
                    to_rdflib(quad.subject),
                    to_rdflib(quad.predicate),
                    to_rdflib(quad.object),
                )
            )
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
    if not graphs:
        raise LoadError(
            [Problem(where, "tiedostossa ei ole yhtään kolmikkoa", "the file holds no triples")]
        )
    return graphs
