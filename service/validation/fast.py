"""The fast path: run each compiled check where the data is and collect its rows as results."""

from __future__ import annotations

from rdflib import RDFS, Graph
from rdflib.term import Identifier

from service.validation.compiler import Plan, compile_shapes
from service.validation.hierarchy import Hierarchy
from service.validation.report import Report, Result
from service.validation.source import DataView
from service.validation.support import allowed_severities

ENGINE = "fast"


def run_plan(plan: Plan, data: DataView) -> Report:
    results: list[Result] = []
    blocking = False
    for check in plan.checks:
        for row in data.rows(check.query):
            value: Identifier | None = row.get("value")
            results.append(
                Result(
                    focus=row["this"],
                    shape=check.shape,
                    component=check.component,
                    severity=check.severity,
                    path=check.path,
                    path_text=check.path_text,
                    value=value,
                    messages=check.messages,
                )
            )
            blocking = blocking or check.blocking
    return Report(conforms=not blocking, results=results, engine=ENGINE, paths=plan.paths)


def class_hierarchy(data: DataView) -> Hierarchy:
    rows = data.rows(f"SELECT ?sub ?super WHERE {{ ?sub <{RDFS.subClassOf}> ?super }}")
    return Hierarchy([(row["sub"], row["super"]) for row in rows])


def compile_for(data: DataView, shapes: Graph, *, allow_warnings: bool = False) -> Plan:
    """Compile `shapes` for `data` (whose class hierarchy the plan uses); may raise
    `Unsupported`."""
    return compile_shapes(
        shapes, allowed=allowed_severities(allow_warnings), hierarchy=class_hierarchy(data)
    )


def validate_fast(data: DataView, shapes: Graph, *, allow_warnings: bool = False) -> Report:
    """Raises `Unsupported` when the shapes use a feature the fast path does not compile."""
    return run_plan(compile_for(data, shapes, allow_warnings=allow_warnings), data)
