"""Reading a request strictly: size limit, UTF-8 only, parameters from URL and form, multipart.

The SPARQL 1.1 Protocol and Graph Store Protocol tests expect a server to refuse what it
cannot read exactly — a body over the limit (413), a body or parameter that is not UTF-8
(400), a parameter given twice (400) — instead of guessing, so nothing here is lenient.
"""

from __future__ import annotations

import email.parser
import email.policy
from urllib.parse import parse_qsl

from fastapi import Request

from loaders.errors import RequestError, RequestTooLarge, UnsupportedMediaType
from service.result_limits import charset_of, media_type_of
from service.sparql_text import is_absolute_iri
from service.store import Payload

Params = list[tuple[str, str]]


def _too_large(limit: int) -> RequestTooLarge:
    return RequestTooLarge(
        f"pyyntö on yli {limit} tavua (LANKA_MAX_REQUEST_BYTES)",
        f"the request is over {limit} bytes (LANKA_MAX_REQUEST_BYTES)",
    )


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refused with 413 as soon as it passes `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RequestError(
            f"{what} ei ole UTF-8-koodattu (tavu {exc.start})",
            f"the {what} is not UTF-8 (byte {exc.start})",
        ) from None


def require_utf8_charset(content_type: str | None, what: str) -> None:
    charset = charset_of(content_type)
    if charset not in (None, "utf-8", "utf8"):
        raise RequestError(
            f"{what}: merkistö {charset} ei käy, vain UTF-8",
            f"{what}: charset {charset} is not accepted, only UTF-8",
        )


def _pairs(text: str, what: str) -> Params:
    try:
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise RequestError(
            f"{what}: prosenttikoodattu arvo ei ole UTF-8",
            f"{what}: a percent-encoded value is not UTF-8",
        ) from None


def url_params(request: Request, limit: int) -> Params:
    raw: bytes = request.scope.get("query_string", b"")
    if len(raw) > limit:
        raise _too_large(limit)
    return _pairs(utf8(raw, "URL query string"), "URL")


def form_params(body: bytes) -> Params:
    return _pairs(utf8(body, "form body"), "form")


def values(params: Params, name: str) -> list[str]:
    return [value for key, value in params if key == name]


def single(params: Params, name: str) -> str | None:
    """The one value of a parameter, None when absent; 400 when given more than once."""
    found = values(params, name)
    if len(found) > 1:
        raise RequestError(
            f"parametri {name} on annettu {len(found)} kertaa; anna se kerran",
            f"the parameter {name} is given {len(found)} times; give it once",
        )
    return found[0] if found else None


def payloads(content_type: str | None, body: bytes) -> list[Payload]:
    """RDF payloads of a Graph Store write: the body, or each part of a multipart form."""
    media = media_type_of(content_type)
    if not media:
        raise UnsupportedMediaType(
            "pyynnöltä puuttuu Content-Type", "the request has no Content-Type"
        )
    if media != "multipart/form-data":
        require_utf8_charset(content_type, "Content-Type")
        return [Payload(body, media)]
    header = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(header + body)
    parts = []
    for part in message.iter_parts() if message.is_multipart() else ():
        data = part.get_payload(decode=True)
        if isinstance(data, bytes):
            parts.append(Payload(data, part.get_content_type()))
    if not parts:
        raise RequestError(
            "multipart-lomakkeessa ei ole yhtään osaa", "the multipart form has no parts"
        )
    return parts


def graph_iris(params: Params, name: str) -> tuple[str, ...]:
    """The graph IRIs a protocol parameter names (default-graph-uri, ...); each absolute."""
    found = tuple(values(params, name))
    for iri in found:
        if not is_absolute_iri(iri):
            raise RequestError(
                f"{name}: {iri!r} ei ole absoluuttinen IRI",
                f"{name}: {iri!r} is not an absolute IRI",
            )
    return found
