"""The validation report: results as Python values, and the standard `sh:ValidationReport` graph.

Both engines end here: the fast path builds `Result`s from query rows, pySHACL's report graph
is read back into the same `Result`s. Renderers and the comparison of the two engines work on
this model; `to_graph` writes the W3C report that Turtle and JSON-LD output and the store keep.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD
from rdflib.term import Identifier, Node

from ontology.namespaces import DCT, bind_prefixes
from service.validation.paths import copy_path, path_key
from service.validation.source import plain

Triple = tuple[Node, Node, Node]
SEVERITY_ORDER = (SH.Violation, SH.Warning, SH.Info)
SEVERITY_NAMES = {
    SH.Violation: ("virhe", "violation"),
    SH.Warning: ("varoitus", "warning"),
    SH.Info: ("huomio", "info"),
}
# counted: Finnish takes the partitive after numbers other than one ("3 virhettä")
SEVERITY_PLURALS = {
    SH.Violation: ("virhettä", "violations"),
    SH.Warning: ("varoitusta", "warnings"),
    SH.Info: ("huomiota", "infos"),
}


@dataclass(frozen=True)
class Notice:
    """Something the user should know about how the report was made (a fallback, say)."""

    fi: str
    en: str

    def __str__(self) -> str:
        return f"{self.fi} / {self.en}"


@dataclass(frozen=True)
class Result:
    focus: Identifier
    shape: Identifier
    component: URIRef
    severity: URIRef
    path: Node | None = None  # the path node, described in `Report.paths`
    path_text: str = ""  # the path as SPARQL, '' when the result has no path
    value: Identifier | None = None
    messages: tuple[Literal, ...] = ()

    def key(self) -> tuple[str, str, str, str]:
        """(focus node, path, shape, severity): what the differential tests compare."""
        return (_node_key(self.focus), self.path_text, _node_key(self.shape), str(self.severity))

    def full_key(self) -> tuple[str, str, str, str, str, str]:
        """`key` plus the value and the constraint component."""
        value = "" if self.value is None else _node_key(self.value)
        return (*self.key(), value, str(self.component))

    def message(self, lang: str) -> str:
        for message in self.messages:
            if message.language == lang:
                return str(message)
        untagged = [str(m) for m in self.messages if not m.language]
        return untagged[0] if untagged else ""

    def sort_key(self) -> tuple[int, str, str, str]:
        rank = SEVERITY_ORDER.index(self.severity) if self.severity in SEVERITY_ORDER else 9
        value = "" if self.value is None else str(self.value)
        return (rank, str(self.shape), str(self.focus), value)


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt(term: Node) -> str:
    """A term as N-Triples writes it. (rdflib's `n3()` is several times slower on literals,
    and writes a literal with a line break in Turtle's long form, which N-Triples lacks.)"""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        quoted = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        if term.datatype is not None:
            return f"{quoted}^^<{term.datatype}>"
        return quoted
    return term.n3()


def _node_key(node: Node) -> str:
    """Blank nodes have no identity across graphs; everything else is its N-Triples form."""
    if isinstance(node, BNode):
        return "_:"
    return node.n3()


@dataclass
class Report:
    conforms: bool
    results: list[Result]
    engine: str
    # the triples describing blank-node paths (copied from the shapes)
    paths: Graph = field(default_factory=Graph)
    notices: list[Notice] = field(default_factory=list)

    def counts(self) -> dict[URIRef, int]:
        counted = Counter(r.severity for r in self.results)
        return {severity: counted.get(severity, 0) for severity in SEVERITY_ORDER}

    def sorted_results(self) -> list[Result]:
        return sorted(self.results, key=Result.sort_key)

    def digest(self) -> str:
        """sha256 of what the report says: whether the data conforms, and each result with
        its path, value and messages, in any order (equal digests, equal reports)."""
        results = sorted(
            json.dumps(
                [
                    *(nt(node) for node in (r.focus, r.shape, r.component, r.severity)),
                    r.path_text,
                    "" if r.value is None else nt(r.value),
                    sorted(nt(m) for m in r.messages),
                ]
            )
            for r in self.results
        )
        text = json.dumps([self.conforms, results])
        return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()

    def triples(self, *, created: dt.datetime | None = None) -> Iterator[Triple]:
        """The W3C `sh:ValidationReport`. The copy kept in the store (`created` given) also
        says when it was made (`dct:created`) and what it says (`dct:identifier`, the
        `digest`), so that validating unchanged data again need not rewrite it."""
        report = BNode()
        yield report, RDF.type, SH.ValidationReport
        yield report, SH.conforms, Literal(self.conforms)
        if created is not None:
            stamp = created.isoformat(timespec="seconds")
            yield report, DCT.created, Literal(stamp, datatype=XSD.dateTime)
            yield report, DCT.identifier, Literal(self.digest())
        copied: set[Node] = set()
        for result in self.sorted_results():
            node = BNode()
            yield report, SH.result, node
            yield node, RDF.type, SH.ValidationResult
            yield node, SH.focusNode, result.focus
            yield node, SH.sourceShape, result.shape
            yield node, SH.sourceConstraintComponent, result.component
            yield node, SH.resultSeverity, result.severity
            if result.path is not None:
                yield node, SH.resultPath, result.path
                if result.path not in copied:
                    copied.add(result.path)
                    path = Graph()
                    copy_path(self.paths, result.path, path)
                    yield from path
            if result.value is not None:
                yield node, SH.value, result.value
            for message in result.messages:
                yield node, SH.resultMessage, message

    def to_graph(self, *, created: dt.datetime | None = None) -> Graph:
        graph = bind_prefixes(Graph())
        for triple in self.triples(created=created):
            graph.add(triple)
        return graph

    def triple_count(self, *, created: dt.datetime | None = None) -> int:
        """How many triples `to_ntriples` writes (without writing them)."""
        return len(set(self.triples(created=created)))

    def to_ntriples(self, *, created: dt.datetime | None = None) -> bytes:
        """The report as N-Triples, written directly (much faster than through rdflib)."""
        lines = [f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o in self.triples(created=created)]
        return "".join(lines).encode("utf-8")


def from_graph(graph: Graph, engine: str) -> Report:
    """Read a `sh:ValidationReport` graph (pySHACL's, or one kept in the store)."""
    report = graph.value(predicate=RDF.type, object=SH.ValidationReport)
    conforms = graph.value(report, SH.conforms)
    results = []
    for node in graph.objects(report, SH.result):
        path = graph.value(node, SH.resultPath)
        value = graph.value(node, SH.value)
        results.append(
            Result(
                focus=_identifier(graph.value(node, SH.focusNode)),
                shape=_identifier(graph.value(node, SH.sourceShape)),
                component=URIRef(str(graph.value(node, SH.sourceConstraintComponent))),
                severity=URIRef(str(graph.value(node, SH.resultSeverity))),
                path=path,
                path_text=path_key(graph, path),
                value=None if value is None else _identifier(value),
                messages=tuple(
                    sorted(
                        (
                            m
                            for m in graph.objects(node, SH.resultMessage)
                            if isinstance(m, Literal)
                        ),
                        key=lambda m: (m.language or "", str(m)),
                    )
                ),
            )
        )
    paths = Graph()
    for result in results:
        if result.path is not None:
            copy_path(graph, result.path, paths)
    return Report(
        conforms=bool(conforms.toPython()) if isinstance(conforms, Literal) else not results,
        results=results,
        engine=engine,
        paths=paths,
    )


def _identifier(node: Node | None) -> Identifier:
    if not isinstance(node, Identifier):
        raise ValueError("a validation result lacks a required node")
    return plain(node)
