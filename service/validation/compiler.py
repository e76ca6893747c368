"""Shapes → SPARQL: the fast path's compiler.

Each constraint of a shape that has targets becomes one SELECT whose rows are the validation
results: `?this` the focus node, `?value` the value node where the result has one. Focus nodes
come from the targets (`rdf:type/rdfs:subClassOf*` for class targets, as SHACL defines them);
a property shape's nested `sh:property` shapes take its value nodes as their focus nodes.
Shapes used as operands (`sh:node`, `sh:not`, `sh:and`, `sh:or`, `sh:xone`) compile to a
boolean SPARQL expression, "does this node conform", built so that it never raises a SPARQL
error (an error inside `FILTER` would silently drop a result).

The results follow pySHACL's: one result per value node for value constraints, one per focus
node for counts and `sh:hasValue`, one per language for `sh:uniqueLang`, one per compared
pair for `sh:lessThan`. Anything outside `support` raises `Unsupported`.

A few choices are for speed on Oxigraph, with the same results: "has no such value" is a
MINUS (a hash anti-join) rather than NOT EXISTS (evaluated per focus node); with the data's
class hierarchy known, a class is `rdf:type` and the list of its subclasses rather than the
property path `rdf:type/rdfs:subClassOf*`; and a lone class or node target is written inline,
not as a DISTINCT subquery, with every check query keeping one row per result itself.

The plan also says which triples its queries can match (`Plan.reads`), so that a big file
can be read for those triples only (`service.validation.unread`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import combinations

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD
from rdflib.term import Identifier, Node

from ontology.namespaces import compact
from service.validation.expressions import (
    NODE_KINDS,
    all_of,
    any_of,
    comparison,
    datatype_test,
    language_in,
    n3,
)
from service.validation.hierarchy import Hierarchy
from service.validation.paths import Path, compile_path, copy_path, path_predicates
from service.validation.reads import Reads, ReadsFound
from service.validation.support import (
    COMPONENTS,
    MAX_NESTED_COUNT,
    PATTERN_FLAGS,
    QUALIFIED_COUNTS,
    TARGETS,
    Unsupported,
    check_supported,
)

# A focus pattern: given a variable name, a group pattern binding it to each focus node once.
Focus = Callable[[str], str]

_TYPE = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
_VALUE_PARAMETERS = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.minLength,
    SH.maxLength,
    SH.pattern,
    SH.languageIn,
    SH["in"],
    SH["not"],
    SH["and"],
    SH["or"],
    SH.xone,
    SH.node,
}


@dataclass(frozen=True)
class Check:
    """One constraint of one shape, as a query whose rows are its validation results."""

    shape: Identifier
    component: URIRef
    severity: URIRef
    path: Node | None
    path_text: str
    messages: tuple[Literal, ...]
    query: str
    # whether a result makes the report non-conforming: with allowed severities
    # (--allow-warnings) a result under any shape of an allowed severity does not
    blocking: bool = True


@dataclass
class Plan:
    checks: list[Check] = field(default_factory=list)
    paths: Graph = field(default_factory=Graph)  # blank-node paths, for the report
    # the triples a check's query (or the class hierarchy's) can match: the checks give the
    # same rows on these alone
    reads: Reads = field(default_factory=lambda: Reads.all_of([RDFS.subClassOf]))


def compile_shapes(
    shapes: Graph,
    *,
    allowed: frozenset[URIRef] = frozenset(),
    hierarchy: Hierarchy | None = None,
) -> Plan:
    """The checks for every shape with targets; `allowed` severities do not fail nested shapes.

    (pySHACL treats a nested shape whose own severity is allowed — `--allow-warnings` — as
    conforming; the compiler does the same so that both engines agree.)

    `hierarchy` is the data's own `rdfs:subClassOf` triples, when known: a class then
    compiles to `rdf:type` and the list of its subclasses, the same instances as
    `rdf:type/rdfs:subClassOf*` gives, found several times faster.
    """
    return _Compiler(shapes, allowed, hierarchy).plan()


class _Compiler:
    def __init__(
        self, shapes: Graph, allowed: frozenset[URIRef], hierarchy: Hierarchy | None
    ) -> None:
        self.g = shapes
        self.allowed = allowed
        self.hierarchy = hierarchy
        self.counter = 0
        self.paths = Graph()
        self.reads = ReadsFound()
        self.reads.all([RDFS.subClassOf])  # the class hierarchy is always read

    # --- the whole shapes graph -------------------------------------------------------------
    def plan(self) -> Plan:
        check_supported(self.g)
        targeted = sorted(
            {s for predicate in TARGETS for s in self.g.subjects(predicate, None)}, key=str
        )
        checks: list[Check] = []
        for shape in targeted:
            checks.extend(self.shape_checks(shape, self.target_focus(shape), ()))
        return Plan(checks, self.paths, self.reads.reads())

    # --- focus nodes ------------------------------------------------------------------------
    def target_focus(self, shape: Node) -> Focus:
        """The focus pattern of a shape's targets.

        A lone class or node target is written inline, as a hand-written query would be: a
        node may then match more than once (typed with two subclasses, or the same triple in
        two graphs of the default graph), which no check sees, as every check query keeps
        one row per result (SELECT DISTINCT, or GROUP BY the focus node). Other targets are
        a DISTINCT subquery.
        """
        targets = [
            (predicate, value)
            for predicate in TARGETS
            for value in sorted(self.g.objects(shape, predicate), key=str)
        ]
        if len(targets) == 1 and targets[0][0] in (SH.targetClass, SH.targetNode):
            predicate, value = targets[0]
            return lambda var: self.target(predicate, value, var)

        def focus(var: str) -> str:
            union = " UNION ".join("{ " + self.target(p, value, var) + " }" for p, value in targets)
            return f"{{ SELECT DISTINCT {var} WHERE {{ {union} }} }}"

        return focus

    def target(self, predicate: URIRef, value: Node, var: str) -> str:
        term = n3(value)
        if predicate == SH.targetClass:
            return self.instance_of(var, value)
        if predicate == SH.targetNode:
            return f"VALUES {var} {{ {term} }}"
        if isinstance(value, URIRef):
            self.reads.all([value])
        if predicate == SH.targetSubjectsOf:
            return f"{var} {term} ?_o ."
        return f"?_s {term} {var} ."

    def instance_of(self, var: str, cls: Node) -> str:
        """A pattern matching SHACL instances of `cls` (`rdf:type/rdfs:subClassOf*`)."""
        self.reads.all([RDF.type, RDFS.subClassOf])
        if self.hierarchy is None:
            return f"{var} {_TYPE} {n3(cls)} ."
        classes = self.hierarchy.closure(cls)
        if any(isinstance(c, BNode) for c in classes):
            return f"{var} {_TYPE} {n3(cls)} ."
        if len(classes) == 1:
            return f"{var} <{RDF.type}> {n3(cls)} ."
        kind = self.fresh()
        listed = " ".join(n3(c) for c in sorted(classes, key=str))
        return f"{var} <{RDF.type}> {kind} . VALUES {kind} {{ {listed} }}"

    def value_focus(self, focus: Focus, path: Path) -> Focus:
        """The value nodes of a property shape as the focus nodes of its nested shapes."""
        inner = self.fresh()

        def nested(var: str) -> str:
            return f"{{ SELECT DISTINCT {var} WHERE {{ {_pairs(focus, path, inner, var)} }} }}"

        return nested

    # --- shapes with focus nodes: checks ----------------------------------------------------
    def shape_checks(self, shape: Node, focus: Focus, stack: tuple[Node, ...]) -> list[Check]:
        if self.deactivated(shape):
            return []
        if shape in stack:
            raise Unsupported("recursive shapes")
        if not isinstance(shape, URIRef | BNode):
            raise Unsupported("a literal used as a shape")
        path_node = self.g.value(shape, SH.path)
        path = self.shape_path(shape, path_node) if path_node is not None else None
        if path_node is not None:
            copy_path(self.g, path_node, self.paths)
        checks: list[Check] = []
        for parameter, value in self.parameters(shape):
            if parameter == SH.property:
                nested = focus if path is None else self.value_focus(focus, path)
                checks.extend(self.shape_checks(value, nested, (*stack, shape)))
                continue
            for component, query in self.check_queries(
                shape, parameter, value, focus, path, (*stack, shape)
            ):
                checks.append(
                    Check(
                        shape=shape,
                        component=component,
                        severity=self.severity(shape),
                        path=path_node,
                        path_text=path.text if path else "",
                        messages=self.messages(shape),
                        query=query,
                        blocking=all(self.severity(s) not in self.allowed for s in (*stack, shape)),
                    )
                )
        return checks

    def check_queries(
        self,
        shape: Node,
        parameter: URIRef,
        value: Node,
        focus: Focus,
        path: Path | None,
        stack: tuple[Node, ...],
    ) -> list[tuple[URIRef, str]]:
        """(component, query) for one constraint; a qualified shape may give two."""
        if parameter == SH.qualifiedValueShape:
            assert path is not None  # check_features refused it on node shapes
            return self.qualified_queries(shape, value, focus, path, stack)
        query = self.check_query(parameter, value, focus, path, stack)
        return [] if query is None else [(COMPONENTS[parameter], query)]

    def qualified_queries(
        self, shape: Node, value: Node, focus: Focus, path: Path, stack: tuple[Node, ...]
    ) -> list[tuple[URIRef, str]]:
        this = "?this"
        conforming = self.conforms(value, "?value", stack)
        queries = []
        for parameter, component in QUALIFIED_COUNTS.items():
            bound = self.g.value(shape, parameter)
            if bound is None:
                continue
            count = self.count(bound, parameter)
            if parameter == SH.qualifiedMinCount and count == 0:
                continue
            if parameter == SH.qualifiedMinCount and count == 1:
                found = f"{path.step(this, '?value')} FILTER({conforming})"
                query = _without(focus, path, found)
            elif parameter == SH.qualifiedMinCount:
                query = (
                    f"SELECT {this} WHERE {{ {focus(this)} OPTIONAL {{ "
                    f"{{ SELECT {this} ?value WHERE {{ {_pairs(focus, path)} }} }} "
                    f"FILTER({conforming}) }} }} "
                    f"GROUP BY {this} HAVING (COUNT(DISTINCT ?value) < {count})"
                )
            else:
                query = (
                    f"SELECT {this} WHERE {{ {_pairs(focus, path)} FILTER({conforming}) }} "
                    f"GROUP BY {this} HAVING (COUNT(DISTINCT ?value) > {count})"
                )
            queries.append((component, query))
        return queries

    def check_query(
        self,
        parameter: URIRef,
        value: Node,
        focus: Focus,
        path: Path | None,
        stack: tuple[Node, ...],
    ) -> str | None:
        this = "?this"
        if parameter in _VALUE_PARAMETERS:
            values = _pairs(focus, path) if path else f"{focus(this)} BIND({this} AS ?value)"
            if parameter == SH["class"]:  # the instances once, not a lookup per value
                instances = self.instance_of("?value", value)
                return f"SELECT DISTINCT {this} ?value WHERE {{ {values} MINUS {{ {instances} }} }}"
            expression = self.value_expression(parameter, value, "?value", stack)
            if expression == "true":
                return None
            return f"SELECT DISTINCT {this} ?value WHERE {{ {values} FILTER(!({expression})) }}"
        if parameter == SH.hasValue:
            if path is None:
                same = f"sameTerm({this}, {n3(value)})"
                return f"SELECT DISTINCT {this} WHERE {{ {focus(this)} FILTER(!{same}) }}"
            if not path.nullable:
                return _without(focus, path, f"{this} {path.text} {n3(value)} .")
            found = f"{path.step(this, '?value')} FILTER(sameTerm(?value, {n3(value)}))"
            return _without(focus, path, found)
        assert path is not None  # check_features refused the rest on node shapes
        if parameter == SH.minCount:
            count = self.count(value, parameter)
            if count == 0 or (count == 1 and path.nullable):
                return None
            if count == 1:
                return _without(focus, path, path.step(this, "?value"))
            return (
                f"SELECT {this} WHERE {{ {focus(this)} OPTIONAL {{ "
                f"{{ SELECT {this} ?value WHERE {{ {_pairs(focus, path)} }} }} }} }} "
                f"GROUP BY {this} HAVING (COUNT(DISTINCT ?value) < {count})"
            )
        if parameter == SH.maxCount:
            count = self.count(value, parameter)
            return (
                f"SELECT {this} WHERE {{ {_pairs(focus, path)} }} "
                f"GROUP BY {this} HAVING (COUNT(DISTINCT ?value) > {count})"
            )
        if parameter == SH.uniqueLang:
            if not self.boolean(value, parameter):
                return None
            return (
                f"SELECT {this} WHERE {{ {_pairs(focus, path)} "
                'FILTER(isLiteral(?value) && LANG(?value) != "") '
                "BIND(LCASE(LANG(?value)) AS ?lang) } "
                f"GROUP BY {this} ?lang HAVING (COUNT(DISTINCT ?value) > 1)"
            )
        if parameter in (SH.lessThan, SH.lessThanOrEquals):
            other = self.iri(value, parameter)
            compare = comparison("?value", "?other", parameter == SH.lessThanOrEquals)
            return (
                f"SELECT DISTINCT {this} ?value ?other WHERE {{ {_pairs(focus, path)} "
                f"{this} {other} ?other . FILTER(!({compare})) }}"
            )
        raise Unsupported(compact(str(parameter)))  # pragma: no cover - listed in COMPONENTS

    # --- shapes as operands: "does ?v conform" ----------------------------------------------
    def conforms(self, shape: Node, var: str, stack: tuple[Node, ...]) -> str:
        if shape in stack:
            raise Unsupported("recursive shapes")
        if self.deactivated(shape) or self.severity(shape) in self.allowed:
            return "true"
        stack = (*stack, shape)
        path_node = self.g.value(shape, SH.path)
        parts = []
        if path_node is None:
            for parameter, value in self.parameters(shape):
                if parameter == SH.property:
                    parts.append(self.conforms(value, var, stack))
                elif parameter == SH.hasValue:
                    parts.append(f"sameTerm({var}, {n3(value)})")
                else:
                    parts.append(self.value_expression(parameter, value, var, stack))
        else:
            path = self.path(path_node)
            for parameter, value in self.parameters(shape):
                if parameter == SH.qualifiedValueShape:
                    parts.append(self.qualified_condition(shape, value, var, path, stack))
                else:
                    parts.append(self.property_condition(parameter, value, var, path, stack))
        return all_of(parts)

    def property_condition(
        self, parameter: URIRef, value: Node, var: str, path: Path, stack: tuple[Node, ...]
    ) -> str:
        """Whether focus `var` satisfies one constraint of a property shape with `path`."""
        if parameter == SH.minCount:
            count = self.count(value, parameter)
            if count == 0:
                return "true"
            return f"EXISTS {{ {self.distinct_values(var, path, count)} }}"
        if parameter == SH.maxCount:
            count = self.count(value, parameter)
            return f"NOT EXISTS {{ {self.distinct_values(var, path, count + 1)} }}"
        if parameter == SH.uniqueLang:
            if not self.boolean(value, parameter):
                return "true"
            a, b = self.fresh(), self.fresh()
            return (
                f"NOT EXISTS {{ {path.step(var, a)} {path.step(var, b)} "
                f"FILTER(!sameTerm({a}, {b}) && isLiteral({a}) && isLiteral({b}) "
                f'&& LANG({a}) != "" && LCASE(LANG({a})) = LCASE(LANG({b}))) }}'
            )
        if parameter == SH.hasValue:
            v = self.fresh()
            return f"EXISTS {{ {path.step(var, v)} FILTER(sameTerm({v}, {n3(value)})) }}"
        if parameter in (SH.lessThan, SH.lessThanOrEquals):
            v, o = self.fresh(), self.fresh()
            compare = comparison(v, o, parameter == SH.lessThanOrEquals)
            other = self.iri(value, parameter)
            return f"NOT EXISTS {{ {path.step(var, v)} {var} {other} {o} . FILTER(!({compare})) }}"
        v = self.fresh()
        if parameter == SH.property:
            inner = self.conforms(value, v, stack)
        else:
            inner = self.value_expression(parameter, value, v, stack)
        if inner == "true":
            return "true"
        return f"NOT EXISTS {{ {path.step(var, v)} FILTER(!({inner})) }}"

    def qualified_condition(
        self, shape: Node, value: Node, var: str, path: Path, stack: tuple[Node, ...]
    ) -> str:
        parts = []
        minimum = self.g.value(shape, SH.qualifiedMinCount)
        if minimum is not None and (count := self.count(minimum, SH.qualifiedMinCount)) > 0:
            found = self.distinct_values(var, path, count, lambda v: self.conforms(value, v, stack))
            parts.append(f"EXISTS {{ {found} }}")
        maximum = self.g.value(shape, SH.qualifiedMaxCount)
        if maximum is not None:
            count = self.count(maximum, SH.qualifiedMaxCount) + 1
            found = self.distinct_values(var, path, count, lambda v: self.conforms(value, v, stack))
            parts.append(f"NOT EXISTS {{ {found} }}")
        return all_of(parts)

    def distinct_values(
        self, var: str, path: Path, count: int, condition: Callable[[str], str] | None = None
    ) -> str:
        """`count` different values of `path` at `var` (each meeting `condition`, if given)."""
        if count > MAX_NESTED_COUNT:
            raise Unsupported(f"a count above {MAX_NESTED_COUNT} in a nested shape")
        names = [self.fresh() for _ in range(count)]
        steps = " ".join(path.step(var, name) for name in names)
        tests = [f"!sameTerm({a}, {b})" for a, b in combinations(names, 2)]
        if condition is not None:
            tests += [condition(name) for name in names]
        return steps + (f" FILTER({' && '.join(tests)})" if tests else "")

    # --- value constraints: "does value node ?v satisfy it" ---------------------------------
    def value_expression(
        self, parameter: URIRef, value: Node, v: str, stack: tuple[Node, ...]
    ) -> str:
        if parameter == SH["class"]:
            return f"EXISTS {{ {self.instance_of(v, value)} }}"
        if parameter == SH.datatype:
            return datatype_test(self.iri_node(value, parameter), v)
        if parameter == SH.nodeKind:
            kind = NODE_KINDS.get(self.iri_node(value, parameter))
            if kind is None:
                raise Unsupported(f"sh:nodeKind {value}")
            return kind.format(v=v)
        if parameter == SH.minLength:
            length = self.count(value, parameter)
            return "true" if length == 0 else f"(!isBlank({v}) && STRLEN(STR({v})) >= {length})"
        if parameter == SH.maxLength:
            length = self.count(value, parameter)
            return f"(!isBlank({v}) && STRLEN(STR({v})) <= {length})"
        if parameter == SH.pattern:
            return self.pattern(value, v, stack)
        if parameter == SH.languageIn:
            return language_in(self.members(value, parameter), v)
        if parameter == SH["in"]:
            members = self.members(value, parameter)
            return any_of([f"sameTerm({v}, {n3(m)})" for m in members])
        if parameter == SH["not"]:
            return f"!({self.conforms(value, v, stack)})"
        if parameter == SH.node:
            return self.conforms(value, v, stack)
        if parameter in (SH["and"], SH["or"], SH.xone):
            members = self.members(value, parameter)
            if not members:
                raise Unsupported(f"an empty {compact(str(parameter))} list")
            parts = [self.conforms(m, v, stack) for m in members]
            if parameter == SH["and"]:
                return all_of(parts)
            if parameter == SH["or"]:
                return any_of(parts)
            return "((" + " + ".join(f"IF({p}, 1, 0)" for p in parts) + ") = 1)"
        raise Unsupported(compact(str(parameter)))

    def pattern(self, value: Node, v: str, stack: tuple[Node, ...]) -> str:
        if not isinstance(value, Literal):
            raise Unsupported("sh:pattern that is not a literal")
        shape = stack[-1]
        flags = self.g.value(shape, SH.flags)
        flag_text = str(flags) if flags is not None else ""
        if set(flag_text.lower()) - PATTERN_FLAGS:
            raise Unsupported(f"sh:flags '{flag_text}'")
        regex = f"REGEX(STR({v}), {Literal(str(value)).n3()}, {Literal(flag_text.lower()).n3()})"
        return f"(!isBlank({v}) && COALESCE({regex}, false))"

    # --- reading shape terms ----------------------------------------------------------------
    def parameters(self, shape: Node) -> Iterator[tuple[URIRef, Node]]:
        """The shape's constraint parameters, in a stable order."""
        for parameter in COMPONENTS:
            for value in sorted(self.g.objects(shape, parameter), key=str):
                yield parameter, value

    def deactivated(self, shape: Node) -> bool:
        value = self.g.value(shape, SH.deactivated)
        return isinstance(value, Literal) and bool(value.toPython()) is True

    def severity(self, shape: Node) -> URIRef:
        value = self.g.value(shape, SH.severity)
        if value is None:
            return SH.Violation
        if not isinstance(value, URIRef):
            raise Unsupported("sh:severity that is not an IRI")
        return value

    def messages(self, shape: Node) -> tuple[Literal, ...]:
        found = [m for m in self.g.objects(shape, SH.message) if isinstance(m, Literal)]
        return tuple(sorted(found, key=lambda m: (m.language or "", str(m))))

    def members(self, node: Node, parameter: URIRef) -> list[Node]:
        if node != RDF.nil and (node, RDF.first, None) not in self.g:
            raise Unsupported(f"{compact(str(parameter))} that is not an RDF list")
        return list(Collection(self.g, node))

    def count(self, value: Node, parameter: URIRef) -> int:
        if not (isinstance(value, Literal) and value.datatype == XSD.integer):
            raise Unsupported(f"{compact(str(parameter))} that is not an xsd:integer")
        number = value.toPython()
        if not isinstance(number, int) or number < 0:
            raise Unsupported(f"{compact(str(parameter))} {value}")
        return number

    def boolean(self, value: Node, parameter: URIRef) -> bool:
        if not (isinstance(value, Literal) and isinstance(value.toPython(), bool)):
            raise Unsupported(f"{compact(str(parameter))} that is not a boolean")
        return bool(value.toPython())

    def shape_path(self, shape: Node, node: Node) -> Path:
        """The path of a property shape with focus nodes. When its only constraints are
        `sh:hasValue` IRIs, its queries match the triples of the last step (a predicate,
        forward) with those values only, and that is what they read of it."""
        path = compile_path(self.g, node)
        values = [value for _parameter, value in self.parameters(shape)]
        has_values = all(p == SH.hasValue for p, _value in self.parameters(shape))
        steps = list(Collection(self.g, node)) if (node, RDF.first, None) in self.g else [node]
        last = steps[-1]
        if (
            not values
            or not has_values
            or path.nullable
            or not isinstance(last, URIRef)
            or not all(isinstance(v, URIRef) for v in values)
        ):
            return self.path(node)
        for step in steps[:-1]:
            self.reads.all(path_predicates(self.g, step))
        for value in values:
            self.reads.with_object(last, str(value))
        return path

    def path(self, node: Node) -> Path:
        self.reads.all(path_predicates(self.g, node))
        return compile_path(self.g, node)

    def iri(self, value: Node, parameter: URIRef) -> str:
        """A predicate the query matches triples of (`sh:lessThan`'s other property)."""
        node = self.iri_node(value, parameter)
        self.reads.all([node])
        return node.n3()

    def iri_node(self, value: Node, parameter: URIRef) -> URIRef:
        if not isinstance(value, URIRef):
            raise Unsupported(f"{compact(str(parameter))} that is not an IRI")
        return value

    def fresh(self) -> str:
        self.counter += 1
        return f"?_v{self.counter}"


def _pairs(focus: Focus, path: Path, this: str = "?this", value: str = "?value") -> str:
    """(focus node, value node) pairs; a nullable path pairs each focus node with itself."""
    found = f"{focus(this)} {this} {path.text} {value} ."
    if not path.nullable:
        return found
    return f"{{ {found} }} UNION {{ {focus(this)} BIND({this} AS {value}) }}"


def _without(focus: Focus, path: Path, found: str) -> str:
    """Focus nodes where the pattern `found` (on ?this) has no match.

    MINUS evaluates `found` once and removes its ?this (a hash anti-join); NOT EXISTS would
    evaluate it for each focus node, a hundred times slower on Oxigraph. A nullable path needs
    ?this bound inside the pattern (its zero-length step), so it keeps NOT EXISTS.
    """
    if path.nullable:
        return f"SELECT DISTINCT ?this WHERE {{ {focus('?this')} FILTER NOT EXISTS {{ {found} }} }}"
    return f"SELECT DISTINCT ?this WHERE {{ {focus('?this')} MINUS {{ {found} }} }}"
