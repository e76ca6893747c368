"""The graph page's data: named-query rows → a networkx graph → Cytoscape JSON elements.

Every view is built from the named queries in `queries/graph/`, so what the page draws is
what a user gets by running those queries. A view is a `MultiDiGraph` whose nodes are IRIs
and whose edges are keyed by the relation's IRI, pointing as the RDF statement points
(subject → object). Filters, gap marks, neighbourhood expansion and shortest paths work on
that graph; the page, the exports and the analytics all read the same one.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import networkx as nx
from rdflib import RDFS, Literal
from rdflib.term import Identifier

from loaders.errors import GraphRequestError
from loaders.schema import ACTOR_KINDS
from loaders.supertypes import ontology_graph
from ontology.namespaces import CV, DCT, ELI, LANKA_NS, ORG, SKOS, compact
from queries.registry import Registry, load_registry
from service.named_queries import run_named
from service.store import Store

LANG = ("fi", "en")
VIEWS: dict[str, tuple[str, ...]] = {
    "strategy": ("graph-strategy-tree",),
    "actors": ("graph-actor-network",),
    "legal": ("graph-legal-map",),
    "all": ("graph-strategy-tree", "graph-actor-network", "graph-legal-map"),
}
VIEW_NAMES = (*VIEWS, "neighbourhood")
FACETS = ("theme", "group", "owner", "plan")
DEFAULT_CAP = 25
MAX_DEPTH = 3
ACTOR_KIND_NAMES = frozenset(str(c)[len(LANKA_NS) :] for c in ACTOR_KINDS.values())
GAPS = {"no-owner": "owner", "no-indicator": "indicator"}

_L = LANKA_NS
# Edge labels read as the statement reads: source —label→ target.
RELATIONS: dict[str, tuple[str, str]] = {
    str(SKOS.broader): ("osa tavoitetta", "part of"),
    str(SKOS.inScheme): ("suunnitelmassa", "in plan"),
    _L + "contributesTo": ("edistää", "contributes to"),
    _L + "servesObjective": ("toteuttaa", "serves"),
    _L + "indicator": ("mittari", "metric"),
    _L + "measuresProgressOf": ("kertoo edistymisestä", "shows progress of"),
    str(DCT.isPartOf): ("osa", "part of"),
    _L + "owner": ("vastuutaho", "owned by"),
    _L + "participant": ("mukana", "partner"),
    _L + "recipient": ("saaja", "received by"),
    _L + "grantor": ("myöntäjä", "granted by"),
    _L + "dutyHolder": ("velvollinen", "duty of"),
    _L + "approvedBy": ("hyväksyjä", "approved by"),
    str(DCT.creator): ("laatija", "prepared by"),
    str(ORG.subOrganizationOf): ("osa organisaatiota", "part of"),
    str(ORG.unitOf): ("yksikkö", "unit of"),
    str(ORG.postIn): ("virka", "post in"),
    str(ORG.memberOf): ("jäsen", "member of"),
    _L + "monitors": ("seuraa", "monitors"),
    str(ELI.is_part_of): ("pykälä laissa", "section of"),
    str(CV.hasLegalResource): ("perustuu", "rests on"),
    _L + "fulfilledBy": ("täyttäjä", "fulfilled by"),
    _L + "theme": ("teema", "theme"),
    _L + "populationGroup": ("kohderyhmä", "population group"),
}
# Relations whose object is the more concrete end: the context of a matched node follows
# these backwards (a measure brings the duty it fulfils, a plan the body that monitors it).
_BACKWARD = frozenset({_L + "fulfilledBy", _L + "monitors"})


@dataclass(frozen=True)
class Entity:
    iri: str
    kind: str  # local name of the project's class: "Measure", "NGO", ...
    labels: dict[str, str]


@dataclass
class Catalogue:
    """Every described entity with its names, and the facet values filters and gaps use."""

    entities: dict[str, Entity] = field(default_factory=dict)
    facets: dict[str, dict[str, set[str]]] = field(default_factory=dict)

    def label(self, iri: str, lang: str) -> str:
        entity = self.entities.get(iri)
        return entity.labels[lang] if entity else compact(iri)

    def values(self, iri: str, facet: str) -> set[str]:
        return self.facets.get(iri, {}).get(facet, set())


@dataclass(frozen=True)
class Filters:
    """What the page narrows a view to; empty sets filter nothing."""

    kinds: frozenset[str] = frozenset()
    theme: frozenset[str] = frozenset()
    group: frozenset[str] = frozenset()
    owner: frozenset[str] = frozenset()
    plan: frozenset[str] = frozenset()
    gaps_only: bool = False

    def facet(self, name: str) -> frozenset[str]:
        chosen: frozenset[str] = getattr(self, name)
        return chosen

    @property
    def narrows(self) -> bool:
        """True when some facet or the gap toggle is on (the kind filter is separate)."""
        return self.gaps_only or any(self.facet(f) for f in FACETS)


@cache
def registry() -> Registry:
    return load_registry()


@cache
def vocabulary() -> tuple[dict[str, dict[str, str]], dict[str, frozenset[str]]]:
    """Labels (fi, en) of the ontology's classes and properties, and each class's supers."""
    graph = ontology_graph()
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for term, label in graph.subject_objects(RDFS.label):
        if isinstance(label, Literal) and label.language in LANG:
            labels[str(term)][label.language] = str(label)
    supers = {
        str(c)[len(LANKA_NS) :]: frozenset(
            str(s)[len(LANKA_NS) :]
            for s in graph.transitive_objects(c, RDFS.subClassOf)
            if s != c and str(s).startswith(LANKA_NS)
        )
        for c in set(graph.subjects(RDFS.subClassOf, None))
        if str(c).startswith(LANKA_NS)
    }
    return dict(labels), supers


def kind_labels(kind: str) -> dict[str, str]:
    if kind == "Concept":
        return {"fi": "Käsite", "en": "Concept"}
    found = vocabulary()[0].get(LANKA_NS + kind, {})
    return {lang: found.get(lang, kind) for lang in LANG}


def relation_labels(relation: str) -> dict[str, str]:
    if relation in RELATIONS:
        fi, en = RELATIONS[relation]
        return {"fi": fi, "en": en}
    found = vocabulary()[0].get(relation, {})
    return {lang: found.get(lang, compact(relation)) for lang in LANG}


def _text(row: Mapping[str, Identifier], name: str) -> str | None:
    value = row.get(name)
    return None if value is None else str(value)


def _kind_name(kind: str) -> str:
    return kind[len(LANKA_NS) :] if kind.startswith(LANKA_NS) else "Concept"


def _most_specific(kinds: set[str]) -> str:
    """The project's own class below the others; a bare SKOS concept is only a Concept."""
    supers = vocabulary()[1]
    if len(kinds) > 1:
        kinds = kinds - {"Concept"}
    below = [k for k in sorted(kinds) if not any(k in supers.get(o, ()) for o in kinds)]
    return (below or sorted(kinds))[0]


def read_catalogue(store: Store, base: str) -> Catalogue:
    """Entities with their kind and names (graph-entities), and their facets (graph-facets)."""
    kinds: dict[str, set[str]] = defaultdict(set)
    names: dict[str, dict[str, str]] = defaultdict(dict)
    for row in run_named(store, registry().get("graph-entities"), {}, base).rows:
        iri = str(row["entity"])
        kinds[iri].add(_kind_name(str(row["kind"])))
        for column, key in (("labelFi", "fi"), ("labelEn", "en"), ("label", "")):
            text = _text(row, column)
            if text is not None:
                names[iri].setdefault(key, text)
    catalogue = Catalogue()
    for iri, found in kinds.items():
        given = names[iri]
        fi = given.get("fi") or given.get("") or given.get("en") or compact(iri)
        en = given.get("en") or given.get("") or given.get("fi") or compact(iri)
        catalogue.entities[iri] = Entity(iri, _most_specific(found), {"fi": fi, "en": en})
    facets: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in run_named(store, registry().get("graph-facets"), {}, base).rows:
        facets[str(row["entity"])][str(row["facet"])].add(str(row["value"]))
    catalogue.facets = {iri: dict(values) for iri, values in facets.items()}
    return catalogue


def gaps_of(catalogue: Catalogue, iri: str) -> list[str]:
    """A measure with no owner or no metric is a gap the auditors look for."""
    entity = catalogue.entities.get(iri)
    if entity is None or entity.kind != "Measure":
        return []
    return [gap for gap, facet in GAPS.items() if not catalogue.values(iri, facet)]


def _add_node(graph: nx.MultiDiGraph, catalogue: Catalogue, iri: str) -> None:
    if iri in graph:
        return
    entity = catalogue.entities.get(iri)
    graph.add_node(
        iri,
        kind=entity.kind if entity else "",
        labels=entity.labels if entity else {lang: compact(iri) for lang in LANG},
        dangling=entity is None,
        gaps=gaps_of(catalogue, iri),
        **{facet: sorted(catalogue.values(iri, facet)) for facet in FACETS},
    )


def _add_rows(
    graph: nx.MultiDiGraph, catalogue: Catalogue, rows: Iterable[Mapping[str, Identifier]]
) -> None:
    for row in rows:
        source = str(row["source"])
        _add_node(graph, catalogue, source)
        if "target" not in row or "relation" not in row:
            continue
        target, relation = str(row["target"]), str(row["relation"])
        _add_node(graph, catalogue, target)
        curated = row.get("curated")
        is_curated = bool(curated.toPython()) if isinstance(curated, Literal) else False
        if graph.has_edge(source, target, key=relation):
            graph.edges[source, target, relation]["curated"] |= is_curated
        else:
            graph.add_edge(source, target, key=relation, relation=relation, curated=is_curated)


def view_graph(store: Store, base: str, view: str, catalogue: Catalogue) -> nx.MultiDiGraph:
    """The whole graph of one of the fixed views (strategy, actors, legal, all)."""
    if view not in VIEWS:
        raise GraphRequestError(
            f"tuntematon näkymä '{view}' (näkymät: {', '.join(VIEW_NAMES)})",
            f"unknown view '{view}' (views: {', '.join(VIEW_NAMES)})",
        )
    graph = nx.MultiDiGraph(view=view)
    for name in VIEWS[view]:
        _add_rows(graph, catalogue, run_named(store, registry().get(name), {}, base).rows)
    return graph


_cache: weakref.WeakKeyDictionary[Any, dict[tuple[int, str], dict[str, Any]]] = (
    weakref.WeakKeyDictionary()
)
_cache_lock = threading.Lock()


def _cached(store: Store, base: str) -> dict[str, Any] | None:
    """This store's entry for its current generation; None for a store that counts none.

    The catalogue and the fixed views change only when the store does, and a 5,000-node
    view takes seconds to read, so they are kept per store and generation: a filter change
    on the page reads them from here, and any write to the store starts a new entry (the
    old one is dropped). A store that is gone takes its entries with it.
    """
    generation = getattr(store, "generation", None)
    if not isinstance(generation, int):
        return None
    key = (generation, base)
    with _cache_lock:
        entries = _cache.setdefault(store, {})
        if key not in entries:
            for old in [k for k in entries if k[0] != generation]:
                del entries[old]
            entries[key] = {"lock": threading.Lock(), "views": {}}
        return entries[key]


def cached_catalogue(store: Store, base: str) -> Catalogue:
    """`read_catalogue`, once per store generation; callers must not change it."""
    entry = _cached(store, base)
    if entry is None:
        return read_catalogue(store, base)
    with entry["lock"]:
        if "catalogue" not in entry:
            entry["catalogue"] = read_catalogue(store, base)
        catalogue: Catalogue = entry["catalogue"]
        return catalogue


def cached_view(store: Store, base: str, view: str) -> nx.MultiDiGraph:
    """`view_graph`, once per store generation; callers must not change the graph."""
    catalogue = cached_catalogue(store, base)
    entry = _cached(store, base)
    if entry is None:
        return view_graph(store, base, view, catalogue)
    with entry["lock"]:
        views: dict[str, nx.MultiDiGraph] = entry["views"]
        if view not in views:
            views[view] = view_graph(store, base, view, catalogue)
        return views[view]


def _neighbour_rows(store: Store, base: str, iri: str) -> dict[str, list[Mapping[str, Identifier]]]:
    """The neighbourhood query's rows for one entity, grouped by the entity at the other end."""
    rows = run_named(store, registry().get("graph-neighbourhood"), {"entity": iri}, base).rows
    grouped: dict[str, list[Mapping[str, Identifier]]] = defaultdict(list)
    for row in rows:
        other = str(row["target"]) if str(row["source"]) == iri else str(row["source"])
        grouped[other].append(row)
    return grouped


def neighbourhood_graph(
    store: Store,
    base: str,
    catalogue: Catalogue,
    entity: str,
    *,
    depth: int = 1,
    cap: int = DEFAULT_CAP,
    offset: int = 0,
) -> nx.MultiDiGraph:
    """An entity and its neighbours, `depth` steps out, at most `cap` new neighbours per node.

    Each node records in `more` how many of its neighbours were left out, so the page can
    offer to expand it again; `offset` skips the neighbours of `entity` already shown.
    """
    if entity not in catalogue.entities:
        raise GraphRequestError(
            f"aineistossa ei ole kuvattua asiaa {entity}",
            f"the data describes no entity {entity}",
        )
    if not 1 <= depth <= MAX_DEPTH or not 1 <= cap <= 500 or offset < 0:
        raise GraphRequestError(
            f"syvyys on 1–{MAX_DEPTH}, enimmäismäärä 1–500 ja siirtymä vähintään 0",
            f"depth is 1–{MAX_DEPTH}, cap 1–500 and offset at least 0",
        )
    graph = nx.MultiDiGraph(view="neighbourhood", entity=entity)
    _add_node(graph, catalogue, entity)
    frontier = [entity]
    for step in range(depth):
        next_frontier: list[str] = []
        for node in frontier:
            grouped = _neighbour_rows(store, base, node)
            order = sorted(
                grouped,
                key=lambda iri: (
                    catalogue.entities[iri].kind if iri in catalogue.entities else "",
                    catalogue.label(iri, "fi").casefold(),
                    iri,
                ),
            )
            start = offset if step == 0 else 0
            chosen = order[start : start + cap]
            graph.nodes[node]["more"] = max(0, len(order) - start - len(chosen))
            for other in chosen:
                if other not in graph:
                    next_frontier.append(other)
                _add_rows(graph, catalogue, grouped[other])
        frontier = next_frontier
    return graph


def _context(graph: nx.MultiDiGraph, matched: set[str]) -> set[str]:
    """Matched nodes and what they hang on: followed along edges, a few relations backwards."""
    seen, stack = set(matched), list(matched)
    while stack:
        node = stack.pop()
        ahead = (v for _, v, rel in graph.out_edges(node, keys=True) if rel not in _BACKWARD)
        behind = (u for u, _, rel in graph.in_edges(node, keys=True) if rel in _BACKWARD)
        for other in itertools.chain(ahead, behind):
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return seen


def apply_filters(graph: nx.MultiDiGraph, filters: Filters) -> nx.MultiDiGraph:
    """The nodes that match every active facet (and are gaps, when asked), with their context.

    A facet applies to the nodes that carry it: a theme filter keeps the measures of that
    theme and, as context, the objectives, plans, owners and laws they hang on. The kind
    filter then keeps only nodes of the chosen kinds.
    """
    visible = set(graph)
    if filters.narrows:
        matched = {
            node
            for node, data in graph.nodes(data=True)
            if all(set(data[f]) & filters.facet(f) for f in FACETS if filters.facet(f))
            and (data["gaps"] or not filters.gaps_only)
        }
        visible = _context(graph, matched)
    if filters.kinds:
        visible = {n for n in visible if graph.nodes[n]["kind"] in filters.kinds}
    sub: nx.MultiDiGraph = graph.subgraph(visible).copy()
    return sub


def edge_id(source: str, relation: str, target: str) -> str:
    return f"{source} {relation} {target}"


def page_link(iri: str, base: str) -> str:
    """The server's own page for an IRI it minted; other IRIs link to themselves."""
    return "/" + iri[len(base) :] if iri.startswith(base + "id/") else iri


def node_data(graph: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    """What the page needs to draw and filter a node; the panel asks for the rest."""
    data = graph.nodes[node]
    kind = data["kind"]
    body: dict[str, Any] = {
        "id": node,
        "label_fi": data["labels"]["fi"],
        "label_en": data["labels"]["en"],
        "kind": kind,
        "actor": kind in ACTOR_KIND_NAMES,
        "gaps": data["gaps"],
        "gap": bool(data["gaps"]),
        "dangling": data["dangling"],
        **{facet: data[facet] for facet in FACETS},
    }
    if "more" in data:
        body["more"] = data["more"]
    return body


def edge_data(source: str, target: str, relation: str, curated: bool) -> dict[str, Any]:
    labels = relation_labels(relation)
    return {
        "id": edge_id(source, relation, target),
        "source": source,
        "target": target,
        "relation": relation,
        "label_fi": labels["fi"],
        "label_en": labels["en"],
        "curated": curated,
    }


def facet_options(graph: nx.MultiDiGraph, catalogue: Catalogue) -> dict[str, list[dict[str, Any]]]:
    """The values each filter offers in this view, with labels and how many nodes carry them."""
    counts: dict[str, dict[str, int]] = {name: defaultdict(int) for name in ("kind", *FACETS)}
    for _, data in graph.nodes(data=True):
        if data["kind"]:
            counts["kind"][data["kind"]] += 1
        for facet in FACETS:
            for value in data[facet]:
                counts[facet][value] += 1
    options: dict[str, list[dict[str, Any]]] = {}
    for name, found in counts.items():
        items = []
        for value, count in found.items():
            labels = (
                kind_labels(value)
                if name == "kind"
                else {lang: catalogue.label(value, lang) for lang in LANG}
            )
            items.append(
                {"value": value, "label_fi": labels["fi"], "label_en": labels["en"], "count": count}
            )
        options[name] = sorted(items, key=lambda i: (str(i["label_fi"]).casefold(), i["value"]))
    return options


def to_cytoscape(graph: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape.js elements JSON: `{"nodes": [{"data": ...}], "edges": [{"data": ...}]}`."""
    nodes = [{"data": node_data(graph, n)} for n in sorted(graph)]
    edges = [
        {"data": edge_data(u, v, rel, bool(d["curated"]))}
        for u, v, rel, d in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3])
    ]
    return {"nodes": nodes, "edges": edges}


def visible_ids(graph: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Only the ids of what a filter leaves visible: the page hides the rest in place."""
    return {
        "nodes": sorted(graph),
        "edges": sorted(edge_id(u, rel, v) for u, v, rel in graph.edges(keys=True)),
    }


def counts(graph: nx.MultiDiGraph) -> dict[str, int]:
    return {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "gaps": sum(1 for _, d in graph.nodes(data=True) if d["gaps"]),
    }


def shortest_paths(
    graph: nx.MultiDiGraph, source: str, target: str, limit: int = 5
) -> list[dict[str, list[str]]]:
    """The shortest paths between two nodes, edges read either way, at most `limit` of them.

    Each path lists its nodes and, between each pair, the ids of the edges that join them.
    """
    for end in (source, target):
        if end not in graph:
            raise GraphRequestError(f"{end} ei ole tässä näkymässä", f"{end} is not in this view")
    undirected = graph.to_undirected(as_view=True)
    try:
        found = list(itertools.islice(nx.all_shortest_paths(undirected, source, target), limit))
    except nx.NetworkXNoPath:
        return []
    paths = []
    for nodes in found:
        edges: list[str] = []
        for u, v in itertools.pairwise(nodes):
            for a, b in ((u, v), (v, u)):
                for rel in graph.get_edge_data(a, b, default={}):
                    edges.append(edge_id(a, rel, b))
        paths.append({"nodes": list(nodes), "edges": edges})
    return paths


_SEARCH_SKIPS = frozenset({"DocumentSection", "CuratedAlignment", "SourceDocument"})


def search(catalogue: Catalogue, text: str, limit: int = 12) -> list[dict[str, str]]:
    """Entities whose Finnish or English name contains the text; names that start with it
    first, then shorter names."""
    wanted = text.strip().casefold()
    if not wanted:
        return []
    hits = []
    for entity in catalogue.entities.values():
        if entity.kind in _SEARCH_SKIPS:
            continue
        names = [entity.labels[lang].casefold() for lang in LANG]
        if not any(wanted in name for name in names):
            continue
        starts = any(name.startswith(wanted) for name in names)
        hits.append((not starts, len(entity.labels["fi"]), entity.labels["fi"], entity))
    hits.sort(key=lambda h: h[:3])
    return [
        {
            "id": e.iri,
            "label_fi": e.labels["fi"],
            "label_en": e.labels["en"],
            "kind": e.kind,
            "kind_fi": kind_labels(e.kind)["fi"],
            "kind_en": kind_labels(e.kind)["en"],
        }
        for *_, e in hits[:limit]
    ]


def entity_card(store: Store, base: str, catalogue: Catalogue, iri: str) -> dict[str, Any]:
    """The side panel: names, other names, descriptions, other values, sources and links."""
    if iri not in catalogue.entities:
        raise GraphRequestError(
            f"aineistossa ei ole kuvattua asiaa {iri}", f"the data describes no entity {iri}"
        )
    entity = catalogue.entities[iri]
    card: dict[str, Any] = {
        "id": iri,
        "kind": entity.kind,
        "kind_labels": kind_labels(entity.kind),
        "labels": entity.labels,
        "page": page_link(iri, base),
        "gaps": gaps_of(catalogue, iri),
        "alt_labels": [],
        "descriptions": {},
        "values": [],
        "sources": [],
        "links": [],
    }
    sources: dict[str, dict[str, Any]] = {}
    rows = run_named(store, registry().get("graph-entity-card"), {"entity": iri}, base).rows
    for row in rows:
        prop = str(row["property"])
        value = row.get("value")
        if "section" in row:
            section = str(row["section"])
            found = sources.setdefault(
                section,
                {
                    "section": section,
                    "title": _text(row, "sectionTitle") or compact(section),
                    "document": _text(row, "document"),
                    "document_titles": {},
                },
            )
            title = row.get("documentTitle")
            if isinstance(title, Literal):
                found["document_titles"].setdefault(title.language or "", str(title))
            continue
        if not isinstance(value, Literal) or prop == str(RDFS.label):
            continue
        if prop == str(SKOS.altLabel):
            card["alt_labels"].append({"lang": value.language or "", "text": str(value)})
        elif prop == str(DCT.description) and value.language in LANG:
            card["descriptions"][value.language] = str(value)
        else:
            card["values"].append(
                {
                    "property": prop,
                    "labels": relation_labels(prop),
                    "text": str(value),
                    "lang": value.language or "",
                }
            )
    for found in sources.values():
        titles = found.pop("document_titles")
        found["document_title"] = {
            lang: titles.get(lang) or titles.get("") or next(iter(titles.values()), "")
            for lang in LANG
        }
        card["sources"].append(found)
    grouped = _neighbour_rows(store, base, iri)
    for other, found_rows in sorted(grouped.items(), key=lambda i: catalogue.label(i[0], "fi")):
        for link in found_rows:
            outgoing = str(link["source"]) == iri
            card["links"].append(
                {
                    "id": other,
                    "relation": str(link["relation"]),
                    "relation_labels": relation_labels(str(link["relation"])),
                    "outgoing": outgoing,
                    "labels": {lang: catalogue.label(other, lang) for lang in LANG},
                    "kind": catalogue.entities[other].kind if other in catalogue.entities else "",
                }
            )
    return card


def parse_filters(
    kinds: Iterable[str] = (),
    theme: Iterable[str] = (),
    group: Iterable[str] = (),
    owner: Iterable[str] = (),
    plan: Iterable[str] = (),
    gaps_only: bool = False,
) -> Filters:
    def clean(values: Iterable[str]) -> frozenset[str]:
        return frozenset(v for v in values if v)

    return Filters(
        kinds=clean(kinds),
        theme=clean(theme),
        group=clean(group),
        owner=clean(owner),
        plan=clean(plan),
        gaps_only=gaps_only,
    )
