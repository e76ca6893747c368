"""`GET /validate`: validate the store's data graphs and answer with the report.

The format comes from `?format=` (text, ttl, jsonld, json, csv, html) or else from `Accept`
(406 when none fits); `?engine=pyshacl` runs the reference engine. The answer is 200 whether
or not the data conforms: the report is the resource. Like `lanka validate`, each run keeps
its report in the validation graph, so queries can join with the last one.
"""

from __future__ import annotations

import threading

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from loaders.errors import NotAcceptable, RequestError
from service.conneg import negotiate
from service.deps import SettingsDep, StoreDep
from service.settings import Settings
from service.store import Store
from service.validation.engine import ENGINES
from service.validation.formats import BY_MEDIA_TYPE, FORMATS, Format
from service.validation.plan_cache import plan_cache
from service.validation.run import Outcome, validate_store

router = APIRouter(tags=["validation"])

# One validation writes its report at a time: two concurrent swaps of the same graph would
# race on the store's staging graphs.
_keeping = threading.Lock()


def chosen_format(name: str | None, accept: str | None) -> Format:
    """`?format=` wins; otherwise content negotiation over the formats, JSON first."""
    if name is not None:
        if name not in FORMATS:
            raise RequestError(
                f"tuntematon muoto '{name}' (muodot: {', '.join(FORMATS)})",
                f"unknown format '{name}' (formats: {', '.join(FORMATS)})",
            )
        return FORMATS[name]
    offered = tuple(f.media_type for f in FORMATS.values())
    media_type = negotiate(accept, offered)
    if media_type is None:
        raise NotAcceptable(
            "mikään raportin muoto ei käy pyynnön Accept-otsakkeeseen",
            "no format of the report fits the request's Accept header",
            offered,
        )
    return BY_MEDIA_TYPE[media_type]


def _validate(store: Store, settings: Settings, engine: str) -> Outcome:
    with _keeping:
        plans = plan_cache(settings.cache_dir)
        return validate_store(store, settings.base_iri, engine=engine, plans=plans)


@router.get("/validate")
async def validate(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    format: str | None = None,
    engine: str = "fast",
) -> Response:
    chosen = chosen_format(format, request.headers.get("accept"))
    if engine not in ENGINES:
        raise RequestError(
            f"tuntematon moottori '{engine}' (moottorit: {', '.join(ENGINES)})",
            f"unknown engine '{engine}' (engines: {', '.join(ENGINES)})",
        )
    outcome = await run_in_threadpool(_validate, store, settings, engine)
    body = chosen.render(outcome.report, outcome.context)
    return Response(body, media_type=chosen.content_type, headers={"Vary": "Accept"})
