"""`/sparql` and `/update`: the SPARQL 1.1 Protocol, query and update operations.

- Query: GET `?query=`, POST form `query=`, POST `application/sparql-query`; the dataset by
  `default-graph-uri` / `named-graph-uri` (in the URL, or in the form body); the answer in the
  media type negotiated from Accept (406 when none fits).
- Update: POST form `update=` or POST `application/sparql-update`, at `/sparql` and
  `/update`; the WHERE dataset by `using-graph-uri` / `using-named-graph-uri` (400 when the
  update has its own USING or WITH); a bearer token (see `service.auth`). An update by GET is
  refused.
- A GET with neither `query` nor `update` gets the service description.
Errors follow the protocol: a missing or repeated parameter, a body that is not UTF-8, a
syntax error — 400; another method — 405 with Allow; another media type — 415.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from loaders.errors import RequestError, UnsupportedMediaType
from service.auth import require_writer
from service.catalog import data_graphs
from service.conneg import negotiate
from service.deps import settings_of, store_of
from service.editor import editor_page
from service.request_input import (
    Params,
    form_params,
    graph_iris,
    read_body,
    require_utf8_charset,
    single,
    url_params,
    utf8,
    values,
)
from service.result_limits import content_type, media_type_of
from service.service_description import RDFLIB_FORMATS, describe
from service.settings import Settings
from service.sparql_safety import check_query, check_update
from service.sparql_text import declares_update_dataset
from service.store import (
    Answer,
    Dataset,
    EmbeddedStore,
    Limits,
    QueryRequest,
    Store,
    UpdateRequest,
)

router = APIRouter(tags=["sparql"])

# Threads that wait for a query's answer. asyncio's own executor, not anyio's thread pool
# (`run_in_threadpool`): its hand-off measured a fifth of a small query's time.
_QUERY_THREADS = ThreadPoolExecutor(max_workers=32, thread_name_prefix="lanka-query")

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class Operation:
    kind: str  # "query" or "update"
    text: str
    params: Params  # protocol parameters from the URL and, for a form, the body


def _missing(queries: bool) -> RequestError:
    wanted = "query tai update" if queries else "update"
    wanted_en = "query or update" if queries else "update"
    return RequestError(
        f"pyynnöstä puuttuu parametri {wanted}", f"the request has no {wanted_en} parameter"
    )


def _from_params(params: Params, queries: bool) -> Operation | None:
    query = single(params, "query")
    update = single(params, "update")
    if query is not None and update is not None:
        raise RequestError(
            "anna joko query tai update, ei molempia", "give either query or update, not both"
        )
    if query is not None:
        if not queries:
            raise RequestError(
                "tähän osoitteeseen lähetetään vain päivityksiä (update); kyselyt: /sparql",
                "this address takes updates only (update); queries go to /sparql",
            )
        return Operation("query", query, params)
    if update is not None:
        return Operation("update", update, params)
    return None


async def _operation(request: Request, settings: Settings, *, queries: bool) -> Operation | None:
    """The operation a request carries; None for a GET with neither query nor update."""
    in_url = url_params(request, settings.max_request_bytes)
    if request.method == "GET":
        if values(in_url, "update"):
            raise RequestError(
                "päivitys (update) lähetetään POST-pyynnöllä, ei GET",
                "an update must be sent with POST, not GET",
            )
        return _from_params(in_url, queries)
    header = request.headers.get("content-type")
    media = media_type_of(header)
    if media == UPDATE:
        require_writer(request, settings)
    if media not in (FORM, QUERY, UPDATE) or (media == QUERY and not queries):
        accepted = [FORM, QUERY, UPDATE] if queries else [FORM, UPDATE]
        raise UnsupportedMediaType(
            f"Content-Type {media or '(puuttuu)'} ei käy; käy: {', '.join(accepted)}",
            f"Content-Type {media or '(missing)'} is not accepted; use {', '.join(accepted)}",
        )
    require_utf8_charset(header, "Content-Type")
    body = await read_body(request, settings.max_request_bytes)
    if media == FORM:
        found = _from_params(in_url + form_params(body), queries)
        if found is None:
            raise _missing(queries)
        return found
    if values(in_url, "query") or values(in_url, "update"):
        raise RequestError(
            "kysely on sekä URL:ssa että rungossa", "the operation is both in the URL and the body"
        )
    kind = "query" if media == QUERY else "update"
    return Operation(kind, utf8(body, "request body"), in_url)


def _endpoint(request: Request) -> str:
    return str(request.url.replace(query=""))


def _limits(settings: Settings) -> Limits:
    return Limits(settings.query_timeout, settings.max_result_rows, settings.max_result_bytes)


async def _query(
    request: Request, operation: Operation, store: Store, settings: Settings
) -> Response:
    params = operation.params
    default, named = graph_iris(params, "default-graph-uri"), graph_iris(params, "named-graph-uri")
    dataset = Dataset(default, named) if default or named else None
    headers = request.headers

    query = QueryRequest(
        operation.text,
        accept=headers.get("accept"),
        dataset=dataset,
        data_graphs=tuple(data_graphs(store, settings.base_iri)) if not dataset else (),
        base_iri=_endpoint(request),
        limits=_limits(settings),
        fresh="no-cache" in headers.get("cache-control", "").lower(),
    )

    def respond(answer: Answer) -> Response:
        return Response(
            answer.body, media_type=content_type(answer.media_type), headers={"Vary": "Accept"}
        )

    def evaluate() -> Response:
        return respond(store.query(query))

    # A repeated query's kept answer (checked when it was first evaluated) is sent from here:
    # the hand-off to a thread would cost more than the look-up. So is the read replica's.
    kept = store.kept(query) if store.keeps_answers else None
    if kept is not None:
        return respond(kept)
    check_query(operation.text, settings.fetch_allow)
    if isinstance(store, EmbeddedStore) and store.replica is not None:
        answer = await store.answer_from_replica(query)
        if answer is not None:
            return respond(answer)
    return await asyncio.get_running_loop().run_in_executor(_QUERY_THREADS, evaluate)


async def _update(
    request: Request, operation: Operation, store: Store, settings: Settings
) -> Response:
    require_writer(request, settings)
    params = operation.params
    using = graph_iris(params, "using-graph-uri")
    using_named = graph_iris(params, "using-named-graph-uri")
    if (using or using_named) and declares_update_dataset(operation.text):
        raise RequestError(
            "using-graph-uri / using-named-graph-uri ja päivityksen oma USING tai WITH "
            "eivät käy yhdessä",
            "using-graph-uri / using-named-graph-uri cannot be combined with the update's own "
            "USING or WITH",
        )

    def run() -> None:
        check_update(operation.text, settings.fetch_allow)
        store.update(UpdateRequest(operation.text, using, using_named, _endpoint(request)))

    await run_in_threadpool(run)
    return Response(status_code=204)


async def _description(request: Request, store: Store, settings: Settings) -> Response:
    chosen = negotiate(request.headers.get("accept"), list(RDFLIB_FORMATS)) or "text/turtle"

    def run() -> bytes:
        graph = describe(
            _endpoint(request),
            writable=settings.writes_enabled,
            named_graphs=store.graph_names(),
            data_graphs=data_graphs(store, settings.base_iri),
            federated=bool(settings.fetch_allow),
        )
        return graph.serialize(format=RDFLIB_FORMATS[chosen], encoding="utf-8")

    body = await run_in_threadpool(run)
    return Response(body, media_type=content_type(chosen), headers={"Vary": "Accept"})


async def sparql(request: Request) -> Response:
    """SPARQL 1.1 Protocol query and update operations; the service description on GET."""
    store, settings = store_of(request), settings_of(request)
    operation = await _operation(request, settings, queries=True)
    if operation is None:
        # a browser gets the query editor; a client (*/*, RDF types) the service description
        if negotiate(request.headers.get("accept"), [*RDFLIB_FORMATS, "text/html"]) == "text/html":
            return editor_page(request, settings)
        return await _description(request, store, settings)
    if operation.kind == "query":
        return await _query(request, operation, store, settings)
    return await _update(request, operation, store, settings)


async def update(request: Request) -> Response:
    """SPARQL 1.1 Protocol update operation."""
    store, settings = store_of(request), settings_of(request)
    operation = await _operation(request, settings, queries=False)
    if operation is None:
        raise _missing(False)
    return await _update(request, operation, store, settings)


# Plain Starlette routes, not FastAPI's: the endpoints read the request themselves, and
# FastAPI's dependency solving was a seventh of the server's time for a small query.
router.add_route("/sparql", sparql, methods=["GET", "POST"])
router.add_route("/update", update, methods=["POST"])
