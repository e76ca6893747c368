"""Running a named query: typed bindings, the right default graph, rows with typed terms.

The API, the CLI and the reports all come through here, so a number a report shows is the
result of a query a user can run themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Literal
from rdflib.term import Identifier

from queries.registry import NamedQuery
from service.catalog import data_graphs
from service.store import Store


@dataclass(frozen=True)
class QueryResult:
    query: NamedQuery
    variables: list[str]
    rows: list[dict[str, Identifier]]
    bindings: dict[str, Identifier]


def run_named(store: Store, query: NamedQuery, params: Mapping[str, str], base: str) -> QueryResult:
    """Bind `params` (text) to typed terms and run over the data graphs."""
    bound = query.bindings(params)
    include_curated = True
    for parameter in query.params:
        if parameter.selects_graphs:
            chosen = bound.pop(parameter.name, Literal(True))
            include_curated = bool(chosen.toPython()) if isinstance(chosen, Literal) else True
    graphs = data_graphs(store, base, include_curated=include_curated)
    variables, rows = store.select_rows(query.text, bindings=bound, default_graphs=graphs)
    # parameters are projected only so that they can be bound: the columns are `returns`
    parameters = {p.name for p in query.params}
    shown = [
        v for v in variables if v in query.returns or (not query.returns and v not in parameters)
    ]
    return QueryResult(query, shown, rows, bound)
