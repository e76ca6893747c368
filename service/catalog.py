"""The dataset-description graph (DCAT): what is loaded, which version, when, from what.

Each loaded graph is described with its load time and the sha256 digest of its source, so
`make run` can tell whether the store is older than the files, and `/health` can name the
dataset version. Only graphs described here as parts of a dataset count as data graphs;
staging graphs of a load in progress never do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from ontology import iris
from ontology.namespaces import DCAT, DCT, SPDX, bind_prefixes
from service import union_graph

if TYPE_CHECKING:  # the store itself asks the catalog which graphs are data
    from service.store import Store


@dataclass(frozen=True)
class GraphEntry:
    """One graph about to be written, as the catalog will describe it."""

    graph: str
    title: str
    digest: str
    dataset: str | None  # the county dataset (or file collection) it belongs to


@dataclass(frozen=True)
class DatasetEntry:
    iri: str
    title_fi: str
    title_en: str
    version: str
    licence: str
    digest: str


def catalog_iri(base: str) -> str:
    return str(iris.mint("system-graph", "catalog", base=base))


def _remove_subject(graph: Graph, subject: URIRef) -> None:
    for checksum in list(graph.objects(subject, SPDX.checksum)):
        graph.remove((checksum, None, None))
    graph.remove((subject, None, None))
    graph.remove((None, None, subject))


def _checksum(graph: Graph, subject: URIRef, digest: str) -> None:
    node = BNode()
    graph.add((subject, SPDX.checksum, node))
    graph.add((node, RDF.type, SPDX.Checksum))
    graph.add((node, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((node, SPDX.checksumValue, Literal(digest)))


def updated_catalog(
    current: Graph,
    *,
    base: str,
    graphs: list[GraphEntry],
    datasets: list[DatasetEntry],
    now: dt.datetime,
) -> Graph:
    """The catalog after a load: entries of replaced graphs and datasets are rewritten."""
    catalog = bind_prefixes(Graph())
    for triple in current:
        catalog.add(triple)
    root = URIRef(catalog_iri(base))
    stamp = Literal(now.isoformat(timespec="seconds"), datatype=XSD.dateTime)
    catalog.set((root, RDF.type, DCAT.Catalog))
    catalog.set((root, DCT.title, Literal("lanka: ladatut aineistot", lang="fi")))
    catalog.add((root, DCT.title, Literal("lanka: loaded datasets", lang="en")))
    catalog.set((root, DCT.modified, stamp))
    for entry in datasets:
        subject = URIRef(entry.iri)
        kept_parts = list(catalog.objects(subject, DCT.hasPart))
        _remove_subject(catalog, subject)
        catalog.add((root, DCAT.dataset, subject))
        catalog.add((subject, RDF.type, DCAT.Dataset))
        catalog.add((subject, DCT.title, Literal(entry.title_fi, lang="fi")))
        catalog.add((subject, DCT.title, Literal(entry.title_en, lang="en")))
        catalog.add((subject, DCAT.version, Literal(entry.version)))
        catalog.add((subject, DCT.modified, stamp))
        if entry.licence:
            catalog.add((subject, DCT.license, URIRef(entry.licence)))
        if entry.digest:
            _checksum(catalog, subject, entry.digest)
        for kept in kept_parts:
            catalog.add((subject, DCT.hasPart, kept))
    for part in graphs:
        subject = URIRef(part.graph)
        _remove_subject(catalog, subject)
        catalog.add((root, DCAT.dataset, subject))
        catalog.add((subject, RDF.type, DCAT.Dataset))
        catalog.add((subject, DCT.title, Literal(part.title)))
        catalog.add((subject, DCT.modified, stamp))
        _checksum(catalog, subject, part.digest)
        if part.dataset is not None:
            catalog.add((URIRef(part.dataset), DCT.hasPart, subject))
    return catalog


def data_graphs(store: Store, base: str, *, include_curated: bool = True) -> list[str]:
    """The graphs that make up the default graph: parts of loaded datasets, per the catalog.

    Asked on every query; the store remembers the answer until its next write (measured: a
    seventh of the server's work per request for a small query)."""
    listed: list[str] = store.remembered(
        ("data-graphs", base, include_curated), lambda: _data_graphs(store, base, include_curated)
    )
    return list(listed)


def _data_graphs(store: Store, base: str, include_curated: bool) -> list[str]:
    rows = store.select(union_graph.data_graphs_query(catalog_iri(base)))
    graphs = sorted(row["g"] for row in rows)
    if include_curated:
        return graphs
    from loaders.tables import is_curated_graph  # here: every command imports this module

    return [g for g in graphs if not is_curated_graph(g)]
