"""SHACL paths as SPARQL paths, and which of them may be zero steps long."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from service.validation.paths import compile_path, path_predicates
from service.validation.support import Unsupported

PREFIXES = "@prefix ex: <urn:ex:> .\n@prefix sh: <http://www.w3.org/ns/shacl#> .\n"


@pytest.mark.parametrize(
    ("path", "sparql", "nullable"),
    [
        ("ex:p", "<urn:ex:p>", False),
        ("[ sh:inversePath ex:p ]", "^<urn:ex:p>", False),
        ("( ex:p ex:q )", "(<urn:ex:p>/<urn:ex:q>)", False),
        (
            "[ sh:alternativePath ( ex:p [ sh:zeroOrOnePath ex:q ] ) ]",
            "(<urn:ex:p>|(<urn:ex:q>)?)",
            True,
        ),
        ("[ sh:zeroOrMorePath ex:p ]", "(<urn:ex:p>)*", True),
        ("[ sh:oneOrMorePath [ sh:inversePath ex:p ] ]", "(^<urn:ex:p>)+", False),
        (
            "( [ sh:zeroOrMorePath ex:p ] [ sh:zeroOrOnePath ex:q ] )",
            "((<urn:ex:p>)*/(<urn:ex:q>)?)",
            True,
        ),
    ],
)
def test_paths(path: str, sparql: str, nullable: bool) -> None:
    graph = Graph().parse(data=PREFIXES + f"ex:S sh:path {path} .", format="turtle")
    compiled = compile_path(graph, graph.value(URIRef("urn:ex:S"), SH.path))
    assert (compiled.text, compiled.nullable) == (sparql, nullable)


def test_a_blank_node_that_is_no_path_is_refused() -> None:
    graph = Graph().parse(data=PREFIXES + "ex:S sh:path [ ex:x ex:y ] .", format="turtle")
    with pytest.raises(Unsupported):
        compile_path(graph, graph.value(URIRef("urn:ex:S"), SH.path))


@pytest.mark.parametrize(
    ("path", "predicates"),
    [
        ("ex:p", {"p"}),
        ("[ sh:inversePath ex:p ]", {"p"}),
        ("( ex:p [ sh:inversePath ex:q ] )", {"p", "q"}),
        ("[ sh:alternativePath ( ex:p [ sh:zeroOrOnePath ( ex:q ex:r ) ] ) ]", {"p", "q", "r"}),
        ("[ sh:oneOrMorePath [ sh:zeroOrMorePath ex:p ] ]", {"p"}),
    ],
)
def test_the_predicates_a_path_steps_along(path: str, predicates: set[str]) -> None:
    graph = Graph().parse(data=PREFIXES + f"ex:S sh:path {path} .", format="turtle")
    found = path_predicates(graph, graph.value(URIRef("urn:ex:S"), SH.path))
    assert found == {URIRef(f"urn:ex:{p}") for p in predicates}
