"""Which triples a plan's checks read: whole predicates, and the last step of a path checked
only for a value (`sh:hasValue`) with that value only."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph

from service.validation.compiler import compile_shapes
from service.validation.reads import Reads

PREFIXES = """@prefix ex: <urn:ex:> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
"""
TYPES = {str(RDF.type), str(RDFS.subClassOf)}


def reads_of(text: str) -> Reads:
    return compile_shapes(Graph().parse(data=PREFIXES + text, format="turtle")).reads


def test_a_value_checked_on_a_path_reads_its_last_step_with_that_value() -> None:
    reads = reads_of(
        "ex:S sh:targetClass ex:Indicator ; sh:property [ sh:path"
        " ( [ sh:inversePath ex:measure ] ex:role ) ; sh:hasValue ex:Baseline, ex:Target ] ."
    )
    assert reads.predicates == {"urn:ex:measure", "urn:ex:role", *TYPES}
    assert reads.objects == {"urn:ex:role": {"urn:ex:Baseline", "urn:ex:Target"}}
    assert reads.reads_all("urn:ex:measure") and not reads.reads_all("urn:ex:role")


@pytest.mark.parametrize(
    "property_shape",
    [
        "[ sh:path ex:role ; sh:hasValue ex:Baseline ; sh:minCount 1 ]",  # another constraint
        '[ sh:path ex:role ; sh:hasValue "baseline" ]',  # a literal value
        "[ sh:path [ sh:zeroOrMorePath ex:role ] ; sh:hasValue ex:Baseline ]",  # nullable
        "[ sh:path ( ex:role [ sh:inversePath ex:x ] ) ; sh:hasValue ex:Baseline ]",  # inverse
        "[ sh:path ex:other ; sh:node [ sh:property"
        " [ sh:path ex:role ; sh:hasValue ex:Baseline ] ] ]",  # on the values of another path
    ],
)
def test_otherwise_a_predicate_is_read_whole(property_shape: str) -> None:
    reads = reads_of(f"ex:S sh:targetClass ex:Indicator ; sh:property {property_shape} .")
    assert reads.reads_all("urn:ex:role")
    assert reads.objects == {}


def test_a_predicate_read_whole_by_one_shape_is_read_whole() -> None:
    reads = reads_of(
        "ex:S sh:targetClass ex:A ; sh:property [ sh:path ex:role ; sh:hasValue ex:Baseline ] .\n"
        "ex:T sh:targetClass ex:B ; sh:property [ sh:path ( ex:x ex:role ) ; sh:minCount 1 ] ."
    )
    assert reads.reads_all("urn:ex:role")
