"""`/sparql` queries served in front of the framework's middleware stack.

A small query's kept answer cost the server 0.33 ms; the middleware layers FastAPI wraps
around every route, and its router's matching, were a fifth of that (0.26 ms without). This
lane answers GET and POST at `/sparql` with the very same endpoint
(`service.routes.sparql.sparql`) and the same error answers (`service.http_errors`), under
the same CORS settings; every other request, and every other method at `/sparql` (405,
OPTIONS for CORS), goes through the full app as before.
"""

from __future__ import annotations

from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from loaders.errors import LankaError
from service import cors, http_errors
from service.routes.sparql import sparql
from service.settings import Settings

PATH = "/sparql"
METHODS = frozenset({"GET", "POST"})


async def _answer(scope: Scope, receive: Receive, send: Send) -> None:
    request = Request(scope, receive)
    try:
        response = await sparql(request)
    except LankaError as exc:
        response = http_errors.response_for(exc)
    except ClientDisconnect:
        return
    await response(scope, receive, send)


class SparqlLane:
    """ASGI: `/sparql` GET and POST to the endpoint directly, the rest to `app`."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        options = cors.options(settings)
        self.lane: ASGIApp = CORSMiddleware(_answer, **options) if options else _answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == PATH and scope["method"] in METHODS:
            await self.lane(scope, receive, send)
        else:
            await self.app(scope, receive, send)
