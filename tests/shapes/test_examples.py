"""Each shape against its examples in `tests/shapes/<shape>/`: `valid.ttl` gives no result of
the shape, `invalid.ttl` gives exactly the results `expected.ttl` lists. Focus node and source
shape are read from the report graph (`sh:focusNode`, `sh:sourceShape`), for both engines,
which must also agree on every result."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from ontology.namespaces import SHAPES_NS
from service.validation.fast import checks_read, validate_fast
from service.validation.reference import validate_pyshacl
from service.validation.report import Report
from service.validation.shapes import packaged_shapes
from service.validation.source import MemorySource

HERE = Path(__file__).parent
EXAMPLES = sorted(p for p in HERE.iterdir() if p.is_dir() and (p / "valid.ttl").exists())
SHAPES = packaged_shapes()

# rdflib logs each ill-typed literal the examples hold on purpose
logging.getLogger("rdflib.term").setLevel(logging.ERROR)


def reports(path: Path) -> tuple[Report, Report]:
    source = MemorySource()
    source.add_file(path)
    data = source.view()
    return validate_fast(data, SHAPES), validate_pyshacl(data, SHAPES)


def results_of(report: Report, shape: URIRef) -> set[tuple[str, str]]:
    """(focus node, source shape) of the shape's results, read from the report graph."""
    graph = report.to_graph()
    return {
        (str(graph.value(r, SH.focusNode)), str(graph.value(r, SH.sourceShape)))
        for r in graph.subjects(SH.sourceShape, shape)
    }


def expected_of(folder: Path) -> set[tuple[str, str]]:
    graph = Graph().parse(folder / "expected.ttl")
    return {
        (str(graph.value(r, SH.focusNode)), str(graph.value(r, SH.sourceShape)))
        for r in graph.subjects(SH.focusNode, None)
    }


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_the_valid_example_gives_no_result_of_its_shape(folder: Path) -> None:
    shape = URIRef(SHAPES_NS + folder.name)
    fast, reference = reports(folder / "valid.ttl")
    assert results_of(fast, shape) == set()
    assert results_of(reference, shape) == set()
    assert {r.full_key() for r in fast.results} == {r.full_key() for r in reference.results}


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_the_invalid_example_gives_the_expected_results(folder: Path) -> None:
    shape = URIRef(SHAPES_NS + folder.name)
    expected = expected_of(folder)
    assert expected, f"{folder}/expected.ttl lists no result"
    fast, reference = reports(folder / "invalid.ttl")
    assert results_of(fast, shape) == expected
    assert results_of(reference, shape) == expected
    assert {r.full_key() for r in fast.results} == {r.full_key() for r in reference.results}
    assert fast.conforms is reference.conforms is False


def test_every_rule_shape_has_examples() -> None:
    rules = {
        str(s).removeprefix(SHAPES_NS)
        for s in set(SHAPES.subjects(SH.message, None))
        if str(s).startswith(SHAPES_NS)
    }
    assert rules == {p.name for p in EXAMPLES}


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_reading_only_what_the_checks_read_changes_no_result(folder: Path, tmp_path: Path) -> None:
    """The examples as N-Triples, read whole and read for the checks only (`Plan.reads`)."""
    reads = checks_read(SHAPES)
    assert reads is not None
    for example in ("valid.ttl", "invalid.ttl"):
        path = tmp_path / f"{example}.nt"
        Graph().parse(folder / example).serialize(path, format="nt", encoding="utf-8")
        whole, read = MemorySource(), MemorySource()
        whole.add_file(path)
        read.add_file(path, reads)
        keys = [
            Counter(r.full_key() for r in validate_fast(source.view(), SHAPES).results)
            for source in (whole, read)
        ]
        assert keys[0] == keys[1]
