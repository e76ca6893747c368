"""Where shapes come from: the packaged `shapes/*.ttl`, the store's shapes graph, or files.

The packaged shapes state IRI patterns under the default base IRI (they equal
`ontology.iris` patterns); under another `LANKA_BASE_IRI` the patterns are rewritten to it, so
the same shapes check a deployment's own IRIs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import cached_property
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from loaders.errors import LoadError, Location, Problem
from loaders.rdf_files import read_rdf_file, to_rdflib
from ontology import iris
from ontology.namespaces import DEFAULT_BASE_IRI, bind_prefixes
from service.store import Store

Triple = tuple[Node, Node, Node]


def normalised(shapes: Iterable[Triple], base: str = DEFAULT_BASE_IRI) -> Graph:
    """A graph of `shapes` with `"a"^^xsd:string` written `"a"` and patterns moved to `base`.

    RDF 1.1 makes the two literal forms one term; rdflib compares them unequal, so both
    engines get the plain form.
    """
    default = "^" + re.escape(DEFAULT_BASE_IRI)
    wanted = "^" + re.escape(base)
    graph = bind_prefixes(Graph())
    for subject, predicate, value in shapes:
        if isinstance(value, Literal) and value.datatype == XSD.string:
            value = Literal(str(value))
        if predicate == SH.pattern and base != DEFAULT_BASE_IRI and str(value).startswith(default):
            value = Literal(wanted + str(value)[len(default) :])
        graph.add((subject, predicate, value))
    return graph


def shapes_key(quads: list[ox.Quad], base: str) -> str:
    """A digest of shapes that their blank node labels do not change (a reload of the same
    shapes keeps its key): canonical N-Quads (Oxigraph's canonicalisation), sorted."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    lines = sorted((ox.serialize(dataset, format=ox.RdfFormat.N_QUADS) or b"").splitlines())
    digest = hashlib.sha256(f"{ox.__version__} {base}\n".encode())
    digest.update(b"\n".join(lines))
    return digest.hexdigest()


class KeyedShapes:
    """Shapes, with the key of their text under which their compiled plan is kept (worked
    out when asked: only a validation that keeps plans needs it)."""

    def __init__(self, quads: list[ox.Quad], base: str) -> None:
        triples = (
            (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for q in quads
        )
        self.graph = normalised(triples, base)
        self._quads, self._base = quads, base

    @cached_property
    def key(self) -> str:
        return shapes_key(self._quads, self._base)


def packaged_keyed(base: str = DEFAULT_BASE_IRI) -> KeyedShapes:
    """The packaged `shapes/*.ttl`, read with Oxigraph's parser (rdflib's takes 0.15 s)."""
    files = sorted(
        (item.name, item.read_bytes())
        for item in resources.files("shapes").iterdir()
        if item.name.endswith(".ttl")
    )
    return KeyedShapes(
        [q for _name, data in files for q in ox.parse(data, format=ox.RdfFormat.TURTLE)], base
    )


def packaged_shapes(base: str = DEFAULT_BASE_IRI) -> Graph:
    return packaged_keyed(base).graph


def shapes_graph_iri(base: str) -> str:
    return str(iris.mint("system-graph", "shapes", base=base))


def store_keyed(store: Store, base: str) -> KeyedShapes:
    """The shapes loaded into the store; the packaged ones when the store has none."""
    name = shapes_graph_iri(base)
    if name not in store.graph_names():
        return packaged_keyed(base)
    text = store.get_graph(name, "application/n-triples")
    return KeyedShapes(list(ox.parse(text, format=ox.RdfFormat.N_TRIPLES)), base)


def store_shapes(store: Store, base: str) -> Graph:
    return store_keyed(store, base).graph


def read_shapes(paths: list[Path], base: str = DEFAULT_BASE_IRI) -> Graph:
    """Shapes from files in any RDF syntax the loaders read, merged into one graph."""
    problems: list[Problem] = []
    merged = Graph()
    for path in paths:
        try:
            for graph in read_rdf_file(path, path.resolve().as_uri()).values():
                merged += graph
        except LoadError as exc:
            problems.extend(exc.problems)
        except OSError as exc:
            problems.append(
                Problem(
                    Location(str(path)),
                    f"tiedostoa ei voi lukea: {exc}",
                    f"cannot read the file: {exc}",
                )
            )
    if problems:
        raise LoadError(problems)
    return normalised(merged, base)
