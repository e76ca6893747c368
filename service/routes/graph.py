"""`/graph`: the workshop's interactive graph page and its JSON; `/analytics/...`: the numbers.

The page (`static/graph/`) asks `/graph/data` for a view's elements once, then for the ids a
filter leaves visible, so nodes keep their places while a facilitator narrows the picture.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import networkx as nx
from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, Response

from loaders.errors import GraphRequestError
from service import analytics
from service import graph_data as gd
from service.deps import SettingsDep, StoreDep
from service.settings import Settings
from service.store import Store

router = APIRouter(tags=["graph"])
PAGE = Path(__file__).resolve().parents[1] / "static" / "graph" / "index.html"

Values = Annotated[list[str] | None, Query()]
Lang = Annotated[str, Query(pattern="^(fi|en)$")]


def _view(
    store: Store,
    settings: Settings,
    view: str,
    entity: str | None,
    depth: int = 1,
    cap: int = gd.DEFAULT_CAP,
    offset: int = 0,
) -> tuple[nx.MultiDiGraph, gd.Catalogue]:
    catalogue = gd.cached_catalogue(store, settings.base_iri)
    if view == "neighbourhood":
        if not entity:
            raise GraphRequestError(
                "lähiverkko tarvitsee asian (entity=IRI)", "the neighbourhood needs entity=IRI"
            )
        graph = gd.neighbourhood_graph(
            store, settings.base_iri, catalogue, entity, depth=depth, cap=cap, offset=offset
        )
        return graph, catalogue
    if view not in gd.VIEWS:
        gd.view_graph(store, settings.base_iri, view, catalogue)  # refuses it, naming the views
    return gd.cached_view(store, settings.base_iri, view), catalogue


def _json(body: dict[str, Any]) -> Response:
    """Plain JSON of plain data: a view of thousands of nodes needs no model validation."""
    return Response(json.dumps(body, ensure_ascii=False), media_type="application/json")


def _filters(
    kind: list[str] | None,
    theme: list[str] | None,
    group: list[str] | None,
    owner: list[str] | None,
    plan: list[str] | None,
    gaps: bool,
) -> gd.Filters:
    return gd.parse_filters(
        kind or (), theme or (), group or (), owner or (), plan or (), gaps_only=gaps
    )


@router.get("/graph", include_in_schema=False)
def page() -> FileResponse:
    return FileResponse(PAGE, media_type="text/html; charset=utf-8")


@router.get("/graph/data")
def data(
    store: StoreDep,
    settings: SettingsDep,
    view: str = "strategy",
    entity: str | None = None,
    depth: Annotated[int, Query(ge=1, le=gd.MAX_DEPTH)] = 1,
    cap: Annotated[int, Query(ge=1, le=500)] = gd.DEFAULT_CAP,
    offset: Annotated[int, Query(ge=0)] = 0,
    kind: Values = None,
    theme: Values = None,
    group: Values = None,
    owner: Values = None,
    plan: Values = None,
    gaps: bool = False,
    ids: bool = False,
) -> Response:
    """A view as Cytoscape.js elements with its filter options; `ids=true` gives only the
    ids of what the filters leave visible."""
    graph, catalogue = _view(store, settings, view, entity, depth, cap, offset)
    shown = gd.apply_filters(graph, _filters(kind, theme, group, owner, plan, gaps))
    if ids:
        return _json({"view": view, **gd.visible_ids(shown), "counts": gd.counts(shown)})
    return _json(
        {
            "view": view,
            "entity": entity,
            "elements": gd.to_cytoscape(shown),
            "facets": gd.facet_options(graph, catalogue),
            "counts": gd.counts(shown),
        }
    )


@router.get("/graph/node")
def node(store: StoreDep, settings: SettingsDep, iri: str) -> dict[str, Any]:
    """The side panel of one entity: names, descriptions, values, sources and links."""
    catalogue = gd.cached_catalogue(store, settings.base_iri)
    return gd.entity_card(store, settings.base_iri, catalogue, iri)


@router.get("/graph/search")
def search(
    store: StoreDep,
    settings: SettingsDep,
    q: str,
    limit: Annotated[int, Query(ge=1, le=50)] = 12,
) -> dict[str, Any]:
    catalogue = gd.cached_catalogue(store, settings.base_iri)
    return {"query": q, "results": gd.search(catalogue, q, limit)}


@router.get("/graph/path")
def path(
    store: StoreDep,
    settings: SettingsDep,
    source: str,
    target: str,
    view: str = "all",
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> dict[str, Any]:
    """The shortest paths between two entities in a view (neighbourhood: the whole graph)."""
    chosen = "all" if view == "neighbourhood" else view
    graph, _ = _view(store, settings, chosen, None)
    found = gd.shortest_paths(graph, source, target, limit)
    return {"view": chosen, "source": source, "target": target, "paths": found}


@router.get("/graph/export")
def export(
    store: StoreDep,
    settings: SettingsDep,
    format: Annotated[str, Query(pattern="^(graphml|gexf)$")] = "graphml",
    view: str = "strategy",
    entity: str | None = None,
    depth: Annotated[int, Query(ge=1, le=gd.MAX_DEPTH)] = 1,
    cap: Annotated[int, Query(ge=1, le=500)] = gd.DEFAULT_CAP,
    kind: Values = None,
    theme: Values = None,
    group: Values = None,
    owner: Values = None,
    plan: Values = None,
    gaps: bool = False,
    lang: Lang = "fi",
) -> Response:
    """The current view, filters applied, as GraphML (yEd) or GEXF (Gephi)."""
    graph, _ = _view(store, settings, view, entity, depth, cap)
    shown = gd.apply_filters(graph, _filters(kind, theme, group, owner, plan, gaps))
    return Response(
        analytics.export(shown, format, lang),
        media_type=analytics.EXPORT_FORMATS[format],
        headers={"Content-Disposition": f'attachment; filename="lanka-{view}.{format}"'},
    )


@router.get("/analytics/{name}")
def analysis(
    store: StoreDep,
    settings: SettingsDep,
    name: str,
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
    lang: Lang = "fi",
    top: Annotated[int | None, Query(ge=1)] = None,
    source: str | None = None,
    target: str | None = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> Response:
    """centrality, isolated, communities or paths (source=, target=) as JSON or CSV."""
    table = analytics.run(store, settings.base_iri, name, lang, top, source, target, limit)
    if format == "csv":
        return Response(
            table.to_csv(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="lanka-{name}.csv"'},
        )
    return Response(table.to_json(), media_type="application/json")
