"""Running a named query: typed bindings, the right default graph, rows with typed terms.

The API, the CLI and the reports all come through here, so a number a report shows is the
result of a query a user can run themselves.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from rdflib import Literal
from rdflib.term import Identifier

from loaders.errors import QueryTimeout, ResultTooLarge
from queries.registry import NamedQuery, Registry, load_registry
from service.catalog import data_graphs
from service.settings import Settings
from service.store import Limits, Store


@dataclass(frozen=True)
class QueryResult:
    query: NamedQuery
    variables: list[str]
    rows: list[dict[str, Identifier]]
    bindings: dict[str, Identifier]


@cache
def default_registry() -> Registry:
    """The packaged named queries, read once per process."""
    return load_registry()


def query_limits(settings: Settings) -> Limits:
    """The limits of the SPARQL endpoint (LANKA_QUERY_TIMEOUT, LANKA_MAX_RESULT_ROWS)."""
    return Limits(settings.query_timeout, settings.max_result_rows, settings.max_result_bytes)


def run_named(
    store: Store,
    query: NamedQuery,
    params: Mapping[str, str],
    base: str,
    limits: Limits | None = None,
) -> QueryResult:
    """Bind `params` (text) to typed terms and run over the data graphs.

    With `limits`, a result over the row limit or a run over the time limit raises
    `ResultTooLarge` or `QueryTimeout` instead of returning rows: a caller never gets a part
    of a result as if it were the whole. The time is measured around the evaluation (an
    in-process query cannot be interrupted), so an overlong query is reported when it ends.
    """
    bound = query.bindings(params)
    include_curated = True
    for parameter in query.params:
        if parameter.selects_graphs:
            chosen = bound.pop(parameter.name, Literal(True))
            include_curated = bool(chosen.toPython()) if isinstance(chosen, Literal) else True
    graphs = data_graphs(store, base, include_curated=include_curated)
    started = time.monotonic()
    variables, rows = store.select_rows(query.text, bindings=bound, default_graphs=graphs)
    if limits is not None:
        _check(query.name, len(rows), time.monotonic() - started, limits)
    # parameters are projected only so that they can be bound: the columns are `returns`
    parameters = {p.name for p in query.params}
    shown = [
        v for v in variables if v in query.returns or (not query.returns and v not in parameters)
    ]
    return QueryResult(query, shown, rows, bound)


def _check(name: str, rows: int, seconds: float, limits: Limits) -> None:
    if seconds > limits.timeout:
        raise QueryTimeout(
            f"kysely {name} ylitti {limits.timeout:g} sekunnin aikarajan (LANKA_QUERY_TIMEOUT); "
            "tulosta ei anneta",
            f"query {name} ran over the time limit of {limits.timeout:g} s "
            "(LANKA_QUERY_TIMEOUT); no result is given",
        )
    if rows > limits.max_rows:
        raise ResultTooLarge(
            f"kyselyn {name} tuloksessa on {rows} riviä, yli rajan {limits.max_rows} "
            "(LANKA_MAX_RESULT_ROWS): rajaa kyselyä parametreilla; tulosta ei anneta",
            f"query {name} gives {rows} rows, over the limit of {limits.max_rows} "
            "(LANKA_MAX_RESULT_ROWS): narrow it with its parameters; no result is given",
        )
