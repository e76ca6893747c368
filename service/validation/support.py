"""What the fast path supports, so that anything else falls back to pySHACL out loud.

The list is deliberately short: each feature here is compiled to SPARQL that gives the same
results as pySHACL, and the differential tests run both engines on it. A shapes graph using
anything outside it (SHACL-SPARQL, `sh:closed`, disjoint qualified shapes, value ranges ...) is
validated by pySHACL, with a notice naming the feature. `check_supported` finds that feature.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from ontology.namespaces import compact


class Unsupported(Exception):
    """A shapes feature the fast path does not compile; `feature` names it for the notice."""

    def __init__(self, feature: str) -> None:
        super().__init__(feature)
        self.feature = feature


TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)

# Constraint parameters compiled to SPARQL, by the component whose results they give.
COMPONENTS: dict[URIRef, URIRef] = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.xone: SH.XoneConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH.property: SH.PropertyConstraintComponent,
    # gives QualifiedMinCount and QualifiedMaxCount results; sibling-disjoint ones are refused
    SH.qualifiedValueShape: SH.QualifiedMinCountConstraintComponent,
}
QUALIFIED_COUNTS = {
    SH.qualifiedMinCount: SH.QualifiedMinCountConstraintComponent,
    SH.qualifiedMaxCount: SH.QualifiedMaxCountConstraintComponent,
}

# Other shape terms the fast path reads or may safely ignore (they do not change results).
DESCRIPTIVE = {
    RDF.type,
    RDFS.label,
    RDFS.comment,
    RDFS.seeAlso,
    RDFS.isDefinedBy,
    SH.path,
    SH.flags,
    SH.severity,
    SH.message,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.defaultValue,
    SH.deactivated,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
    *TARGETS,
}

PATH_TERMS = {
    SH.inversePath,
    SH.alternativePath,
    SH.zeroOrMorePath,
    SH.oneOrMorePath,
    SH.zeroOrOnePath,
}

# Datatypes whose well-formedness both engines judge alike (XSD lexical forms; rdflib is more
# lenient with a few, such as "1_000"^^xsd:integer, which only the fast path reports).
DATATYPES = {
    XSD.string,
    RDF.langString,
    XSD.integer,
    XSD.decimal,
    XSD.date,
    RDFS.Literal,
}
# the ones checked for well-formedness too, by a cast that fails on an ill-typed literal
CHECKED_DATATYPES = {XSD.integer, XSD.decimal, XSD.date}

PATTERN_FLAGS = set("im")

# Nested (inside sh:or, sh:not, sh:node, ...) counts are compiled to EXISTS patterns with one
# variable per value, so they are bounded.
MAX_NESTED_COUNT = 4


def allowed_severities(allow_warnings: bool) -> frozenset[URIRef]:
    """Severities that do not make a report non-conforming (pySHACL's `allow_warnings`)."""
    return frozenset({SH.Warning, SH.Info}) if allow_warnings else frozenset()


# Parameters SHACL allows once per shape.
SINGLE = {
    SH.datatype,
    SH.nodeKind,
    SH.minCount,
    SH.maxCount,
    SH.minLength,
    SH.maxLength,
    SH.languageIn,
    SH.uniqueLang,
    SH["in"],
    SH.flags,
    SH.severity,
    SH.path,
    SH.deactivated,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
}

# Parameters that only property shapes may have.
PROPERTY_ONLY = {
    SH.minCount,
    SH.maxCount,
    SH.uniqueLang,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH.qualifiedValueShape,
}


def shape_nodes(g: Graph) -> set[Node]:
    """The nodes pySHACL treats as shapes (declared, targeted, or used as shapes)."""
    found: set[Node] = set(g.subjects(RDF.type, SH.NodeShape))
    found |= set(g.subjects(RDF.type, SH.PropertyShape))
    for predicate in (*TARGETS, SH.property, SH.node):
        found |= set(g.subjects(predicate, None))
    for predicate in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
        found |= set(g.objects(None, predicate))
    for predicate in (SH["and"], SH["or"], SH.xone):
        for members in g.objects(None, predicate):
            found |= set(Collection(g, members))
    return found


def check_supported(g: Graph) -> None:
    """Raise `Unsupported` naming the first feature of `g` the fast path does not compile."""
    if any(True for _ in g.subjects(RDF.type, SH.ConstraintComponent)):
        raise Unsupported("sh:ConstraintComponent (custom constraint components)")
    class_types = {RDFS.Class, *g.subjects(RDFS.subClassOf, RDFS.Class)}
    for shape in sorted(shape_nodes(g), key=str):
        if any(t in class_types for t in g.objects(shape, RDF.type)):
            raise Unsupported("implicit class targets (a shape that is also a class)")
        for predicate in set(g.predicates(shape, None)):
            if str(predicate).startswith(str(SH)) and not (
                predicate in COMPONENTS or predicate in DESCRIPTIVE or predicate in PATH_TERMS
            ):
                raise Unsupported(compact(str(predicate)))
            if predicate in SINGLE and len(set(g.objects(shape, predicate))) > 1:
                raise Unsupported(f"{compact(str(predicate))} given more than once")
        _check_qualified(g, shape)
        if g.value(shape, SH.path) is None:
            for predicate in PROPERTY_ONLY:
                if (shape, predicate, None) in g:
                    raise Unsupported(f"{compact(str(predicate))} on a node shape")


def _check_qualified(g: Graph, shape: Node) -> None:
    counts = [p for p in QUALIFIED_COUNTS if (shape, p, None) in g]
    has_shape = (shape, SH.qualifiedValueShape, None) in g
    if counts and not has_shape:
        raise Unsupported("sh:qualifiedMinCount or sh:qualifiedMaxCount without a shape")
    if has_shape and not counts:
        raise Unsupported("sh:qualifiedValueShape without sh:qualifiedMinCount or MaxCount")
    for disjoint in g.objects(shape, SH.qualifiedValueShapesDisjoint):
        if not (isinstance(disjoint, Literal) and disjoint.toPython() is False):
            raise Unsupported("sh:qualifiedValueShapesDisjoint")
