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
    of a result as if it were the whole. The store runs the query where its time limit
    stops it (the embedded store's query workers, a remote server); a store held in memory
    evaluates in this thread, where the time is measured around the evaluation and an
    overlong query is reported when it ends.
    """
    bound = query.bindings(params)
    include_curated = True
    for parameter in query.params:
        if parameter.selects_graphs:
            chosen = bound.pop(parameter.name, Literal(True))
            include_curated = bool(chosen.toPython()) if isinstance(chosen, Literal) else True
    graphs = data_graphs(store, base, include_curated=include_curated)
    started = time.monotonic()
    try:
        variables, rows = store.select_rows(
            query.text, bindings=bound, default_graphs=graphs, limits=limits
        )
    except QueryTimeout:  # stopped by the store: said with the query's name, as below
        raise _too_long(query.name, limits or Limits()) from None
    except ResultTooLarge:
        raise _too_many(query.name, None, limits or Limits()) from None
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
        raise _too_long(name, limits)
    if rows > limits.max_rows:
        raise _too_many(name, rows, limits)


def _too_long(name: str, limits: Limits) -> QueryTimeout:
    return QueryTimeout(
        f"kysely {name} ylitti {limits.timeout:g} sekunnin aikarajan (LANKA_QUERY_TIMEOUT); "
        "tulosta ei anneta",
        f"query {name} ran over the time limit of {limits.timeout:g} s "
        "(LANKA_QUERY_TIMEOUT); no result is given",
    )


def _too_many(name: str, rows: int | None, limits: Limits) -> ResultTooLarge:
    """`rows`: how many there are, when known (a store that stops at the limit does not)."""
    most = limits.max_rows
    fi = f"{rows} riviä, yli rajan {most}" if rows is not None else f"yli {most} riviä"
    en = f"{rows} rows, over the limit of {most}" if rows is not None else f"more than {most} rows"
    return ResultTooLarge(
        f"kyselyn {name} tuloksessa on {fi} "
        "(LANKA_MAX_RESULT_ROWS): rajaa kyselyä parametreilla; tulosta ei anneta",
        f"query {name} gives {en} "
        "(LANKA_MAX_RESULT_ROWS): narrow it with its parameters; no result is given",
    )
