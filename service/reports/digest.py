"""A content digest of the data graphs: the same data gives the same digest, in any store.

The digest is the sha256 of the sorted N-Quads lines of every data graph (the parts of the
loaded datasets, curated alignments included). Load times and the catalog are left out, so
loading the same sources again, or into another store, gives the same digest. A graph with
blank nodes is written in rdflib's canonical form first, since blank node labels are not
stable between loads.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph

from loaders.rdf_files import to_rdflib
from service.catalog import data_graphs
from service.store import Store


def _has_blank_nodes(quads: list[ox.Quad]) -> bool:
    return any(
        isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads
    )


def _canonical_lines(quads: list[ox.Quad], graph: str) -> list[bytes]:
    triples = Graph()
    for quad in quads:
        subject, value = quad.subject, quad.object
        if isinstance(subject, ox.Triple) or isinstance(value, ox.Triple):
            continue  # RDF-star quoted triples are not loaded by lanka
        triples.add((to_rdflib(subject), to_rdflib(quad.predicate), to_rdflib(value)))
    name = URIRef(graph).n3()
    lines = []
    for s, p, o in to_canonical_graph(triples):
        lines.append(f"{s.n3()} {p.n3()} {o.n3()} {name} .".encode())
    return lines


def graph_lines(store: Store, graph: str) -> list[bytes]:
    """The graph's statements as N-Quads lines, blank nodes canonicalised."""
    body = store.export("nq", graph)
    quads = list(ox.parse(body, format=ox.RdfFormat.N_QUADS))
    if _has_blank_nodes(quads):
        return _canonical_lines(quads, graph)
    return [line for line in body.splitlines() if line.strip()]


def content_digest(store: Store, base: str) -> tuple[str, int]:
    """`sha256:<hex>` over the data graphs, and how many graphs it covers."""
    graphs = data_graphs(store, base)
    lines: list[bytes] = []
    for graph in graphs:
        lines.extend(graph_lines(store, graph))
    digest = hashlib.sha256()
    for line in sorted(lines):
        digest.update(line.rstrip() + b"\n")
    return f"sha256:{digest.hexdigest()}", len(graphs)
