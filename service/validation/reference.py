"""The reference engine: pySHACL over an rdflib copy of the same data.

No inference, no ontology mixed in, no SHACL-AF: the data graphs are validated as they are,
exactly what the fast path does, so the two reports can be compared result by result.
"""

from __future__ import annotations

from rdflib import Graph

from loaders.errors import ShapesError
from service.validation.report import Report, from_graph
from service.validation.source import DataView

ENGINE = "pyshacl"


def validate_graph(data: Graph, shapes: Graph, *, allow_warnings: bool = False) -> Report:
    """pySHACL over `data` (which it may read in place); `shapes` is copied, as pySHACL adds
    triples to the shapes graph it is given."""
    import pyshacl  # imported here: the fast path never pays for it
    from pyshacl.errors import ReportableRuntimeError

    own_shapes = Graph()
    own_shapes += shapes
    try:
        _conforms, results, _text = pyshacl.validate(
            data,
            shacl_graph=own_shapes,
            inference="none",
            advanced=False,
            abort_on_first=False,
            allow_warnings=allow_warnings,
            meta_shacl=False,
            do_owl_imports=False,
            inplace=True,
        )
    except ReportableRuntimeError as exc:
        raise ShapesError(
            f"muotoja ei voi käyttää: {exc.message}", f"the shapes cannot be used: {exc.message}"
        ) from None
    if not isinstance(results, Graph):  # pragma: no cover - pySHACL returns a graph by default
        raise TypeError("pySHACL did not return a report graph")
    return from_graph(results, ENGINE)


def validate_pyshacl(data: DataView, shapes: Graph, *, allow_warnings: bool = False) -> Report:
    return validate_graph(data.rdflib_graph(), shapes, allow_warnings=allow_warnings)
