"""Choosing the engine: the fast path compiles what it supports and says so when it falls back."""

from __future__ import annotations

import pytest
from rdflib import Graph

from service.validation.engine import validate
from service.validation.source import MemorySource

PREFIXES = """@prefix ex: <urn:ex:> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
DATA = PREFIXES + """ex:a a ex:Thing ; ex:name "A" ; ex:extra 1 ; ex:year "2024"^^xsd:gYear ."""


def shapes(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def data() -> MemorySource:
    source = MemorySource()
    source.add_graph(Graph().parse(data=DATA, format="turtle"))
    return source


@pytest.mark.parametrize(
    ("feature", "text"),
    [
        ("sh:closed", "ex:S sh:targetClass ex:Thing ; sh:closed true ."),
        (
            "sh:sparql",
            'ex:S sh:targetClass ex:Thing ; sh:sparql [ sh:select "SELECT $this WHERE {}" ] .',
        ),
        (
            "sh:equals",
            "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:name ; sh:equals ex:extra ] .",
        ),
        (
            "sh:minInclusive",
            "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:extra ; sh:minInclusive 5 ] .",
        ),
        (
            "sh:datatype xsd:gYear",
            "ex:S sh:targetClass ex:Thing ;"
            " sh:property [ sh:path ex:year ; sh:datatype xsd:gYear ] .",
        ),
        (
            "sh:qualifiedValueShapesDisjoint",
            "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:name ;"
            " sh:qualifiedValueShape [ sh:datatype xsd:string ] ; sh:qualifiedMinCount 1 ;"
            " sh:qualifiedValueShapesDisjoint true ] .",
        ),
        (
            "implicit class targets (a shape that is also a class)",
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            "ex:Thing a sh:NodeShape, rdfs:Class ;"
            " sh:property [ sh:path ex:name ; sh:minCount 2 ] .",
        ),
    ],
)
def test_an_unsupported_feature_falls_back_to_pyshacl_with_a_notice(
    feature: str, text: str
) -> None:
    report = validate(data().view(), shapes(text))
    assert report.engine == "pyshacl"
    assert [n.en for n in report.notices] == [
        f"unsupported feature {feature}, falling back to pySHACL"
    ]
    assert feature in report.notices[0].fi


def test_the_fallback_still_finds_what_the_shape_forbids() -> None:
    report = validate(data().view(), shapes("ex:S sh:targetClass ex:Thing ; sh:closed true ."))
    assert report.conforms is False
    assert {str(r.focus) for r in report.results} == {"urn:ex:a"}


def test_supported_shapes_run_on_the_fast_path_without_notice() -> None:
    text = "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:name ; sh:minCount 2 ] ."
    report = validate(data().view(), shapes(text))
    assert (report.engine, report.notices, len(report.results)) == ("fast", [], 1)


def test_the_reference_engine_can_be_chosen() -> None:
    text = "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:name ; sh:minCount 2 ] ."
    assert validate(data().view(), shapes(text), engine="pyshacl").engine == "pyshacl"
