"""The ontology declares every own term once, in two languages, on top of a standard term."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from loaders.schema import ACTOR_KIND_CONCEPTS, CLASS_BY_KIND_COLUMN, TABLES
from loaders.supertypes import standard_supertypes
from ontology.namespaces import CV, LANKA, LANKA_NS, ONTOLOGY_IRI, ORG, PROV, SCHEMA, VANN

ONTOLOGY_FILE = Path(__file__).parents[2] / "ontology" / "lanka.ttl"
ONTOLOGY = URIRef(ONTOLOGY_IRI)
DECLARED_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)

NAMESPACE_TERMS = sorted({*dir(LANKA), *(LANKA[name] for name in LANKA._extras)})


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def _own(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(LANKA_NS)


def _local(term: URIRef) -> str:
    return str(term)[len(LANKA_NS) :]


def _own_subjects(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef) and _own(s)}


def _of_type(graph: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and _own(s))


def _languages(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)}


def _has_standard_ancestor(graph: Graph, term: URIRef, predicate: URIRef) -> bool:
    return any(
        isinstance(up, URIRef) and not _own(up)
        for up in graph.transitive_objects(term, predicate)
        if up != term
    )


# The file


def test_the_ontology_parses_as_turtle(graph: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in graph


def test_the_header_gives_version_licence_and_preferred_prefix(graph: Graph) -> None:
    assert graph.value(ONTOLOGY, OWL.versionInfo) == Literal("0.1.0")
    assert graph.value(ONTOLOGY, OWL.versionIRI) == URIRef(ONTOLOGY_IRI + "/0.1.0")
    assert graph.value(ONTOLOGY, DCTERMS.license) is not None
    assert graph.value(ONTOLOGY, VANN.preferredNamespacePrefix) == Literal("lanka")
    assert str(graph.value(ONTOLOGY, VANN.preferredNamespaceUri)) == LANKA_NS
    assert _languages(graph, ONTOLOGY, DCTERMS.title) == {"fi", "en"}
    assert _languages(graph, ONTOLOGY, DCTERMS.description) == {"fi", "en"}


def test_the_ontology_imports_nothing_so_it_loads_offline(graph: Graph) -> None:
    assert list(graph.objects(ONTOLOGY, OWL.imports)) == []


def test_prefix_lines_are_sorted_alphabetically() -> None:
    text = ONTOLOGY_FILE.read_text(encoding="utf-8")
    names = re.findall(r"^@prefix\s+([\w-]+):", text, re.M)
    assert names == sorted(names)


# The namespace and the ontology agree


@pytest.mark.parametrize("term", NAMESPACE_TERMS, ids=_local)
def test_each_term_of_the_namespace_class_is_declared(graph: Graph, term: URIRef) -> None:
    kinds = set(graph.objects(term, RDF.type)) & set(DECLARED_KINDS)
    assert len(kinds) == 1, f"lanka:{_local(term)} is declared as {kinds or 'nothing'}"


def test_the_ontology_uses_no_own_term_missing_from_the_namespace_class(graph: Graph) -> None:
    used = {t for t in graph.all_nodes() if _own(t)} | {p for p in graph.predicates() if _own(p)}
    assert sorted(_local(t) for t in used - set(NAMESPACE_TERMS)) == []


# Every own term is documented


@pytest.mark.parametrize("term", NAMESPACE_TERMS, ids=_local)
def test_each_own_term_has_a_label_and_a_definition_in_finnish_and_english(
    graph: Graph, term: URIRef
) -> None:
    assert {"fi", "en"} <= _languages(graph, term, RDFS.label)
    assert {"fi", "en"} <= _languages(graph, term, SKOS.definition)


def test_every_own_subject_is_defined_by_the_ontology(graph: Graph) -> None:
    undefined = [s for s in _own_subjects(graph) if (s, RDFS.isDefinedBy, ONTOLOGY) not in graph]
    assert sorted(map(_local, undefined)) == []


# Own terms refine standard ones


def test_every_own_class_is_a_subclass_of_a_standard_class_up_its_chain(graph: Graph) -> None:
    classes = _of_type(graph, OWL.Class)
    assert classes
    lonely = [c for c in classes if not _has_standard_ancestor(graph, c, RDFS.subClassOf)]
    assert [_local(c) for c in lonely] == []


def test_every_own_property_is_a_subproperty_of_a_standard_property(graph: Graph) -> None:
    properties = _of_type(graph, OWL.ObjectProperty) + _of_type(graph, OWL.DatatypeProperty)
    assert properties
    lonely = [p for p in properties if not _has_standard_ancestor(graph, p, RDFS.subPropertyOf)]
    assert [_local(p) for p in lonely] == []


def test_a_committee_is_found_as_a_public_organisation_and_an_org_organization() -> None:
    found = set(standard_supertypes(LANKA.Committee))
    assert {CV.PublicOrganisation, ORG.Organization, PROV.Agent} <= found


def test_a_post_is_an_agent_but_not_an_organization() -> None:
    found = set(standard_supertypes(LANKA.Post))
    assert {ORG.Post, PROV.Agent} <= found
    assert ORG.Organization not in found


def test_a_measure_is_a_schema_action_and_its_owner_a_schema_agent(graph: Graph) -> None:
    assert SCHEMA.Action in set(standard_supertypes(LANKA.Measure))
    assert (LANKA.owner, RDFS.subPropertyOf, SCHEMA.agent) in graph


def test_contributes_to_is_a_cross_scheme_broader_link(graph: Graph) -> None:
    assert (LANKA.contributesTo, RDFS.subPropertyOf, SKOS.broadMatch) in graph


# What the loader emits is declared


def test_every_class_the_loader_types_with_is_an_own_class_or_standard(graph: Graph) -> None:
    emitted = {t.rdf_class for t in TABLES.values() if t.rdf_class is not None}
    emitted |= {cls for kinds in CLASS_BY_KIND_COLUMN.values() for cls in kinds.values()}
    missing = [c for c in emitted if _own(c) and (c, RDF.type, OWL.Class) not in graph]
    assert sorted(map(_local, missing)) == []


def test_every_own_predicate_of_a_table_column_is_a_declared_property(graph: Graph) -> None:
    predicates = {c.predicate for t in TABLES.values() for c in t.columns if _own(c.predicate)}
    declared = set(_of_type(graph, OWL.ObjectProperty) + _of_type(graph, OWL.DatatypeProperty))
    assert sorted(_local(p) for p in predicates - declared) == []


@pytest.mark.parametrize(
    ("table", "column", "concept_class"),
    [
        ("mittarit", "suunta", LANKA.Direction),
        ("havainnot", "rooli", LANKA.ObservationRole),
        ("jasenyydet", "rooli", LANKA.Role),
        ("suositukset", "tila", LANKA.RecommendationStatus),
    ],
)
def test_each_fixed_list_value_is_a_concept_of_its_class_and_scheme(
    graph: Graph, table: str, column: str, concept_class: URIRef
) -> None:
    for key, value in TABLES[table].column(column).choices.items():
        assert (value, RDF.type, concept_class) in graph, key
        assert (value, RDF.type, SKOS.Concept) in graph, key
        assert graph.value(value, SKOS.notation) == Literal(key)
        scheme = graph.value(value, SKOS.inScheme)
        assert (scheme, RDF.type, SKOS.ConceptScheme) in graph, key


def test_each_actor_kind_has_a_concept_for_org_classification(graph: Graph) -> None:
    for key, concept in ACTOR_KIND_CONCEPTS.items():
        assert (concept, RDF.type, LANKA.ActorKind) in graph, key
        assert (concept, SKOS.inScheme, LANKA.ActorKinds) in graph, key
        assert graph.value(concept, SKOS.notation) == Literal(key)
