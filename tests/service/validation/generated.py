"""Hypothesis strategies: small random data graphs and random shapes of the supported features.

The terms are chosen to reach every branch of the compiled SPARQL: literals of each checked
datatype (well-formed and ill-typed), language tags with regions, blank nodes, class
hierarchies, and paths of every SHACL form. A few combinations on which pySHACL itself raises
(comparing blank nodes, mixed literal types with `sh:lessThan`) are left out: the compared
properties `d0`, `d1` hold only integers, strings and IRIs.
"""

from __future__ import annotations

from hypothesis import strategies as st
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD
from rdflib.term import Node

EX = "urn:ex:"
NODES = [URIRef(f"{EX}n{i}") for i in range(5)]
CLASSES = [URIRef(f"{EX}C{i}") for i in range(3)]
PREDICATES = [URIRef(f"{EX}p{i}") for i in range(3)]
COMPARED = [URIRef(f"{EX}d{i}") for i in range(2)]
BLANKS = [BNode(f"b{i}") for i in range(2)]
LITERALS = [
    Literal("a"),
    Literal("abc"),
    Literal("n0"),
    Literal("kissa", lang="fi"),
    Literal("koira", lang="fi"),
    Literal("cat", lang="en"),
    Literal("katt", lang="sv-fi"),
    Literal("kisu", lang="fi-fi"),
    Literal("1", datatype=XSD.integer),
    Literal("12", datatype=XSD.integer),
    Literal("x", datatype=XSD.integer),
    Literal("1.5", datatype=XSD.decimal),
    Literal("2024-02-29", datatype=XSD.date),
    Literal("2023-02-29", datatype=XSD.date),
    Literal("7", datatype=URIRef(f"{EX}unit")),
]
COMPARABLE = [
    Literal("1", datatype=XSD.integer),
    Literal("5", datatype=XSD.integer),
    Literal("12", datatype=XSD.integer),
    Literal("a"),
    Literal("b", lang="fi"),
    NODES[0],
    NODES[1],
]
OBJECTS = NODES + BLANKS + LITERALS


@st.composite
def data_graphs(draw: st.DrawFn) -> Graph:
    graph = Graph()
    subjects = NODES + BLANKS
    for _ in range(draw(st.integers(0, 25))):
        graph.add(
            (
                draw(st.sampled_from(subjects)),
                draw(st.sampled_from(PREDICATES)),
                draw(st.sampled_from(OBJECTS)),
            )
        )
    for _ in range(draw(st.integers(0, 6))):
        graph.add((draw(st.sampled_from(subjects)), RDF.type, draw(st.sampled_from(CLASSES))))
    for _ in range(draw(st.integers(0, 6))):
        graph.add(
            (
                draw(st.sampled_from(NODES)),
                draw(st.sampled_from(COMPARED)),
                draw(st.sampled_from(COMPARABLE)),
            )
        )
    if draw(st.booleans()):
        graph.add((CLASSES[1], RDFS.subClassOf, CLASSES[0]))
    if draw(st.booleans()):
        graph.add((CLASSES[2], RDFS.subClassOf, CLASSES[1]))
    return graph


# Parameters SHACL allows once per shape: a second draw of one is dropped.
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
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
}


class _Graph(Graph):
    def add(self, triple: tuple[Node, Node, Node]) -> _Graph:  # type: ignore[override]
        subject, predicate, _value = triple
        if predicate in SINGLE and (subject, predicate, None) in self:
            return self
        super().add(triple)
        return self


class _Shapes:
    """Builds a shapes graph while strategies draw its parts."""

    def __init__(self) -> None:
        self.graph: Graph = _Graph()
        self.count = 0

    def iri(self) -> URIRef:
        self.count += 1
        return URIRef(f"{EX}shape{self.count}")

    def rdf_list(self, items: list[Node]) -> Node:
        head = BNode()
        Collection(self.graph, head, items)
        return head


def _path(shapes: _Shapes, draw: st.DrawFn, depth: int = 0) -> Node:
    simple = draw(st.sampled_from(PREDICATES))
    if depth > 0 or draw(st.integers(0, 2)) > 0:
        return simple
    form = draw(st.sampled_from(["inverse", "sequence", "alternative", "star", "plus", "optional"]))
    node = BNode()
    inner = _path(shapes, draw, depth + 1)
    if form == "sequence":
        return shapes.rdf_list([inner, _path(shapes, draw, depth + 1)])
    if form == "alternative":
        shapes.graph.add(
            (node, SH.alternativePath, shapes.rdf_list([inner, _path(shapes, draw, depth + 1)]))
        )
        return node
    predicate = {
        "inverse": SH.inversePath,
        "star": SH.zeroOrMorePath,
        "plus": SH.oneOrMorePath,
        "optional": SH.zeroOrOnePath,
    }[form]
    shapes.graph.add((node, predicate, inner))
    return node


def _value_constraint(shapes: _Shapes, draw: st.DrawFn, shape: Node, depth: int) -> None:
    g = shapes.graph
    kinds = ["class", "datatype", "nodeKind", "minLength", "maxLength", "pattern", "languageIn"]
    kinds += ["in", "hasValue"]
    if depth < 2:
        kinds += ["not", "and", "or", "xone", "node"]
    kind = draw(st.sampled_from(kinds))
    if kind == "class":
        g.add((shape, SH["class"], draw(st.sampled_from(CLASSES))))
    elif kind == "datatype":
        choices = [XSD.string, RDF.langString, XSD.integer, XSD.decimal, XSD.date, RDFS.Literal]
        g.add((shape, SH.datatype, draw(st.sampled_from([*choices, URIRef(f"{EX}unit")]))))
    elif kind == "nodeKind":
        kinds_of_node = [SH.IRI, SH.BlankNode, SH.Literal, SH.BlankNodeOrIRI]
        g.add((shape, SH.nodeKind, draw(st.sampled_from([*kinds_of_node, SH.IRIOrLiteral]))))
    elif kind in ("minLength", "maxLength"):
        g.add((shape, SH[kind], Literal(draw(st.integers(0, 4)))))
    elif kind == "pattern":
        g.add((shape, SH.pattern, Literal(draw(st.sampled_from(["^a", "b", "^n[0-9]$", "^A"])))))
        if draw(st.booleans()):
            g.add((shape, SH.flags, Literal("i")))
    elif kind == "languageIn":
        tags = draw(st.lists(st.sampled_from(["fi", "en", "sv", "fi-fi"]), min_size=1, max_size=2))
        g.add((shape, SH.languageIn, shapes.rdf_list([Literal(t) for t in tags])))
    elif kind == "in":
        members = draw(st.lists(st.sampled_from(NODES + LITERALS), min_size=1, max_size=3))
        g.add((shape, SH["in"], shapes.rdf_list(list(members))))
    elif kind == "hasValue":
        g.add((shape, SH.hasValue, draw(st.sampled_from(NODES + LITERALS))))
    elif kind == "node":  # pySHACL accepts only node shapes here
        g.add((shape, SH.node, _operand(shapes, draw, depth + 1, node_shape=True)))
    elif kind == "not":
        g.add((shape, SH["not"], _operand(shapes, draw, depth + 1)))
    else:
        size = draw(st.integers(1, 3))
        members: list[Node] = [_operand(shapes, draw, depth + 1) for _ in range(size)]
        g.add((shape, SH[kind], shapes.rdf_list(members)))


def _operand(shapes: _Shapes, draw: st.DrawFn, depth: int, *, node_shape: bool = False) -> Node:
    """A shape used inside sh:not/sh:node/sh:or...: a node shape or a property shape."""
    node = BNode()
    if node_shape or draw(st.booleans()):
        for _ in range(draw(st.integers(1, 2))):
            _value_constraint(shapes, draw, node, depth)
    else:
        shapes.graph.add((node, SH.path, _path(shapes, draw)))
        _property_constraint(shapes, draw, node, depth)
    return node


def _property_constraint(shapes: _Shapes, draw: st.DrawFn, shape: Node, depth: int) -> None:
    g = shapes.graph
    kind = draw(
        st.sampled_from(["minCount", "maxCount", "uniqueLang", "qualified", "value", "value"])
    )
    if kind == "minCount":
        g.add((shape, SH.minCount, Literal(draw(st.integers(0, 3)))))
    elif kind == "maxCount":
        g.add((shape, SH.maxCount, Literal(draw(st.integers(0, 2)))))
    elif kind == "uniqueLang":
        g.add((shape, SH.uniqueLang, Literal(draw(st.booleans()))))
    elif kind == "qualified" and depth < 2:
        g.add((shape, SH.qualifiedValueShape, _operand(shapes, draw, depth + 1)))
        if draw(st.booleans()):
            g.add((shape, SH.qualifiedMinCount, Literal(draw(st.integers(0, 2)))))
        else:
            g.add((shape, SH.qualifiedMaxCount, Literal(draw(st.integers(0, 2)))))
    else:
        _value_constraint(shapes, draw, shape, depth)


def _severity(shapes: _Shapes, draw: st.DrawFn, shape: Node) -> None:
    severity = draw(st.sampled_from([None, SH.Violation, SH.Warning, SH.Info]))
    if severity is not None:
        shapes.graph.add((shape, SH.severity, severity))


def _targets(shapes: _Shapes, draw: st.DrawFn, shape: Node) -> None:
    g = shapes.graph
    for _ in range(draw(st.integers(1, 2))):
        kind = draw(st.sampled_from(["class", "class", "node", "subjectsOf", "objectsOf"]))
        if kind == "class":
            g.add((shape, SH.targetClass, draw(st.sampled_from(CLASSES))))
        elif kind == "node":
            g.add((shape, SH.targetNode, draw(st.sampled_from(NODES + LITERALS[:2]))))
        elif kind == "subjectsOf":
            g.add((shape, SH.targetSubjectsOf, draw(st.sampled_from(PREDICATES + COMPARED))))
        else:
            g.add((shape, SH.targetObjectsOf, draw(st.sampled_from(PREDICATES))))


def _property_shape(shapes: _Shapes, draw: st.DrawFn, depth: int) -> URIRef:
    shape = shapes.iri()
    g = shapes.graph
    g.add((shape, RDF.type, SH.PropertyShape))
    if draw(st.integers(0, 4)) == 0:  # a comparison, on the properties that hold comparables
        g.add((shape, SH.path, COMPARED[0]))
        g.add((shape, SH.lessThan if draw(st.booleans()) else SH.lessThanOrEquals, COMPARED[1]))
    else:
        g.add((shape, SH.path, _path(shapes, draw)))
        for _ in range(draw(st.integers(1, 2))):
            _property_constraint(shapes, draw, shape, depth)
    if depth < 1 and draw(st.integers(0, 3)) == 0:
        g.add((shape, SH.property, _property_shape(shapes, draw, depth + 1)))
    _severity(shapes, draw, shape)
    return shape


@st.composite
def shapes_graphs(draw: st.DrawFn) -> Graph:
    shapes = _Shapes()
    g = shapes.graph
    for _ in range(draw(st.integers(1, 3))):
        shape = shapes.iri()
        if draw(st.integers(0, 3)) == 0:  # a property shape with its own targets
            shape = _property_shape(shapes, draw, 0)
        else:
            g.add((shape, RDF.type, SH.NodeShape))
            for _ in range(draw(st.integers(0, 2))):
                _value_constraint(shapes, draw, shape, 0)
            for _ in range(draw(st.integers(0, 2))):
                g.add((shape, SH.property, _property_shape(shapes, draw, 0)))
            _severity(shapes, draw, shape)
        _targets(shapes, draw, shape)
        if draw(st.integers(0, 9)) == 0:
            g.add((shape, SH.deactivated, Literal(True)))
    plain = Graph()
    plain += g
    return plain


@st.composite
def value_checked_shapes(draw: st.DrawFn) -> Graph:
    """Shapes whose property shapes check a path for values only (`sh:hasValue`), as whose
    last step's triples only those with the values are read (`Plan.reads`)."""
    shapes = _Shapes()
    g = shapes.graph
    for _ in range(draw(st.integers(1, 2))):
        shape = shapes.iri()
        g.add((shape, RDF.type, SH.NodeShape))
        _targets(shapes, draw, shape)
        for _ in range(draw(st.integers(1, 2))):
            prop = BNode()
            g.add((shape, SH.property, prop))
            if draw(st.booleans()):
                g.add((prop, SH.path, shapes.rdf_list([_path(shapes, draw), _path(shapes, draw)])))
            else:
                g.add((prop, SH.path, _path(shapes, draw)))
            for value in draw(st.lists(st.sampled_from(NODES), min_size=1, max_size=2)):
                g.add((prop, SH.hasValue, value))
    plain = Graph()
    plain += g
    return plain
