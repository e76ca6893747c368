"""Standard super-classes of the project's classes, read from the ontology.

The data states `lanka:Committee`; clients that know only ORG or SKOS should still find it
as an `org:Organization`. The ontology is the one place that says which standard class each
own class refines, so the loader reads it from there rather than keeping a second list.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources

from rdflib import RDFS, Graph, URIRef

from ontology.namespaces import LANKA_NS


@cache
def ontology_graph() -> Graph:
    text = resources.files("ontology").joinpath("lanka.ttl")
    graph = Graph()
    if text.is_file():
        graph.parse(data=text.read_text(encoding="utf-8"), format="turtle")
    return graph


@cache
def _supertypes(rdf_class: URIRef) -> tuple[URIRef, ...]:
    graph = ontology_graph()
    found = {
        URIRef(str(c))
        for c in graph.transitive_objects(rdf_class, RDFS.subClassOf)
        if isinstance(c, URIRef) and c != rdf_class and not str(c).startswith(LANKA_NS)
    }
    return tuple(sorted(found))


def standard_supertypes(rdf_class: URIRef) -> Iterable[URIRef]:
    return _supertypes(rdf_class)
