"""A mapped graph is an ordinary rdflib Graph to read, only cheaper to fill and count."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from loaders.graphs import SubjectMemory, add_triple, new_graph

EX = "http://example.org/"
A, B, NAME, KNOWS = (URIRef(EX + n) for n in ("a", "b", "name", "knows"))


def filled() -> Graph:
    graph = new_graph()
    add_triple(graph, A, NAME, Literal("Kajaani", lang="fi"))
    add_triple(graph, A, KNOWS, B)
    graph.add((B, NAME, Literal("Sotkamo", lang="fi")))
    add_triple(graph, A, KNOWS, B)  # a triple twice is one triple
    return graph


def test_counts_each_triple_once() -> None:
    graph = filled()
    assert isinstance(graph.store, SubjectMemory)
    assert len(graph) == len(list(graph)) == 3


def test_answers_every_pattern_like_rdflibs_own_store() -> None:
    graph, plain = filled(), Graph()
    for triple in graph:
        plain.add(triple)
    for pattern in [
        (A, None, None),
        (None, NAME, None),
        (None, None, B),
        (A, KNOWS, B),
        (B, KNOWS, None),
        (None, None, None),
    ]:
        assert set(graph.triples(pattern)) == set(plain.triples(pattern))
    assert isomorphic(graph, plain)


def test_can_be_queried_and_changed() -> None:
    graph = filled()
    rows = graph.query(f"SELECT ?name WHERE {{ <{A}> <{KNOWS}> ?x . ?x <{NAME}> ?name }}")
    assert [str(row[0]) for row in rows] == ["Sotkamo"]
    graph.remove((A, None, None))
    assert len(graph) == 1
    assert set(graph) == {(B, NAME, Literal("Sotkamo", lang="fi"))}


def test_keeps_the_project_prefixes() -> None:
    assert "dct" in dict(new_graph().namespaces())
