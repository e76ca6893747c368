"""RDF files load as they are, in every common syntax, without reaching outside."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from loaders.errors import LoadError
from loaders.rdf_files import read_rdf_file

TURTLE = '@prefix ex: <http://example.org/> .\nex:a ex:name "Kajaani"@fi .\n'
DOCUMENTS = {
    "data.ttl": TURTLE,
    "data.nt": '<http://example.org/a> <http://example.org/name> "Kajaani"@fi .\n',
    "data.nq": '<http://example.org/a> <http://example.org/name> "Kajaani"@fi '
    "<http://example.org/g> .\n",
    "data.trig": '@prefix ex: <http://example.org/> .\nex:g { ex:a ex:name "Kajaani"@fi }\n',
    "data.jsonld": '{"@id": "http://example.org/a", '
    '"http://example.org/name": {"@value": "Kajaani", "@language": "fi"}}',
    "data.rdf": '<?xml version="1.0"?>\n<rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
    '<ex:name xml:lang="fi">Kajaani</ex:name></rdf:Description></rdf:RDF>',
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_each_syntax_gives_the_same_triple(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(DOCUMENTS[name], encoding="utf-8")
    graphs = read_rdf_file(path, "urn:default")
    (graph,) = graphs.values()
    expected = (
        URIRef("http://example.org/a"),
        URIRef("http://example.org/name"),
        Literal("Kajaani", lang="fi"),
    )
    assert expected in graph
    quad_syntax = name.endswith((".nq", ".trig"))
    assert list(graphs) == (["http://example.org/g"] if quad_syntax else ["urn:default"])


def test_rdf_xml_external_entities_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
        "<ex:p>&secret;</ex:p></rdf:Description></rdf:RDF>",
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as caught:
        read_rdf_file(path, "urn:default")
    assert "evil.rdf" in str(caught.value.problems[0])


def test_a_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text(TURTLE + 'ex:b ex:name "open\n', encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        read_rdf_file(path, "urn:default")
    (problem,) = caught.value.problems
    assert problem.location.row in (3, 4)
    assert "RDF syntax error" in problem.en


def test_an_empty_rdf_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.ttl"
    path.write_text("   \n", encoding="utf-8")
    with pytest.raises(LoadError, match="empty"):
        read_rdf_file(path, "urn:default")


def test_a_file_read_through_rdflib_holds_each_triple_once(tmp_path: Path) -> None:
    path = tmp_path / "twice.nt"
    line = f'<http://example.org/a> <http://example.org/n> "01"^^<{XSD.integer}> .\n'
    path.write_text(line * 2, encoding="utf-8")
    (graph,) = read_rdf_file(path, "urn:default").values()
    assert len(graph) == 1
    (triple,) = graph  # rdflib's own view: the literal in canonical form
    assert triple[2] == Literal(1)
    graph.add((URIRef("http://example.org/b"), URIRef("http://example.org/n"), Literal(2)))
    assert len(graph) == len(list(graph)) == 2
    graph.remove((URIRef("http://example.org/a"), None, None))
    assert len(graph) == len(list(graph)) == 1
