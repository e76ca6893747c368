"""Graph analytics for the workshop: who is most connected, what hangs loose, who works
together, and how two things are connected — each a labelled table as JSON or CSV, and a
view as GraphML (yEd) or GEXF (Gephi).

All of it runs on the graphs `service.graph_data` builds from the named queries, so the
numbers describe the same graph the page draws.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx
from networkx.algorithms.community import louvain_communities

from loaders.errors import GraphRequestError
from service.graph_data import (
    ACTOR_KIND_NAMES,
    Catalogue,
    cached_catalogue,
    cached_view,
    kind_labels,
    relation_labels,
    shortest_paths,
)
from service.store import Store

ANALYSES = ("centrality", "isolated", "communities", "paths")
EXPORT_FORMATS = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml"}
# Betweenness on more actors than this is estimated from this many sampled sources.
EXACT_BETWEENNESS_LIMIT = 2000
SEED = 1
# The kinds an isolated entity matters for: what strategy, actors and laws are made of.
SUBSTANTIVE_KINDS = frozenset(
    {
        "Vision",
        "Priority",
        "Objective",
        "MainObjective",
        "Enabler",
        "NationalObjective",
        "Strategy",
        "Plan",
        "Programme",
        "OperatingModel",
        "Measure",
        "Indicator",
        "Act",
        "Regulation",
        "Section",
        "LegalDuty",
        "GrantProgramme",
        *ACTOR_KIND_NAMES,
    }
)


@dataclass(frozen=True)
class Table:
    """One analysis result: named columns, rows of plain values, and notes on how it was made."""

    name: str
    columns: list[str]
    rows: list[dict[str, Any]]
    notes: dict[str, Any]

    def to_json(self) -> str:
        return json.dumps(
            {"analysis": self.name, "columns": self.columns, "rows": self.rows, **self.notes},
            ensure_ascii=False,
            indent=1,
        )

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=self.columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(self.rows)
        return out.getvalue()


def _label(graph: nx.MultiDiGraph, node: str, lang: str) -> str:
    labels: dict[str, str] = graph.nodes[node]["labels"]
    return labels[lang]


def _kind(graph: nx.MultiDiGraph, node: str, lang: str) -> str:
    kind: str = graph.nodes[node]["kind"]
    return kind_labels(kind)[lang] if kind else ""


def _actors(graph: nx.MultiDiGraph) -> list[str]:
    return sorted(n for n, kind in graph.nodes(data="kind") if kind in ACTOR_KIND_NAMES)


def centrality(graph: nx.MultiDiGraph, lang: str = "fi", top: int | None = None) -> Table:
    """The most connected actors of the actor network: how many distinct things each is
    linked to (degree), and how often it lies on the shortest paths between others
    (betweenness), both on the network read without direction."""
    simple = nx.Graph(graph.to_undirected(as_view=True))
    degree = nx.degree_centrality(simple) if len(simple) > 1 else dict.fromkeys(simple, 0.0)
    exact = len(simple) <= EXACT_BETWEENNESS_LIMIT
    betweenness = nx.betweenness_centrality(
        simple, k=None if exact else EXACT_BETWEENNESS_LIMIT, seed=SEED
    )
    actors = sorted(
        _actors(graph),
        key=lambda a: (-simple.degree(a), -betweenness.get(a, 0.0), _label(graph, a, lang)),
    )
    rows = [
        {
            "rank": rank,
            "actor": actor,
            "label": _label(graph, actor, lang),
            "kind": _kind(graph, actor, lang),
            "degree": simple.degree(actor),
            "degree_centrality": round(degree.get(actor, 0.0), 6),
            "betweenness": round(betweenness.get(actor, 0.0), 6),
        }
        for rank, actor in enumerate(actors[:top] if top else actors, start=1)
    ]
    columns = ["rank", "actor", "label", "kind", "degree", "degree_centrality", "betweenness"]
    return Table("centrality", columns, rows, {"betweenness_exact": exact})


def isolated(graph: nx.MultiDiGraph, catalogue: Catalogue, lang: str = "fi") -> Table:
    """Entities that hang loose in the whole graph: described but linked to nothing
    (isolated), and referred to but never described (dangling)."""
    rows = []
    for iri, entity in sorted(catalogue.entities.items()):
        if entity.kind in SUBSTANTIVE_KINDS and (iri not in graph or graph.degree(iri) == 0):
            rows.append(
                {
                    "entity": iri,
                    "label": entity.labels[lang],
                    "kind": kind_labels(entity.kind)[lang],
                    "problem": "isolated",
                    "problem_label": "ei yhteyksiä" if lang == "fi" else "no links",
                    "referred_by": 0,
                }
            )
    for node, dangling in sorted(graph.nodes(data="dangling")):
        if dangling:
            rows.append(
                {
                    "entity": node,
                    "label": _label(graph, node, lang),
                    "kind": "",
                    "problem": "dangling",
                    "problem_label": "viitattu, ei kuvattu"
                    if lang == "fi"
                    else "referred to, not described",
                    "referred_by": graph.in_degree(node) + graph.out_degree(node),
                }
            )
    columns = ["entity", "label", "kind", "problem", "problem_label", "referred_by"]
    return Table("isolated", columns, rows, {})


def actor_projection(graph: nx.MultiDiGraph) -> nx.Graph:
    """Actors linked to each other: directly (membership, part of) or through a shared item
    (a measure both own or take part in, a grant, a plan); weight = how many such links."""
    actors = set(_actors(graph))
    projected = nx.Graph()
    projected.add_nodes_from(actors)
    undirected = graph.to_undirected(as_view=True)
    shared: dict[str, set[str]] = defaultdict(set)
    for u, v in undirected.edges():
        if u in actors and v in actors:
            if u != v:
                weight = projected.get_edge_data(u, v, {"weight": 0})["weight"]
                projected.add_edge(u, v, weight=weight + 1)
        elif u in actors:
            shared[v].add(u)
        elif v in actors:
            shared[u].add(v)
    for members in shared.values():
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                weight = projected.get_edge_data(a, b, {"weight": 0})["weight"]
                projected.add_edge(a, b, weight=weight + 1)
    return projected


def communities(graph: nx.MultiDiGraph, lang: str = "fi") -> Table:
    """Groups of actors that work together: Louvain communities (fixed seed, so the same
    data gives the same groups) of the actor projection; actors alone are left out."""
    projected = actor_projection(graph)
    found = louvain_communities(projected, weight="weight", seed=SEED) if len(projected) else []
    groups = sorted(
        (sorted(c) for c in found if len(c) > 1),
        key=lambda c: (-len(c), _label(graph, c[0], lang)),
    )
    rows = []
    for number, members in enumerate(groups, start=1):
        strength = {m: projected.degree(m, weight="weight") for m in members}
        hub = max(members, key=lambda m: (strength[m], _label(graph, m, lang)))
        for member in sorted(members, key=lambda m: (-strength[m], _label(graph, m, lang))):
            rows.append(
                {
                    "community": number,
                    "size": len(members),
                    "hub": _label(graph, hub, lang),
                    "actor": member,
                    "label": _label(graph, member, lang),
                    "kind": _kind(graph, member, lang),
                    "links": strength[member],
                }
            )
    columns = ["community", "size", "hub", "actor", "label", "kind", "links"]
    modularity = (
        nx.algorithms.community.modularity(projected, found, weight="weight") if found else 0.0
    )
    return Table(
        "communities",
        columns,
        rows,
        {"communities": len(groups), "modularity": round(modularity, 6), "seed": SEED},
    )


def paths(
    graph: nx.MultiDiGraph, source: str, target: str, lang: str = "fi", limit: int = 5
) -> Table:
    """How A is connected to B: each shortest path, one row per step, with the relation
    that joins the step to the one before (read either way)."""
    rows = []
    for number, found in enumerate(shortest_paths(graph, source, target, limit), start=1):
        nodes = found["nodes"]
        for step, node in enumerate(nodes):
            relation = ""
            if step:
                before = nodes[step - 1]
                forward = graph.get_edge_data(before, node, default={})
                backward = graph.get_edge_data(node, before, default={})
                names = [relation_labels(r)[lang] for r in sorted(forward)]
                names += [f"← {relation_labels(r)[lang]}" for r in sorted(backward)]
                relation = "; ".join(names)
            rows.append(
                {
                    "path": number,
                    "step": step,
                    "relation": relation,
                    "entity": node,
                    "label": _label(graph, node, lang),
                    "kind": _kind(graph, node, lang),
                }
            )
    columns = ["path", "step", "relation", "entity", "label", "kind"]
    return Table("paths", columns, rows, {"source": source, "target": target})


def _flat(graph: nx.MultiDiGraph, lang: str) -> nx.MultiDiGraph:
    """The same graph with only scalar attributes, as GraphML and GEXF require."""
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        kind = data["kind"]
        flat.add_node(
            node,
            label=data["labels"][lang],
            label_fi=data["labels"]["fi"],
            label_en=data["labels"]["en"],
            kind=kind,
            kind_label=kind_labels(kind)[lang] if kind else "",
            gaps=";".join(data["gaps"]),
            gap=bool(data["gaps"]),
            dangling=bool(data["dangling"]),
            **{f: ";".join(data[f]) for f in ("theme", "group", "owner", "plan")},
        )
    for number, (u, v, relation, data) in enumerate(
        sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3])
    ):
        flat.add_edge(
            u,
            v,
            key=relation,
            id=f"e{number}",
            relation=relation,
            label=relation_labels(relation)[lang],
            curated=bool(data["curated"]),
        )
    return flat


def export(graph: nx.MultiDiGraph, fmt: str, lang: str = "fi") -> bytes:
    """The graph as GraphML (for yEd) or GEXF (for Gephi), labels in `lang`."""
    out = io.BytesIO()
    flat = _flat(graph, lang)
    if fmt == "graphml":
        nx.write_graphml(flat, out, edge_id_from_attribute="id")
    elif fmt == "gexf":
        nx.write_gexf(flat, out)
    else:
        raise ValueError(fmt)
    return out.getvalue()


def run(
    store: Store,
    base: str,
    name: str,
    lang: str = "fi",
    top: int | None = None,
    source: str | None = None,
    target: str | None = None,
    limit: int = 5,
) -> Table:
    """One named analysis over the view it belongs to; the API and `lanka analyze` share it."""
    if name not in ANALYSES:
        raise GraphRequestError(
            f"tuntematon analyysi '{name}' (analyysit: {', '.join(ANALYSES)})",
            f"unknown analysis '{name}' (analyses: {', '.join(ANALYSES)})",
        )
    catalogue = cached_catalogue(store, base)
    if name in ("centrality", "communities"):
        actors = cached_view(store, base, "actors")
        return centrality(actors, lang, top) if name == "centrality" else communities(actors, lang)
    whole = cached_view(store, base, "all")
    if name == "isolated":
        return isolated(whole, catalogue, lang)
    if not source or not target:
        raise GraphRequestError(
            "polut tarvitsevat alun ja lopun (source=IRI, target=IRI)",
            "paths need a start and an end (source=IRI, target=IRI)",
        )
    return paths(whole, source, target, lang, limit)
