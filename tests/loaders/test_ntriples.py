"""Staged graphs are written as N-Triples that read back to the same triples."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from loaders.errors import StoreError
from loaders.graphs import new_graph
from loaders.ntriples import ntriples_blocks, write_ntriples
from loaders.rdf_files import read_rdf_file


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


def test_a_mapped_graph_reads_back_unchanged(tmp_path: Path) -> None:
    s, p = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    graph, plain = new_graph(), Graph()
    for value in (Literal('"lainaus"\n'), Literal("12.5", datatype=XSD.decimal), BNode("b1"), s):
        graph.add((s, p, value))
        plain.add((s, p, value))
    path = tmp_path / "g.nt"
    assert write_ntriples(graph, path) == 4
    assert isomorphic(Graph().parse(path, format="nt"), plain)


def test_an_rdf_file_is_staged_as_written(tmp_path: Path) -> None:
    """rdflib would write "01" as "1"; the load keeps what the file says."""
    source = tmp_path / "source.nt"
    source.write_text(
        f'<http://example.org/a> <http://example.org/n> "01"^^<{XSD.integer}> .\n'
        "<http://example.org/a> <http://example.org/m> _:x .\n",
        encoding="utf-8",
    )
    (graph,) = read_rdf_file(source, "urn:default").values()
    path = tmp_path / "g.nt"
    assert write_ntriples(graph, path) == 2
    written = list(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))
    as_written = ox.Literal("01", datatype=ox.NamedNode(str(XSD.integer)))
    assert as_written in {q.object for q in written}
    assert any(isinstance(q.object, ox.BlankNode) for q in written)


def test_an_iri_the_store_would_refuse_is_refused_when_written(tmp_path: Path) -> None:
    """The store bulk-loads staged lines without checking IRIs again."""
    graph = Graph()
    graph.add((URIRef("relative/s"), URIRef("https://example.org/p"), Literal("x")))
    with pytest.raises(StoreError, match="cannot be stored"):
        write_ntriples(graph, tmp_path / "g.nt")


def test_blocks_hold_the_same_lines_as_the_file(tmp_path: Path) -> None:
    s, p = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    graph = new_graph()
    for i in range(25_000):
        graph.add((s, p, Literal(i)))
    path = tmp_path / "g.nt"
    write_ntriples(graph, path)
    blocks = list(ntriples_blocks(graph))
    assert len(blocks) == 3 and sum(lines for _block, lines in blocks) == 25_000
    assert b"".join(block for block, _lines in blocks) == path.read_bytes()
