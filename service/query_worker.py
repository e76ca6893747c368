"""Running one SPARQL query to a serialised answer: in a worker process, or in-process.

A query job names a read-only snapshot of the store, the query, its dataset and its limits;
the answer is the body in the negotiated media type, or the reason there is none. The same
`execute` runs inside the worker processes of `service.query_pool` (which the parent kills
when a query outlives its time limit) and in-process for a store held in memory.

Dataset rules (SPARQL 1.1 Protocol §2.1.4): a dataset given in the request replaces the
query's own FROM / FROM NAMED; a query with FROM / FROM NAMED gets exactly those graphs;
otherwise the default graph is the store's own default triples merged with the data graphs
the service names (the store's default graph alone when it holds their union copy and that
copy is up to date, `service.union_graph`), and every named graph (except load staging and
the store's bookkeeping) is reachable with GRAPH.
This module imports only the standard library, pyoxigraph and other such modules, so that a
worker starts quickly.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from service import union_graph
from service.conneg import negotiate
from service.result_limits import (
    BOOLEAN_TYPES,
    GRAPH_TYPES,
    SOLUTION_TYPES,
    DeadlinePassed,
    LimitedSink,
    LimitReached,
    serialize_solutions,
    serialize_triples,
)
from service.sparql_text import declares_dataset


@dataclass(frozen=True)
class QueryJob:
    query: str
    accept: str | None
    default_graphs: tuple[str, ...] | None  # from the request; None: not given
    named_graphs: tuple[str, ...] | None
    data_graphs: tuple[str, ...]  # the service default graph, with the store's default graph
    base_iri: str | None
    timeout: float
    max_rows: int
    max_bytes: int
    prefixes: dict[str, str] = field(default_factory=dict)
    hidden_prefix: str = ""  # named graphs starting with it are not reachable (load staging)
    snapshot: str | None = None  # folder of the read-only snapshot to query
    # variables bound before evaluation (SEP-0007), each term written as N-Triples writes it
    bindings: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class QueryOutcome:
    """`kind` is ok, syntax, not-acceptable, rows, bytes, timeout or failed."""

    kind: str
    media_type: str = ""
    body: bytes = b""
    message: str = ""
    offered: tuple[str, ...] = ()


Datasets = dict[tuple[tuple[str, ...], str], dict[str, Any]]


def _service_dataset(store: ox.Store, job: QueryJob) -> dict[str, Any]:
    named = [
        g
        for g in store.named_graphs()
        if not (job.hidden_prefix and g.value.startswith(job.hidden_prefix))
    ]
    default = union_graph.default_graph(store, job.data_graphs, with_store_default=True)
    return {"default_graph": default, "named_graphs": named}


def _dataset(store: ox.Store, job: QueryJob, remembered: Datasets | None) -> dict[str, Any]:
    """The dataset to evaluate over; the service's own dataset is taken from `remembered`
    when given (a snapshot's never changes) and worked out once."""
    if job.default_graphs is not None or job.named_graphs is not None:
        # the listed graphs' merge: their union copy when it holds exactly them
        merged = union_graph.default_graph(
            store, job.default_graphs or (), with_store_default=False
        )
        return {
            "default_graph": merged,
            "named_graphs": [ox.NamedNode(g) for g in job.named_graphs or ()],
        }
    if declares_dataset(job.query):
        return {}
    if remembered is None:
        return _service_dataset(store, job)
    key = (job.data_graphs, job.hidden_prefix)
    if key not in remembered:
        remembered[key] = _service_dataset(store, job)
    return remembered[key]


def _answer(result: object, job: QueryJob, deadline: float) -> QueryOutcome:
    if isinstance(result, ox.QueryBoolean):
        chosen = negotiate(job.accept, list(BOOLEAN_TYPES))
        if chosen is None:
            return QueryOutcome("not-acceptable", offered=tuple(BOOLEAN_TYPES))
        return QueryOutcome("ok", chosen, result.serialize(format=BOOLEAN_TYPES[chosen]) or b"")
    if isinstance(result, ox.QuerySolutions):
        chosen = negotiate(job.accept, list(SOLUTION_TYPES))
        if chosen is None:
            return QueryOutcome("not-acceptable", offered=tuple(SOLUTION_TYPES))
        fmt = SOLUTION_TYPES[chosen]
        sink = LimitedSink(
            max_bytes=job.max_bytes, max_rows=job.max_rows, deadline=deadline, fmt=fmt
        )
        return QueryOutcome("ok", chosen, serialize_solutions(result, fmt, sink))
    if isinstance(result, ox.QueryTriples):
        chosen = negotiate(job.accept, list(GRAPH_TYPES))
        if chosen is None:
            return QueryOutcome("not-acceptable", offered=tuple(GRAPH_TYPES))
        sink = LimitedSink(max_bytes=job.max_bytes, max_rows=job.max_rows, deadline=deadline)
        body = serialize_triples(result, GRAPH_TYPES[chosen], sink, job.prefixes)
        return QueryOutcome("ok", chosen, body)
    return QueryOutcome("failed", message=f"unexpected result {type(result).__name__}")


def execute(store: ox.Store, job: QueryJob, datasets: Datasets | None = None) -> QueryOutcome:
    """Evaluate and serialise; every failure becomes an outcome, never an exception.

    `datasets` remembers the service's dataset for a store that cannot change (a snapshot).
    """
    deadline = time.monotonic() + job.timeout
    try:
        options = _dataset(store, job, datasets)
        if job.bindings:
            options = {**options, "substitutions": _substitutions(job.bindings)}
        result = store.query(job.query, base_iri=job.base_iri, **options)
        return _answer(result, job, deadline)
    except SyntaxError as exc:
        return QueryOutcome("syntax", message=str(exc))
    except LimitReached as exc:
        return QueryOutcome(exc.what, message=str(exc.limit))
    except DeadlinePassed:
        return QueryOutcome("timeout")
    except (OSError, ValueError, RuntimeError) as exc:
        return QueryOutcome("failed", message=str(exc))


def _substitutions(bindings: tuple[tuple[str, str], ...]) -> dict[ox.Variable, Any]:
    """The bound terms, read back from their N-Triples form (see `QueryJob.bindings`)."""
    lines = "".join(f"<urn:x-lanka:s> <urn:x-lanka:p> {term} .\n" for _name, term in bindings)
    terms = [t.object for t in ox.parse(lines.encode(), format=ox.RdfFormat.N_TRIPLES)]
    return {ox.Variable(name): term for (name, _term), term in zip(bindings, terms, strict=True)}


class _Snapshots:
    """The one snapshot a worker has open, with the datasets worked out on it; reopened
    when a job names a newer one."""

    def __init__(self, opener: Callable[[str], ox.Store] = ox.Store.read_only) -> None:
        self.path: str | None = None
        self.store: ox.Store | None = None
        self.datasets: Datasets = {}
        self.opener = opener

    def open(self, path: str) -> ox.Store:
        if self.store is None or self.path != path:
            self.store, self.datasets = None, {}
            self.store = self.opener(path)
            self.path = path
        return self.store


def watch_parent(parent: int) -> None:
    """Exit as soon as the server process is gone, even in the middle of a query.

    A server stopped by a signal may not get to stop its workers; a worker must not go on
    evaluating a query nobody will read.
    """
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def serve(conn: Connection) -> None:
    """Worker process main loop: a job in, an outcome out, until the pipe closes."""
    threading.Thread(target=watch_parent, args=(os.getppid(),), daemon=True).start()
    snapshots = _Snapshots()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if not isinstance(job, QueryJob) or job.snapshot is None:
            return
        try:
            store = snapshots.open(job.snapshot)
        except OSError as exc:
            conn.send(QueryOutcome("failed", message=f"snapshot: {exc}"))
            continue
        conn.send(execute(store, job, snapshots.datasets))


if __name__ == "__main__":
    import sys

    # Run the module under its real name, so that jobs and outcomes pickle as
    # service.query_worker.QueryJob and not as __main__.QueryJob.
    from service import query_worker

    query_worker.serve(Connection(int(sys.argv[1])))
