"""SHACL property paths as SPARQL property paths.

SPARQL path semantics give the same value nodes as SHACL's for every path form (the `*`, `+`
and `?` forms include each node once), so a path compiles to text. The text is also the
path's identity when reports of two engines are compared, since blank-node paths have no
other one.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from service.validation.support import Unsupported

_UNARY = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


@dataclass(frozen=True)
class Path:
    """A compiled path; `nullable` when it may be zero steps long (`*`, `?`).

    Oxigraph, unlike SHACL (and pySHACL), gives no zero-length match from a node that is not
    in the data (a `sh:targetNode` absent from it), so nullable paths add the node itself.
    """

    text: str
    nullable: bool

    def step(self, subject: str, obj: str) -> str:
        """A pattern binding variable `obj` to each value at `subject`, where `subject` is
        already bound from outside (inside `EXISTS`, which Oxigraph evaluates per solution)."""
        if not self.nullable:
            return f"{subject} {self.text} {obj} ."
        return f"{{ {subject} {self.text} {obj} . }} UNION {{ BIND({subject} AS {obj}) }}"


def compile_path(shapes: Graph, path: Node) -> Path:
    return Path(sparql_path(shapes, path), nullable(shapes, path))


def nullable(shapes: Graph, path: Node) -> bool:
    """Whether the path matches zero steps: from each node to itself."""
    if isinstance(path, URIRef):
        return False
    if (path, RDF.first, None) in shapes:
        return all(nullable(shapes, item) for item in Collection(shapes, path))
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return any(nullable(shapes, item) for item in Collection(shapes, alternatives))
    if (path, SH.zeroOrMorePath, None) in shapes or (path, SH.zeroOrOnePath, None) in shapes:
        return True
    inner = shapes.value(path, SH.inversePath) or shapes.value(path, SH.oneOrMorePath)
    return inner is not None and nullable(shapes, inner)


def sparql_path(shapes: Graph, path: Node) -> str:
    """The SPARQL property path for the SHACL path node `path` of `shapes`."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    if not isinstance(path, BNode):
        raise Unsupported(f"sh:path {path!r}")
    if (path, RDF.first, None) in shapes:
        items = list(Collection(shapes, path))
        if len(items) < 2:
            raise Unsupported("sh:path: a sequence path with fewer than two members")
        return "(" + "/".join(sparql_path(shapes, item) for item in items) + ")"
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{sparql_path(shapes, inverse)}"
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        items = list(Collection(shapes, alternatives))
        if len(items) < 2:
            raise Unsupported("sh:alternativePath with fewer than two members")
        return "(" + "|".join(sparql_path(shapes, item) for item in items) + ")"
    for predicate, operator in _UNARY.items():
        inner = shapes.value(path, predicate)
        if inner is not None:
            return f"({sparql_path(shapes, inner)}){operator}"
    raise Unsupported("sh:path: a blank node that is not a SHACL path")


def path_predicates(shapes: Graph, path: Node) -> set[URIRef]:
    """The predicates a path steps along, in whichever direction and nesting."""
    if isinstance(path, URIRef):
        return {path}
    found: set[URIRef] = set()
    if (path, RDF.first, None) in shapes:
        for item in Collection(shapes, path):
            found |= path_predicates(shapes, item)
    for predicate, inner in shapes.predicate_objects(path):
        if predicate == SH.alternativePath:
            for item in Collection(shapes, inner):
                found |= path_predicates(shapes, item)
        elif predicate == SH.inversePath or predicate in _UNARY:
            found |= path_predicates(shapes, inner)
    return found


def copy_path(shapes: Graph, path: Node, into: Graph) -> None:
    """Copy the triples describing a blank-node path, so a report can state `sh:resultPath`."""
    if not isinstance(path, BNode):
        return
    for predicate, value in shapes.predicate_objects(path):
        into.add((path, predicate, value))
        copy_path(shapes, value, into)


def path_key(graph: Graph, path: Node | None) -> str:
    """A path's identity across graphs: its SPARQL form ('' when the result has no path)."""
    if path is None:
        return ""
    return sparql_path(graph, path)
