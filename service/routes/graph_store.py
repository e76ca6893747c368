"""`/store`: the SPARQL 1.1 Graph Store HTTP Protocol.

A graph is named indirectly, `/store?graph=IRI` (or `/store?default` for the default graph),
or directly: the graph whose IRI is the request URL, `/store/anything`. GET and HEAD answer
the graph in the negotiated RDF format (404 when there is no such graph); PUT replaces it,
POST adds to it (a multipart/form-data POST adds every part), DELETE drops it; each write is
all or nothing and needs the bearer token. A POST to `/store` itself creates a new graph and
answers 201 with its IRI in `Location`; a write that creates a graph answers 201, any other
write 204.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from loaders.errors import GraphNotFound, NotAcceptable, RequestError
from service.auth import require_writer
from service.conneg import negotiate
from service.deps import SettingsDep, StoreDep
from service.request_input import payloads, read_body, single, url_params, values
from service.result_limits import GRAPH_TYPES, content_type
from service.settings import Settings
from service.sparql_text import is_absolute_iri
from service.store import HIDDEN_PREFIX, Store

router = APIRouter(tags=["graph store"])

METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]
STORE_ITSELF = "store"  # the target of a request that names no graph


def _request_iri(request: Request) -> str:
    """The request URL as the client wrote it (percent-encoding kept), without query."""
    raw = request.scope.get("raw_path")
    path = raw.decode("latin-1") if isinstance(raw, bytes) and raw else request.url.path
    return str(request.url.replace(path=path, query=""))


def _checked(graph: str) -> str:
    if not is_absolute_iri(graph) or graph.startswith(HIDDEN_PREFIX):
        raise RequestError(
            f"graph-parametri {graph!r} ei ole kelvollinen graafin IRI",
            f"the graph parameter {graph!r} is not a valid graph IRI",
        )
    return graph


def _indirect(request: Request, settings: Settings) -> str | None:
    """The graph named by ?graph= (None for ?default); STORE_ITSELF when none is named."""
    params = url_params(request, settings.max_request_bytes)
    graph = single(params, "graph")
    default = values(params, "default")
    if graph is not None and default:
        raise RequestError(
            "anna joko graph tai default, ei molempia", "give either graph or default, not both"
        )
    if default:
        return None
    return _checked(graph) if graph is not None else STORE_ITSELF


async def _handle(
    request: Request, graph: str | None, store: Store, settings: Settings
) -> Response:
    method = request.method
    if method in ("GET", "HEAD"):
        return await _read(request, graph, store)
    require_writer(request, settings)
    if method == "DELETE":
        await run_in_threadpool(store.delete_graph, graph)
        return Response(status_code=204)
    body = await read_body(request, settings.max_request_bytes)
    sent = payloads(request.headers.get("content-type"), body)
    base = graph if graph is not None else _request_iri(request)
    write = store.put_graph if method == "PUT" else store.post_graph
    created = await run_in_threadpool(write, graph, sent, base)
    return Response(status_code=201 if created else 204)


async def _read(request: Request, graph: str | None, store: Store) -> Response:
    offered = list(GRAPH_TYPES)
    chosen = negotiate(request.headers.get("accept"), offered)
    if not await run_in_threadpool(store.has_graph, graph):
        raise GraphNotFound(f"graafia <{graph}> ei ole", f"there is no graph <{graph}>")
    if chosen is None:
        raise NotAcceptable(
            "mikään pyydetyistä mediatyypeistä ei käy graafille; tarjolla: " + ", ".join(offered),
            "none of the accepted media types fits a graph; available: " + ", ".join(offered),
            tuple(offered),
        )
    body = await run_in_threadpool(store.get_graph, graph, chosen)
    headers = {"Vary": "Accept", "Content-Length": str(len(body))}
    media = content_type(chosen)
    if request.method == "HEAD":
        return Response(status_code=200, headers={**headers, "Content-Type": media})
    return Response(body, media_type=media, headers={"Vary": "Accept"})


@router.api_route("/store", methods=METHODS, response_class=Response)
async def indirect(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """A graph named by ?graph=IRI or ?default; a POST naming none creates a graph."""
    graph = _indirect(request, settings)
    if graph != STORE_ITSELF:
        return await _handle(request, graph, store, settings)
    if request.method != "POST":
        raise RequestError(
            "nimeä graafi: ?graph=IRI tai ?default", "name a graph: ?graph=IRI or ?default"
        )
    require_writer(request, settings)
    new = f"{_request_iri(request).rstrip('/')}/{uuid.uuid4().hex}"
    body = await read_body(request, settings.max_request_bytes)
    sent = payloads(request.headers.get("content-type"), body)
    await run_in_threadpool(store.post_graph, new, sent, new)
    return Response(status_code=201, headers={"Location": new})


@router.api_route("/store/{path:path}", methods=METHODS, response_class=Response)
async def direct(request: Request, path: str, store: StoreDep, settings: SettingsDep) -> Response:
    """The graph whose IRI is this URL (direct identification)."""
    params = url_params(request, settings.max_request_bytes)
    if values(params, "graph") or values(params, "default"):
        raise RequestError(
            "suoraan nimetyn graafin osoitteessa ei käy graph- tai default-parametri",
            "a directly named graph's URL takes no graph or default parameter",
        )
    return await _handle(request, _checked(_request_iri(request)), store, settings)
