"""`/ontology` (and `/ontology/{version}`): the ontology IRI resolves here.

A browser gets the documentation page (pyLODE, `service.ontology_html`), Finnish first and
English with `?lang=en`; a client gets the Turtle file itself, or JSON-LD, N-Triples or
RDF/XML, by Accept (`Vary: Accept`). The version IRI (`owl:versionIRI`) answers the same;
any other version is a 404.
"""

from __future__ import annotations

from functools import cache
from html import escape

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from rdflib import OWL, URIRef
from starlette.concurrency import run_in_threadpool

from ontology.namespaces import ONTOLOGY_IRI
from service.ontology_html import DocumentationCache, OntologySource, read_ontology
from service.page_layout import NAV, page_lang, root_path, switch_language_href
from service.representations import HTML, VARY, choose, serialize
from service.result_limits import content_type

router = APIRouter(tags=["ontology"])
PAGES = DocumentationCache()
FORMAT_NAMES = {"ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples", "rdf": "RDF/XML"}


@router.api_route("/ontology", methods=["GET", "HEAD"], response_class=Response)
async def ontology(request: Request) -> Response:
    """The ontology: documentation for a browser, RDF for a client."""
    return await _answer(request)


@router.api_route("/ontology/{version}", methods=["GET", "HEAD"], response_class=Response)
async def ontology_version(version: str, request: Request) -> Response:
    """The ontology's version IRI; only the current version is served."""
    current = _version_iri(read_ontology())
    if current != f"{ONTOLOGY_IRI}/{version}":
        return JSONResponse(
            {
                "error": {
                    "fi": f"ontologian versiota {version} ei ole; nykyinen: {current}",
                    "en": f"there is no ontology version {version}; the current one: {current}",
                }
            },
            status_code=404,
            headers=VARY,
        )
    return await _answer(request)


async def _answer(request: Request) -> Response:
    lang = page_lang(request)
    media = choose(request)
    source = read_ontology()
    if media == "text/turtle":
        return Response(source.data, media_type=content_type(media), headers=VARY)
    if media != HTML:
        body = _serialised(source, media)
        return Response(body, media_type=content_type(media), headers=VARY)
    banner = _banner(request, lang)
    page = await run_in_threadpool(PAGES.page, source, lang, banner)
    return HTMLResponse(page, headers=VARY)


def _banner(request: Request, lang: str) -> str:
    """The server's navigation above pyLODE's page: home, editor, language, formats."""
    root = root_path(request)
    nav = NAV[lang]
    style = (
        "background:#7a1f2b;color:#fff;padding:.5rem 1.5rem;display:flex;gap:1.25rem;"
        "flex-wrap:wrap;font-family:system-ui,sans-serif;margin-bottom:1rem"
    )

    def link(href: str, text: str) -> str:
        return f'<a style="color:#fff" href="{escape(href)}">{text}</a>'

    formats = " · ".join(
        link(f"{root}/ontology?format={name}", label) for name, label in FORMAT_NAMES.items()
    )
    return (
        f'<nav id="lanka-nav" style="{style}">{link(root + "/", "<strong>lanka</strong>")}'
        f"{link(root + '/editor', nav['editor'])}"
        f"{link(switch_language_href(request, lang), nav['switch'])}"
        f"<span>{formats}</span></nav>"
    )


@cache
def _version_iri(source: OntologySource) -> str | None:
    """The `owl:versionIRI` of the ontology, read once per file content."""
    found = source.graph().value(URIRef(ONTOLOGY_IRI), OWL.versionIRI)
    return str(found) if found is not None else None


@cache
def _serialised(source: OntologySource, media_type: str) -> bytes:
    """The ontology in another RDF syntax, made once per file content and syntax."""
    return serialize(sorted(source.graph()), media_type)
