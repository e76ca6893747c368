"""From paths on disk to graphs in the store, all or nothing.

A path is a county dataset folder (with `aineisto.toml`), a table source (CSV folder or
workbook), or an RDF file. Each mapped graph is staged at once (the on-disk store writes it
to an N-Triples file, see `service.generations`); only when every source mapped without a
problem are the staged graphs and the updated catalog swapped in, in one step that readers
see whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rdflib import Graph

from loaders.dataset import is_dataset, map_dataset, map_sources, source_digest
from loaders.errors import LoadError, Location, Problem
from loaders.rdf_files import is_rdf_file, read_rdf_file
from loaders.tables import curated_graph_name
from ontology import iris
from ontology.namespaces import SPDX, bind_prefixes
from service.catalog import DatasetEntry, GraphEntry, catalog_iri, updated_catalog
from service.settings import Settings
from service.store import Store


@dataclass
class LoadPlan:
    """A load in progress: each graph is staged as soon as it is mapped, then committed.

    Staging source by source keeps memory to one source's graph at a time; staged graphs
    are invisible to readers until `commit` swaps them all in at once.
    """

    store: Store
    staged: dict[str, str] = field(default_factory=dict)
    entries: list[GraphEntry] = field(default_factory=list)
    datasets: list[DatasetEntry] = field(default_factory=list)
    triples: int = 0

    def add(self, name: str, graph: Graph, title: str, digest: str, dataset: str | None) -> None:
        self.staged[name] = self.store.stage(graph, name)
        self.entries.append(GraphEntry(name, title, digest, dataset))
        self.triples += len(graph)

    @property
    def graphs(self) -> list[str]:
        return list(self.staged)


def _packaged_turtle_files(package: str) -> list[tuple[str, bytes]]:
    return sorted(
        (item.name, item.read_bytes())
        for item in resources.files(package).iterdir()
        if item.name.endswith(".ttl")
    )


def packaged_digest(package: str) -> str:
    digest = hashlib.sha256()
    for name, data in _packaged_turtle_files(package):
        digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()


def packaged_graph(package: str) -> Graph:
    """All `.ttl` files of a package (ontology, shapes) as one graph."""
    graph = bind_prefixes(Graph())
    for _name, data in _packaged_turtle_files(package):
        graph.parse(data=data.decode("utf-8"), format="turtle")
    return graph


def system_graph_names(base: str) -> dict[str, str]:
    return {
        name: str(iris.mint("system-graph", name, base=base)) for name in ("ontology", "shapes")
    }


def plan_system_graphs(plan: LoadPlan, base: str) -> None:
    for name, graph_iri in system_graph_names(base).items():
        plan.add(graph_iri, packaged_graph(name), name, packaged_digest(name), None)


def plan_dataset(plan: LoadPlan, folder: Path, base: str) -> None:
    dataset = map_dataset(folder, base=base)
    manifest = dataset.manifest
    dataset_iri = str(iris.mint("county-dataset", manifest.area, base=base))
    plan.datasets.append(
        DatasetEntry(
            dataset_iri,
            manifest.title_fi,
            manifest.title_en,
            manifest.version,
            manifest.licence,
            dataset.digest,
        )
    )
    for source in dataset.sources:
        name = str(iris.mint("graph", source.name, area=manifest.area, base=base))
        plan.add(name, source.graph, source.name, source.digest, dataset_iri)
    for extra_name, graph in dataset.extra.items():
        name = str(iris.mint("graph", extra_name, area=manifest.area, base=base))
        origin = extra_name.removesuffix("-kohdistukset")
        digest = next(s.digest for s in dataset.sources if s.name == origin)
        plan.add(name, graph, extra_name, digest, dataset_iri)


def plan_rdf_file(plan: LoadPlan, path: Path, base: str) -> None:
    """Each graph of the file is staged and then let go, so that the load never holds more
    than the parsed file; the file is hashed once, however many graphs it holds."""
    dataset_iri = str(iris.mint("county-dataset", "tiedostot", base=base))
    default = str(iris.mint("graph", _slug(path.stem), area="tiedostot", base=base))
    graphs = read_rdf_file(path, default)
    digest = source_digest(path)
    for name in list(graphs):
        plan.add(name, graphs.pop(name), path.name, digest, dataset_iri)


def plan_tables(plan: LoadPlan, paths: list[Path], area: str, base: str) -> None:
    """Table sources named on their own, mapped together (they may refer to each other)."""
    mapped, extra = map_sources(paths, area=area, base=base)
    dataset_iri = str(iris.mint("county-dataset", area, base=base))
    for source in mapped:
        name = str(iris.mint("graph", source.name, area=area, base=base))
        plan.add(name, source.graph, source.name, source.digest, dataset_iri)
        curated_name = curated_graph_name(source.name)
        curated = extra.get(curated_name)
        if curated is not None:
            graph_iri = str(iris.mint("graph", curated_name, area=area, base=base))
            plan.add(graph_iri, curated, curated_name, source.digest, dataset_iri)


def load_paths(
    store: Store, paths: list[Path], settings: Settings, *, with_system: bool = False
) -> LoadPlan:
    """Map and stage every path, then commit; one `LoadError` holds the problems of all."""
    store.discard_staging()
    try:
        return _load_paths(store, paths, settings, with_system=with_system)
    except BaseException:  # a failed load leaves nothing staged (on disk: no half-built store)
        store.discard_staging()
        raise


def _load_paths(
    store: Store, paths: list[Path], settings: Settings, *, with_system: bool
) -> LoadPlan:
    plan = LoadPlan(store)
    problems: list[Problem] = []
    base, area = settings.base_iri, settings.area
    if with_system:
        plan_system_graphs(plan, base)
    table_sources: list[Path] = []
    for path in paths:
        try:
            if not path.exists():
                raise LoadError(
                    [
                        Problem(
                            Location(str(path)), "polkua ei ole olemassa", "the path does not exist"
                        )
                    ]
                )
            if is_dataset(path):
                plan_dataset(plan, path, base)
            elif is_rdf_file(path):
                plan_rdf_file(plan, path, base)
            else:
                table_sources.append(path)
        except LoadError as exc:
            problems.extend(exc.problems)
    if table_sources:
        try:
            plan_tables(plan, table_sources, area, base)
        except LoadError as exc:
            problems.extend(exc.problems)
    if problems:
        raise LoadError(problems)
    commit(plan, settings.base_iri)
    return plan


def _slug(text: str) -> str:
    slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in text.lower()).strip("-")
    return slug or "tiedosto"


def read_graph(store: Store, name: str) -> Graph:
    graph = bind_prefixes(Graph())
    if name in store.graph_names():
        graph.parse(data=store.export("nt", name).decode("utf-8"), format="nt")
    return graph


def commit(plan: LoadPlan, base: str, now: dt.datetime | None = None) -> None:
    """Swap the staged graphs and the updated catalog in, in one transaction."""
    moment = now or dt.datetime.now(dt.UTC)
    name = catalog_iri(base)
    catalog = updated_catalog(
        read_graph(plan.store, name),
        base=base,
        graphs=plan.entries,
        datasets=plan.datasets,
        now=moment,
    )
    plan.store.commit({**plan.staged, name: plan.store.stage(catalog, name)})


def recorded_digests(store: Store, base: str) -> dict[str, str]:
    """Graph → digest of the source it was loaded from, as the catalog records it."""
    rows = store.select(
        f"""PREFIX spdx: <{SPDX}>
        SELECT ?g ?digest WHERE {{
          GRAPH <{catalog_iri(base)}> {{ ?g spdx:checksum/spdx:checksumValue ?digest }}
        }}"""
    )
    return {row["g"]: row["digest"] for row in rows}


def expected_default_digests(settings: Settings) -> dict[str, str]:
    """What the default load would record, computed from the files alone (no mapping)."""
    from loaders.dataset import read_manifest

    base = settings.base_iri
    expected = {}
    for name, graph_iri in system_graph_names(base).items():
        expected[graph_iri] = packaged_digest(name)
    manifest = read_manifest(settings.dataset)
    for source in manifest.sources:
        graph_iri = str(iris.mint("graph", source, area=manifest.area, base=base))
        expected[graph_iri] = source_digest(settings.dataset / source)
    return expected


def default_load_needed(store: Store, settings: Settings) -> bool:
    """True when the store is empty or any default graph is older than its source."""
    recorded = recorded_digests(store, settings.base_iri)
    expected = expected_default_digests(settings)
    return any(recorded.get(graph) != digest for graph, digest in expected.items())


def load_default(store: Store, settings: Settings) -> LoadPlan:
    return load_paths(store, [settings.dataset], settings, with_system=True)
