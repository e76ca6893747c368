"""Validating the store, or files, from start to a report with its context.

The store's data graphs (the catalog's `dct:hasPart` graphs) are validated as one union, with
the store's shapes graph (the packaged shapes when it has none). The report is kept in its own
named graph, so named queries and reports can join with the last validation.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from loaders.rdf_files import is_rdf_file
from ontology import iris
from service.catalog import data_graphs
from service.settings import Settings
from service.store import EmbeddedStore, Store
from service.validation import kept
from service.validation.context import Context, gather
from service.validation.engine import validate
from service.validation.fast import checks_read
from service.validation.plan_cache import PlanCache
from service.validation.reads import Reads
from service.validation.report import Report
from service.validation.shapes import store_keyed
from service.validation.source import DataView, MemorySource, copy_of


@dataclass
class Outcome:
    report: Report
    context: Context
    shapes: Graph


def report_graph_iri(base: str) -> str:
    return str(iris.mint("system-graph", "validation", base=base))


def store_data(store: Store, base: str) -> DataView:
    """The union of the store's data graphs, where the checks read it.

    The embedded store is queried in place: it keeps the union in one graph of its own, and
    reading every triple out of RocksDB to copy it into memory takes longer than answering
    the checks there (at 5.1M triples, 45 s of reading against 25 s of checks on one core).
    Another store's data graphs are copied into memory, so the checks do not each travel to
    a remote server.
    """
    graphs = data_graphs(store, base)
    if isinstance(store, EmbeddedStore):
        return DataView(store, graphs)
    return copy_of(store, graphs).view()


def validate_store(
    store: Store,
    base: str,
    *,
    engine: str = "fast",
    shapes: Graph | None = None,
    allow_warnings: bool = False,
    keep: bool = True,
    now: dt.datetime | None = None,
    plans: PlanCache | None = None,
) -> Outcome:
    """Validate the store's data graphs with `shapes` (else the store's own, whose compiled
    plan is reused from `plans`). The report is written to the validation graph while its
    context is read: both wait mostly on the store, which releases the GIL."""
    if shapes is None:
        found = store_keyed(store, base)
        chosen, keyed = found.graph, None if plans is None else (found.key, plans)
    else:
        chosen, keyed = shapes, None
    data = store_data(store, base)
    report = validate(data, chosen, engine=engine, allow_warnings=allow_warnings, keyed=keyed)
    if not keep:
        return Outcome(report, gather(report, data, chosen), chosen)
    created = now or dt.datetime.now(dt.UTC)
    with ThreadPoolExecutor(1, thread_name_prefix="lanka-keep") as pool:
        written = pool.submit(_keep, store, report_graph_iri(base), report, base, created)
        context = gather(report, data, chosen)
        written.result()
    return Outcome(report, context, chosen)


def _keep(store: Store, graph: str, report: Report, base: str, created: dt.datetime) -> None:
    """Keep the report, and have the embedded store write it to its files now, while the
    context is read, rather than when it is closed."""
    if kept.keep(store, graph, report, base, created) and isinstance(store, EmbeddedStore):
        store.flush()


def read_data(paths: list[Path], settings: Settings, reads: Reads | None = None) -> MemorySource:
    """RDF files as they are; dataset folders and table sources mapped as `lanka load` would.

    With `reads`, the triples the checks read, N-Triples lines of others may be left out.
    """
    source = MemorySource()
    others = []
    for path in paths:
        if is_rdf_file(path):
            source.add_file(path, reads)
        else:
            others.append(path)
    if others:
        from service.loading import load_paths  # the loaders only when there is a table to map

        memory = EmbeddedStore(None)
        load_paths(memory, others, settings)
        for name in data_graphs(memory, settings.base_iri):
            source.add_ntriples(memory.export("nt", name))
    return source


def validate_files(
    paths: list[Path],
    shapes: Graph,
    settings: Settings,
    *,
    engine: str = "fast",
    allow_warnings: bool = False,
    context: bool = True,
) -> Outcome:
    """Validate files; without `context` (names, sources and owners, which read any
    predicate), the fast path reads only the triples its checks read."""
    reads = None if context else checks_read(shapes, engine, allow_warnings)
    data = read_data(paths, settings, reads).view()
    report = validate(data, shapes, engine=engine, allow_warnings=allow_warnings)
    found = gather(report, data, shapes) if context else Context()
    return Outcome(report, found, shapes)
