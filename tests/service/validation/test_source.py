"""The data a validation reads: files of any syntax gathered into one graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from loaders.errors import LoadError
from service.validation.source import MemorySource

TRIPLE = "<urn:ex:a> <urn:ex:p> <urn:ex:b> ."


def count(source: MemorySource) -> int:
    return len(source.view().rows("SELECT * WHERE { ?s ?p ?o }"))


def test_named_graphs_of_a_trig_file_join_the_union(tmp_path: Path) -> None:
    trig = tmp_path / "data.trig"
    trig.write_text(f"{TRIPLE}\n<urn:ex:g> {{ <urn:ex:c> <urn:ex:p> <urn:ex:d> . }}\n")
    nt = tmp_path / "more.nt"
    nt.write_text(f"{TRIPLE}\n")
    source = MemorySource()
    source.add_file(trig)
    source.add_file(nt)
    assert count(source) == 2  # the repeated triple counts once


def test_a_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(f"{TRIPLE}\n<urn:ex:a> <urn:ex:p> .\n")
    with pytest.raises(LoadError) as caught:
        MemorySource().add_file(bad)
    problem = caught.value.problems[0]
    assert (problem.location.file, problem.location.row) == (str(bad), 2)


def test_an_unknown_suffix_is_refused(tmp_path: Path) -> None:
    odd = tmp_path / "data.docx"
    odd.write_text(TRIPLE)
    with pytest.raises(LoadError, match="unknown RDF syntax"):
        MemorySource().add_file(odd)


def test_n_triples_are_read_leniently_as_rdflib_reads_them(tmp_path: Path) -> None:
    """IRIs and language tags are not checked past the syntax's grammar: what rdflib (which
    pySHACL reads files with) reads, the fast path reads too."""
    odd = tmp_path / "odd.nt"
    odd.write_text(
        '<http://ex.org/%zz> <urn:ex:p> "x"@abcdefghij .\n<http://[x> <urn:ex:p> <urn:ex:o> .\n'
    )
    source = MemorySource()
    source.add_file(odd)
    assert count(source) == len(Graph().parse(odd, format="nt")) == 2
