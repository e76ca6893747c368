"""The one place where the project's errors become HTTP status codes.

Every error answer has the same JSON body, `{"error": {"fi": ..., "en": ...}}`. A result over
a limit is 422 (the request was understood, the server will not produce that much); a query
stopped at its time limit is 504, as a gateway that gave up waiting.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from loaders.errors import (
    FetchRefused,
    GraphNotFound,
    LankaError,
    NotAcceptable,
    NotAuthorised,
    QueryFailed,
    QuerySyntaxError,
    QueryTimeout,
    RenderError,
    RequestError,
    RequestTooLarge,
    ResultTooLarge,
    StoreError,
    UnsupportedMediaType,
    WritesDisabled,
)
from queries.registry import ParameterError, QueryNotFound
from service.auth import CHALLENGE

STATUS: dict[type[LankaError], int] = {
    RequestError: 400,
    ParameterError: 400,
    NotAuthorised: 401,
    WritesDisabled: 403,
    FetchRefused: 403,
    GraphNotFound: 404,
    QueryNotFound: 404,
    NotAcceptable: 406,
    RequestTooLarge: 413,
    UnsupportedMediaType: 415,
    ResultTooLarge: 422,
    QueryFailed: 500,
    RenderError: 503,
    StoreError: 503,
    QueryTimeout: 504,
}


def status_of(exc: LankaError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def response_for(exc: LankaError) -> JSONResponse:
    """The error's answer: its status, and its message in Finnish and English."""
    headers = {"WWW-Authenticate": CHALLENGE} if isinstance(exc, NotAuthorised) else None
    body: dict[str, object] = {"error": {"fi": exc.fi, "en": exc.en}}
    if isinstance(exc, NotAcceptable) and exc.offered:
        body["available"] = list(exc.offered)
    if isinstance(exc, ParameterError):
        body["parameter"] = exc.parameter
    if isinstance(exc, QuerySyntaxError) and exc.line is not None:
        body["line"], body["column"] = exc.line, exc.column
    return JSONResponse(body, status_code=status_of(exc), headers=headers)


async def _respond(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, LankaError)
    return response_for(exc)


def install(app: FastAPI) -> None:
    """Answer every error of the project (`response_for`)."""
    app.add_exception_handler(LankaError, _respond)
