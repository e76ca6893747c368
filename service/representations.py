"""Which representation of a page a request gets: HTML for a browser, RDF for a client.

The Accept header decides, with q-values (`service.conneg`); `?format=ttl|jsonld|nt|rdf|html`
overrides it, so that a plain link can fetch the Turtle. With no Accept (or `*/*`) the answer
is Turtle: a client that asks for nothing in particular is more likely a script than a
person, and browsers always ask for text/html.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from fastapi import Request
from rdflib.term import Node

from loaders.errors import NotAcceptable, RequestError
from loaders.rdf_files import to_oxigraph
from ontology.namespaces import PREFIXES
from service.conneg import negotiate

HTML = "text/html"
# the RDF syntaxes offered, in the server's order of preference
RDF_SYNTAXES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
OFFERED: tuple[str, ...] = ("text/turtle", HTML, *list(RDF_SYNTAXES)[1:])
BY_FORMAT: dict[str, str] = {
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
    "html": HTML,
}
VARY = {"Vary": "Accept"}


def choose(request: Request) -> str:
    """The media type to answer with; a 400 for an unknown `format`, a 406 when none fits."""
    name = request.query_params.get("format")
    if name is not None:
        if name not in BY_FORMAT:
            raise RequestError(
                f"tuntematon muoto '{name}'; käy: {', '.join(BY_FORMAT)}",
                f"unknown format '{name}'; use one of: {', '.join(BY_FORMAT)}",
            )
        return BY_FORMAT[name]
    chosen = negotiate(request.headers.get("accept"), OFFERED)
    if chosen is None:
        raise NotAcceptable(
            "mikään pyydetyistä mediatyypeistä ei ole tarjolla; tarjolla: " + ", ".join(OFFERED),
            "none of the accepted media types is available; available: " + ", ".join(OFFERED),
            OFFERED,
        )
    return chosen


def serialize(triples: Iterable[tuple[Node, Node, Node]], media_type: str) -> bytes:
    """Triples in an offered RDF syntax, with the project's prefixes where the syntax has them.

    Oxigraph writes them (several times faster than rdflib); Turtle keeps the order given,
    so a description reads subject by subject.
    """
    syntax = RDF_SYNTAXES[media_type]
    written = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in triples]  # type: ignore[arg-type]
    options: dict[str, Any] = {}
    if syntax in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        options["prefixes"] = used_prefixes(written)
    return ox.serialize(written, format=syntax, **options) or b""


def used_prefixes(triples: Iterable[ox.Triple]) -> dict[str, str]:
    """The prefixes whose namespace some IRI of the triples is in (the rest would be noise)."""
    iris = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return {
        name: namespace
        for name, namespace in PREFIXES.items()
        if any(iri.startswith(namespace) for iri in iris)
    }
