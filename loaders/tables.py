"""County tables → RDF: one graph per source, every entity tied to its source sections.

Two passes: the first indexes every row's key and mints its IRI (so references may point to
rows of any source), the second turns each cell into triples. Problems of all rows are
collected; if there is any, nothing is returned and `LoadError` lists them all.

A national load maps millions of rows, so the hot path is kept lean (measured on a synthetic
county of 125k triples: 3.1 s of CPU before, see `bench/endpoint.py`): the graphs use the
subject-indexed store of `loaders.graphs` and are filled through its unchecked `add_triple`;
the cyclic garbage collector is paused while the tables are read and the graphs are built
(`collector_paused`), as they allocate hundreds of thousands of objects and free none, so
each collection would walk them all again for nothing; a cell's location is made only for a
problem; shared nodes (periods, the observation data set) are minted once.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import XSD

from loaders.errors import LoadError, Location, Problem
from loaders.graphs import SubjectMemory, new_graph
from loaders.schema import (
    ACTOR_KIND_CONCEPTS,
    CLASS_BY_KIND_COLUMN,
    SCHEME_KINDS,
    TABLES,
    Column,
    ColumnType,
    Table,
)
from loaders.sources import RawRow, RawTable, suggest
from loaders.values import (
    CellError,
    Period,
    parse_date,
    parse_decimal,
    parse_integer,
    parse_labels,
    parse_period,
    split_list,
)
from ontology import iris
from ontology.namespaces import (
    DCAT,
    DCT,
    DEFAULT_BASE_IRI,
    LANKA,
    ORG,
    QB,
    SKOS,
    TIME,
)

# terms of every row, looked up once: a namespace attribute mints a new URIRef each time
_TYPE, _LABEL, _TITLE, _DATA_SET = RDF.type, RDFS.label, DCT.title, QB.dataSet

# Given a class, the standard classes above it (from the ontology), so the data carries
# both `lanka:Committee` and, say, `org:Organization` for clients that know only the latter.
SuperTypes = Callable[[URIRef], Iterable[URIRef]]


@dataclass(frozen=True)
class SourceTables:
    """The raw tables of one source (a CSV folder or a workbook)."""

    name: str
    tables: list[RawTable]


@dataclass(frozen=True)
class Entity:
    table: str
    key: str
    iri: URIRef
    source: str
    where: Location


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: Location, fi: str, en: str) -> None:
        self.problems.append(Problem(where, fi, en))


def _law_iri(row: RawRow, entities_rows: dict[str, RawRow], area: str, base: str) -> URIRef:
    """Finlex/EU ELI IRI for acts and chapter-located sections; our own IRI otherwise."""
    values = row.values
    number = values.get("numero", "")
    if values.get("laji") in ("laki", "asetus") and number:
        digits = number.upper().replace("EU", "").replace("(", "").replace(")", "").strip()
        first, _, second = (part.strip() for part in digits.partition("/"))
        if first.isdigit() and second.isdigit():
            if "EU" in number.upper():  # EU acts are written year/number: EU 2016/679
                return iris.eu_regulation(int(first), int(second))
            return iris.finlex_act(int(second), int(first))  # Finnish acts number/year
    parent = entities_rows.get(values.get("osa", ""))
    chapter = values.get("luku", "")
    if values.get("laji") == "pykala" and parent is not None and chapter:
        act = _law_iri(parent, entities_rows, area, base)
        if act.startswith(iris.FINLEX_ACT.split("{")[0]):
            return iris.finlex_section(
                act, values.get("pykala", ""), None if chapter == "-" else chapter
            )
    return iris.mint("law", values["avain"], base=base)


def _entity_iri(
    table: Table, row: RawRow, rows_by_key: dict[str, RawRow], area: str, base: str
) -> URIRef:
    values = row.values
    if table.name == "lait":
        return _law_iri(row, rows_by_key, area, base)
    if table.name == "toimijat" and values.get("laji") == "kunta" and values.get("tunnus"):
        return iris.mint("municipality", values["tunnus"], base=base)
    return iris.mint(table.iri_kind, values["avain"], area=area, base=base)


def index_entities(
    sources: list[SourceTables], area: str, base: str, collector: _Collector
) -> dict[tuple[str, str], Entity]:
    """Every row's key → entity, checking keys and duplicates across all sources."""
    index: dict[tuple[str, str], Entity] = {}
    for source in sources:
        for raw in source.tables:
            table = TABLES[raw.name]
            rows_by_key = {r.values.get("avain", ""): r for r in raw.rows}
            for row in raw.rows:
                key = row.values.get("avain", "")
                where = raw.where(row.number, "avain")
                if not key:
                    collector.add(where, "avain puuttuu", "the key is missing")
                    continue
                if not iris.KEY_PATTERN.fullmatch(key):
                    collector.add(
                        where,
                        f"avain '{key}' ei kelpaa: vain a-z, 0-9 ja -",
                        f"key '{key}' is not valid: only a-z, 0-9 and -",
                    )
                    continue
                first = index.get((table.name, key))
                if first is not None:
                    collector.add(
                        where,
                        f"avain '{key}' on jo käytössä: {first.where}",
                        f"duplicate key '{key}': first defined at {first.where}",
                    )
                    continue
                try:
                    iri = _entity_iri(table, row, rows_by_key, area, base)
                except iris.InvalidKey as exc:
                    collector.add(
                        raw.where(row.number, "tunnus"),
                        f"tunnus '{exc}' ei kelpaa",
                        f"code '{exc}' is not valid",
                    )
                    continue
                index[(table.name, key)] = Entity(table.name, key, iri, source.name, where)
    return index


class _RowWriter:
    """Turns the cells of one row into triples in its source's graph."""

    def __init__(
        self,
        index: dict[tuple[str, str], Entity],
        collector: _Collector,
        supertypes: SuperTypes,
        area: str,
        base: str,
    ) -> None:
        self.index = index
        self.collector = collector
        self.supertypes = supertypes
        self.area = area
        self.base = base
        self.scheme_classes: dict[str, URIRef] = {}
        # (graph, node) pairs whose shared description (a period, the observation data set)
        # is already in the graph: thousands of rows name the same few
        self.described: set[tuple[int, URIRef]] = set()
        self.observation_dataset = iris.mint("dataset", "havainnot", area=area, base=base)
        self.period_nodes: dict[str, URIRef] = {}

    def resolve(self, column: Column, value: str, raw: RawTable, row: int) -> URIRef | None:
        """The IRI a reference names, or None (the problem recorded) when it names none."""
        if column.polymorphic:
            table, colon, key = value.partition(":")
            targets: tuple[str, ...] = (table,) if colon and table in column.targets else ()
        else:
            targets, key = column.targets, value
        for table in targets:
            entity = self.index.get((table, key))
            if entity is not None:
                return entity.iri
        return self._resolve(column, value, raw.where(row, column.name))  # a problem

    def _resolve(self, column: Column, value: str, where: Location) -> URIRef | None:
        """`resolve` again, the slow way, to record what is wrong with the reference."""
        if column.polymorphic:
            table, colon, key = value.partition(":")
            if not colon or table not in column.targets:
                self.collector.add(
                    where,
                    f"viittaus '{value}' pitää kirjoittaa muodossa taulu:avain "
                    f"(taulut: {', '.join(column.targets)})",
                    f"reference '{value}' must be written table:key "
                    f"(tables: {', '.join(column.targets)})",
                )
                return None
            targets: tuple[str, ...] = (table,)
        else:
            targets, key = column.targets, value
        for table in targets:
            entity = self.index.get((table, key))
            if entity is not None:
                return entity.iri
        keys = {k for (t, k) in self.index if t in targets}
        hint = suggest(key, keys)
        self.collector.add(
            where,
            f"tuntematon viittaus '{value}' tauluun {'/'.join(targets)}"
            + (f" (lähimmät: {hint})" if hint else ""),
            f"unknown reference '{value}' to table {'/'.join(targets)}"
            + (f" (closest: {hint})" if hint else ""),
        )
        return None

    def period(self, graph: Graph, period: Period) -> URIRef:
        node = self.period_nodes.get(period.key)
        if node is None:
            node = self.period_nodes[period.key] = iris.mint("period", period.key, base=self.base)
        if (id(graph), node) in self.described:
            return node  # already described in this graph
        self.described.add((id(graph), node))
        add = _store(graph).add_triple
        add(node, RDF.type, TIME.ProperInterval)
        add(node, RDF.type, DCT.PeriodOfTime)
        add(node, RDFS.label, Literal(period.label))
        add(node, DCAT.startDate, Literal(period.start, datatype=XSD.date))
        add(node, DCAT.endDate, Literal(period.end, datatype=XSD.date))
        for prop, day in ((TIME.hasBeginning, period.start), (TIME.hasEnd, period.end)):
            instant = iris.mint("period", day.isoformat(), base=self.base)
            add(node, prop, instant)
            add(instant, RDF.type, TIME.Instant)
            add(instant, TIME.inXSDDate, Literal(day, datatype=XSD.date))
        return node

    def objects(
        self, graph: Graph, column: Column, value: str, raw: RawTable, row: int
    ) -> list[URIRef | Literal]:
        """The RDF terms a cell stands for; references are checked even when not emitted."""
        kind = column.type
        if kind is ColumnType.TEXT_FI:
            return [Literal(value, lang="fi")]
        if kind is ColumnType.TEXT_EN:
            return [Literal(value, lang="en")]
        if kind is ColumnType.TEXT:
            return [Literal(value)]
        if kind is ColumnType.LABELS:
            return list(parse_labels(value))
        if kind in (ColumnType.REF, ColumnType.REFS):
            items = split_list(value) if kind is ColumnType.REFS else [value]
            targets = [self.resolve(column, item, raw, row) for item in items]
            return [t for t in targets if t is not None]
        if kind is ColumnType.ENUM:
            return [column.choices[value]]
        if kind is ColumnType.PERIOD:
            return [self.period(graph, _period(value))]
        if kind is ColumnType.DATE:
            return [parse_date(value)]
        if kind is ColumnType.DECIMAL:
            return [parse_decimal(value)]
        if kind is ColumnType.INTEGER:
            return [parse_integer(value)]
        return []

    def types(self, graph: Graph, subject: URIRef, rdf_class: URIRef) -> None:
        add = _store(graph).add_triple
        add(subject, _TYPE, rdf_class)
        for supertype in self.supertypes(rdf_class):
            add(subject, _TYPE, supertype)

    def row(self, graphs: dict[str, Graph], raw: RawTable, row: RawRow, entity: Entity) -> None:
        table = TABLES[raw.name]
        graph = graphs[entity.source]
        add = _store(graph).add_triple
        subject = entity.iri
        values = row.values
        for column in table.columns:
            value = values.get(column.name, "")
            if not value:
                if column.required:
                    self.collector.add(
                        raw.where(row.number, column.name),
                        f"pakollinen arvo '{column.name}' puuttuu",
                        f"required value '{column.name}' is missing",
                    )
                continue
            if column.type is ColumnType.ENUM and value not in column.choices:
                hint = ", ".join(column.choices)
                self.collector.add(
                    raw.where(row.number, column.name),
                    f"'{value}' ei ole sallittu arvo (sallitut: {hint})",
                    f"'{value}' is not an allowed value (allowed: {hint})",
                )
                continue
            if column.type is ColumnType.KEY:
                continue
            try:
                terms = self.objects(graph, column, value, raw, row.number)
            except CellError as exc:
                self.collector.add(raw.where(row.number, column.name), exc.fi, exc.en)
                continue
            if column.predicate is not None:
                for term in terms:
                    add(subject, column.predicate, term)
        self.table_specific(graph, graphs, table, row, entity)

    def table_specific(
        self, graph: Graph, graphs: dict[str, Graph], table: Table, row: RawRow, entity: Entity
    ) -> None:
        values = row.values
        subject = entity.iri
        kind_map = CLASS_BY_KIND_COLUMN.get(table.name)
        if table.rdf_class is not None:
            self.types(graph, subject, table.rdf_class)
        elif kind_map is not None and values.get("laji") in kind_map:
            self.types(graph, subject, kind_map[values["laji"]])
        store = _store(graph)
        for title in list(store.spo.get(subject, {}).get(_TITLE, ())):
            store.add_triple(subject, _LABEL, title)
        if table.name == "kasitteet":
            self.types(graph, subject, SKOS.Concept)
            concept_class = self.scheme_classes.get(values.get("kaavio", ""))
            if concept_class is not None and concept_class != SKOS.Concept:
                self.types(graph, subject, concept_class)
        elif table.name == "tavoitteet" and not values.get("ylempi"):
            plan = self.index.get(("suunnitelmat", values.get("suunnitelma", "")))
            if plan is not None:
                graph.add((subject, SKOS.topConceptOf, plan.iri))
        elif table.name == "toimijat":
            self._actor(graph, subject, values)
        elif table.name == "mittarit" and values.get("sotkanet"):
            graph.add(
                (
                    subject,
                    SKOS.exactMatch,
                    URIRef(iris.SOTKANET_INDICATOR.format(id=values["sotkanet"])),
                )
            )
        elif table.name == "havainnot":
            self._observation(graph, subject, values)
        elif table.name == "kohdistukset":
            self._alignment(graphs, entity, values)

    def _actor(self, graph: Graph, subject: URIRef, values: dict[str, str]) -> None:
        kind = values.get("laji", "")
        if kind in ACTOR_KIND_CONCEPTS:
            graph.add((subject, ORG.classification, ACTOR_KIND_CONCEPTS[kind]))
        parent = self.index.get(("toimijat", values.get("ylaorganisaatio", "")))
        if parent is not None:
            if kind == "virka":
                link = ORG.postIn
            elif kind in ("toimialue", "yksikko"):
                link = ORG.unitOf
            else:
                link = ORG.subOrganizationOf
            graph.add((subject, link, parent.iri))
        if kind == "kunta" and values.get("tunnus"):
            graph.add(
                (
                    subject,
                    SKOS.exactMatch,
                    URIRef(iris.MUNICIPALITY_CODE.format(code=values["tunnus"])),
                )
            )

    def _observation(self, graph: Graph, subject: URIRef, values: dict[str, str]) -> None:
        dataset = self.observation_dataset
        _store(graph).add_triple(subject, _DATA_SET, dataset)
        if (id(graph), dataset) in self.described:
            return
        self.described.add((id(graph), dataset))
        graph.add((dataset, RDF.type, QB.DataSet))
        graph.add((dataset, RDFS.label, Literal("Mittareiden havainnot", lang="fi")))
        graph.add((dataset, RDFS.label, Literal("Indicator observations", lang="en")))

    def _alignment(self, graphs: dict[str, Graph], entity: Entity, values: dict[str, str]) -> None:
        """The direct link goes to a graph of its own, so queries can include or leave it out."""
        source_graph = graphs[entity.source]
        start = source_graph.value(entity.iri, LANKA.alignedFrom)
        end = source_graph.value(entity.iri, LANKA.alignedTo)
        relation = source_graph.value(entity.iri, LANKA.alignmentProperty)
        if start is None or end is None or relation is None:
            return
        curated = graphs.get(curated_graph_name(entity.source))
        if curated is None:
            curated = graphs[curated_graph_name(entity.source)] = new_graph()
        curated.add((start, URIRef(str(relation)), end))


CURATED_SUFFIX = "-kohdistukset"


def curated_graph_name(source: str) -> str:
    """The graph of a source's curated alignments, beside the source's own graph."""
    return f"{source}{CURATED_SUFFIX}"


def is_curated_graph(graph: str) -> bool:
    return graph.endswith(CURATED_SUFFIX)


@lru_cache(maxsize=4096)
def _period(text: str) -> Period:
    """Thousands of rows name the same few periods; a bad one raises every time."""
    return parse_period(text)


def _store(graph: Graph) -> SubjectMemory:
    store = graph.store
    assert isinstance(store, SubjectMemory), "graphs of a mapping come from new_graph()"
    return store


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (reference counting still frees everything).

    Nested pauses are fine: only the outermost one turns the collector back on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def tables_to_rdf(
    sources: list[SourceTables],
    *,
    area: str,
    base: str = DEFAULT_BASE_IRI,
    supertypes: SuperTypes = lambda _cls: (),
) -> dict[str, Graph]:
    """Map all sources at once; returns source name → graph, or raises `LoadError`."""
    with collector_paused():
        return _tables_to_rdf(sources, area=area, base=base, supertypes=supertypes)


def _tables_to_rdf(
    sources: list[SourceTables], *, area: str, base: str, supertypes: SuperTypes
) -> dict[str, Graph]:
    collector = _Collector()
    index = index_entities(sources, area, base, collector)
    writer = _RowWriter(index, collector, supertypes, area, base)
    writer.scheme_classes = {
        row.values["avain"]: SCHEME_KINDS[row.values["luokka"]]
        for source in sources
        for raw in source.tables
        if raw.name == "kaaviot"
        for row in raw.rows
        if row.values.get("luokka") in SCHEME_KINDS and row.values.get("avain")
    }
    graphs: dict[str, Graph] = {s.name: new_graph() for s in sources}
    for source in sources:
        for raw in source.tables:
            for row in raw.rows:
                entity = index.get((raw.name, row.values.get("avain", "")))
                if entity is None or (entity.table, entity.where.file, entity.where.row) != (
                    raw.name,
                    raw.file,
                    row.number,
                ):
                    continue  # a key problem, already reported
                writer.row(graphs, raw, row, entity)
    if collector.problems:
        raise LoadError(collector.problems)
    return graphs
