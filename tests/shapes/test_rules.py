"""The shapes as a whole: they cover every class of the ontology, their IRI patterns are the
templates' own, every rule speaks Finnish and English with a chosen severity, and the fast
path compiles all of them."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal
from rdflib.namespace import SH

from ontology import iris
from ontology.namespaces import LANKA_NS, SHAPES_NS
from service.validation.compiler import compile_shapes
from service.validation.shapes import packaged_shapes

ROOT = Path(__file__).resolve().parents[2]
SHAPES = packaged_shapes()
# kinds whose IRIs name graphs and datasets in the catalog, not things in the data graphs
CATALOG_KINDS = {"county-dataset", "graph", "system-graph"}


def rule_shapes() -> set:
    return {s for s in SHAPES.subjects(SH.message, None)}


def test_every_class_of_the_ontology_has_a_shape() -> None:
    ontology = Graph().parse(ROOT / "ontology" / "lanka.ttl")
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(LANKA_NS)}
    targeted = set(SHAPES.objects(None, SH.targetClass))
    assert classes, "the ontology declares no classes"
    assert sorted(classes - targeted) == []


def test_iri_patterns_are_the_templates_patterns() -> None:
    patterns = {str(p) for p in SHAPES.objects(None, SH.pattern)}
    own = {p for p in patterns if p.startswith("^" + re.escape("https://w3id.org/lanka/"))}
    templates = {k: t.pattern() for k, t in iris.TEMPLATES.items() if k not in CATALOG_KINDS}
    assert own <= set(templates.values()), own - set(templates.values())
    assert set(templates.values()) <= own, [k for k, p in templates.items() if p not in own]


def test_each_template_example_matches_its_pattern() -> None:
    for kind, template in iris.TEMPLATES.items():
        assert re.search(template.pattern(), str(template.example())), kind


def test_the_external_law_patterns_match_finlex_and_eu_iris() -> None:
    act, section = SHAPES_NS + "FinlexActIri", SHAPES_NS + "FinlexSectionIri"
    eu = SHAPES_NS + "EuRegulationIri"
    pattern = {str(s): str(p) for s, p in SHAPES.subject_objects(SH.pattern)}
    finlex_act = iris.finlex_act(2021, 612)
    assert re.search(pattern[act], str(finlex_act))
    assert re.search(pattern[section], str(iris.finlex_section(finlex_act, "7", "2")))
    assert re.search(pattern[section], str(iris.finlex_section(finlex_act, "7", None)))
    assert re.search(pattern[eu], str(iris.eu_regulation(2016, 679)))
    assert not re.search(pattern[act], str(iris.finlex_section(finlex_act, "7", None)))


def test_every_rule_has_a_message_in_finnish_and_english_and_a_chosen_severity() -> None:
    for shape in rule_shapes():
        languages = {
            m.language for m in SHAPES.objects(shape, SH.message) if isinstance(m, Literal)
        }
        assert {"fi", "en"} <= languages, shape
        assert SHAPES.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape


def test_every_shape_has_a_name_in_finnish_and_english() -> None:
    shapes = {s for s in SHAPES.subjects() if str(s).startswith(SHAPES_NS)}
    for shape in shapes:
        languages = {
            m.language for m in SHAPES.objects(shape, RDFS.label) if isinstance(m, Literal)
        }
        assert {"fi", "en"} <= languages, shape


def test_the_fast_path_compiles_every_shape() -> None:
    plan = compile_shapes(SHAPES)
    assert {c.shape for c in plan.checks} == rule_shapes()
