"""`/id/…` and `/graph/…`: every IRI the project mints resolves on this server.

`GET /id/{path}` describes the IRI `{base}id/{path}`, `GET /graph/{path}` the graph
`{base}graph/{path}` (from the catalog, with its size and a link to its content). A browser
gets an HTML page, a client Turtle, JSON-LD, N-Triples or RDF/XML by Accept (`Vary: Accept`);
an IRI the store knows nothing about is a 404, in HTML for a browser.

The graph explorer (`service.routes.graph`) owns a few fixed paths under `/graph/` (`data`,
`node`, `search`, `path`, `export`); its router is included before this one, and no minted
graph IRI is one of those: a graph is `graph/{area}/{source}` or a system graph (`ontology`,
`shapes`, `catalog`).
"""

from __future__ import annotations

from functools import cache
from html import escape
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from rdflib import URIRef
from starlette.concurrency import run_in_threadpool

from service.deps import SettingsDep, StoreDep
from service.linked_data import Describer, Description, resource_iri
from service.linked_data_html import (
    FORMAT_LINKS,
    TEXT,
    GraphFacts,
    View,
    heading,
    render,
    render_missing,
)
from service.page_layout import layout, page_lang, root_path, switch_language_href, with_lang
from service.representations import BY_FORMAT, HTML, VARY, choose, serialize
from service.result_limits import content_type
from service.settings import Settings
from service.store import Store

router = APIRouter(tags=["linked data"])


@cache
def describer() -> Describer:
    """The page queries, read from `queries/pages/` on first use."""
    return Describer()


@router.api_route("/id/{path:path}", methods=["GET", "HEAD"], response_class=Response)
async def resource_page(
    path: str, request: Request, store: StoreDep, settings: SettingsDep
) -> Response:
    """The Linked Data page of `{base}id/{path}`."""
    iri = resource_iri(settings.base_iri, "id", path)
    return await _answer(request, store, settings, iri, is_graph=False)


@router.api_route("/graph/{path:path}", methods=["GET", "HEAD"], response_class=Response)
async def graph_page(
    path: str, request: Request, store: StoreDep, settings: SettingsDep
) -> Response:
    """The Linked Data page of the graph `{base}graph/{path}`, from the catalog."""
    iri = resource_iri(settings.base_iri, "graph", path)
    return await _answer(request, store, settings, iri, is_graph=True)


async def _answer(
    request: Request, store: Store, settings: Settings, iri: URIRef, *, is_graph: bool
) -> Response:
    lang = page_lang(request)
    media = choose(request)
    root = root_path(request)

    def look_up() -> tuple[Description, GraphFacts | None]:
        found = describer().describe(store, iri, settings.base_iri)
        facts = None
        if is_graph and store.has_graph(str(iri)):
            download = f"{root}/store?graph={quote(str(iri), safe='')}"
            facts = GraphFacts(store.triple_count(str(iri)), download)
        return found, facts

    found, facts = await run_in_threadpool(look_up)
    if not found.exists and facts is None:
        return _missing(request, str(iri), lang, media)
    if media != HTML:
        body = serialize(found.triples(), media)
        return Response(body, media_type=content_type(media), headers=VARY)
    view = View(lang=lang, base=settings.base_iri, root=root)
    self_href = with_lang(request.url.path, lang)
    alternates = "".join(
        f'<link rel="alternate" type="{BY_FORMAT[name]}" '
        f'href="{escape(self_href)}{"&" if "?" in self_href else "?"}format={name}">\n'
        for name in FORMAT_LINKS
    )
    page = layout(
        title=heading(found, lang),
        body=render(found, view, self_href=self_href, graph=facts),
        lang=lang,
        root=root,
        switch_href=switch_language_href(request, lang),
        head=alternates,
    )
    return HTMLResponse(page, headers=VARY)


def _missing(request: Request, iri: str, lang: str, media: str) -> Response:
    """404: an HTML page for a browser, the project's JSON error for anything else."""
    text = TEXT[lang]
    if media == HTML:
        page = layout(
            title=text["missing_title"],
            body=render_missing(iri, lang),
            lang=lang,
            root=root_path(request),
            switch_href=switch_language_href(request, lang),
        )
        return HTMLResponse(page, status_code=404, headers=VARY)
    return JSONResponse(
        {
            "error": {
                "fi": f"{TEXT['fi']['missing']} {iri}",
                "en": f"{TEXT['en']['missing']} {iri}",
            }
        },
        status_code=404,
        headers=VARY,
    )
