"""Staged graphs are written as N-Triples that read back to the same triples."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from loaders.ntriples import write_ntriples


def test_every_kind_of_term_reads_back_unchanged(tmp_path: Path) -> None:
    s, p = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    graph = Graph()
    for value in (
        Literal('lainausmerkki " ja kenoviiva \\'),
        Literal("rivi\nrivi\r", lang="fi"),
        Literal("12.5", datatype=XSD.decimal),
        Literal("ääkköset ja 🧵"),
        BNode("b1"),
        URIRef("https://example.org/o"),
    ):
        graph.add((s, p, value))
    graph.add((BNode("b1"), p, s))
    path = tmp_path / "g.nt"
    assert write_ntriples(graph, path) == len(graph) == 7
    assert isomorphic(Graph().parse(path, format="nt"), graph)
    assert len(list(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))) == 7
