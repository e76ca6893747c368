"""The SPARQL 1.1 Service Description of the endpoint, answered to a GET with no query.

It tells a client what the endpoint speaks (Query; Update only when writes are enabled), in
which formats it answers and takes data, and what the default dataset is: the store's default
graph merged with the data graphs of the loaded datasets, with every named graph reachable
with GRAPH.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, BNode, Graph, Literal, URIRef

from ontology.namespaces import DCT, SD, bind_prefixes
from service.result_limits import GRAPH_TYPES, SOLUTION_TYPES, UPLOAD_TYPES


def _format_iris(formats: Iterable[object]) -> list[URIRef]:
    seen: dict[str, None] = {}
    for fmt in formats:
        iri = getattr(fmt, "iri", None)
        if isinstance(iri, str):
            seen.setdefault(iri)
    return [URIRef(iri) for iri in seen]


def describe(
    endpoint: str,
    *,
    writable: bool,
    named_graphs: Iterable[str],
    data_graphs: Iterable[str],
    federated: bool,
) -> Graph:
    graph = bind_prefixes(Graph())
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, DCT.title, Literal("lanka: SPARQL-rajapinta", lang="fi")))
    graph.add((service, DCT.title, Literal("lanka: SPARQL endpoint", lang="en")))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if writable:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
        for iri in _format_iris(UPLOAD_TYPES.values()):
            graph.add((service, SD.inputFormat, iri))
    if federated:
        graph.add((service, SD.feature, SD.BasicFederatedQuery))
    for iri in _format_iris([*SOLUTION_TYPES.values(), *GRAPH_TYPES.values()]):
        graph.add((service, SD.resultFormat, iri))
    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add(
        (
            dataset,
            DCT.description,
            Literal(
                "Oletusgraafi on tietovaraston oletusgraafi ja ladattujen aineistojen "
                "datagraafit yhdistettyinä; kaikki nimetyt graafit ovat käytettävissä "
                "GRAPH-lauseella.",
                lang="fi",
            ),
        )
    )
    graph.add(
        (
            dataset,
            DCT.description,
            Literal(
                "The default graph is the merge of the store's default graph and the data "
                "graphs of the loaded datasets; every named graph is reachable with GRAPH.",
                lang="en",
            ),
        )
    )
    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    for name in data_graphs:
        graph.add((default, DCT.hasPart, URIRef(name)))
    for name in named_graphs:
        node = BNode()
        graph.add((dataset, SD.namedGraph, node))
        graph.add((node, RDF.type, SD.NamedGraph))
        graph.add((node, SD.name, URIRef(name)))
    return graph


RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
    "application/rdf+xml": "xml",
    "application/xml": "xml",
}
