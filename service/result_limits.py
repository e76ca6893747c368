"""Result media types and serialisation under limits: rows, bytes and time.

pyoxigraph serialises results in Rust, several times faster than Python could. To enforce the
row limit without giving up that speed, the serialiser writes into a `LimitedSink` that
counts as it goes: in TSV every solution is one line and in XML one `<result>` element, so
those counts are exact and stop the query as soon as the limit is passed; in JSON and CSV the
sink counts an upper bound (`},{` between solutions; line ends) and only when that bound
passes the limit is the output parsed again to count exactly. Triples (CONSTRUCT, DESCRIBE)
are counted one by one on their way to the serialiser. A result over a limit is refused
whole — never truncated. Standard library and pyoxigraph only, for the worker processes.
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Iterable, Iterator
from typing import IO, cast

import pyoxigraph as ox

SOLUTION_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}
BOOLEAN_TYPES: dict[str, ox.QueryResultsFormat] = {
    media: fmt
    for media, fmt in SOLUTION_TYPES.items()
    if fmt in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML)
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/xml": ox.RdfFormat.RDF_XML,
    "application/json": ox.RdfFormat.JSON_LD,
}
UPLOAD_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/n3": ox.RdfFormat.N3,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


_PREFIX_LINE = re.compile(rb"@prefix ([A-Za-z][\w.-]*)?: <[^>]*> \.\n")


def drop_unused_prefixes(turtle: bytes) -> bytes:
    """Turtle without the @prefix lines of prefixes it never uses (oxigraph writes them all)."""
    header_end = 0
    names = []
    for match in _PREFIX_LINE.finditer(turtle):
        if match.start() != header_end:
            break
        header_end = match.end()
        names.append((match.group(0), match.group(1) or b""))
    body = turtle[header_end:]
    kept = [
        line
        for line, name in names
        if re.search(rb"(?<![\w.-])" + re.escape(name) + rb":", body) is not None
    ]
    return b"".join(kept) + body


def content_type(media_type: str) -> str:
    """The Content-Type header for a media type; text types say they are UTF-8."""
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


def media_type_of(header: str | None) -> str:
    """`text/turtle` from `Text/Turtle; charset=utf-8`; '' when there is no header."""
    return (header or "").split(";", 1)[0].strip().lower()


def charset_of(header: str | None) -> str | None:
    for param in (header or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


class LimitReached(Exception):
    """Raised inside a serialiser to stop it: the result is over a row or byte limit."""

    def __init__(self, what: str, limit: int) -> None:
        super().__init__(f"{what} > {limit}")
        self.what = what
        self.limit = limit


class DeadlinePassed(Exception):
    """Raised inside a serialiser to stop it: the query ran out of time."""


# (marker, offset, exact): rows = count(marker) + offset, exact or an upper bound.
_ROW_MARKERS: dict[ox.QueryResultsFormat, tuple[bytes, int, bool]] = {
    ox.QueryResultsFormat.TSV: (b"\n", -1, True),
    ox.QueryResultsFormat.XML: (b"<result>", 0, True),
    ox.QueryResultsFormat.JSON: (b"},{", 1, False),
    ox.QueryResultsFormat.CSV: (b"\n", -1, False),
}


class LimitedSink:
    """A binary writer for pyoxigraph's serialisers that enforces the limits while writing."""

    def __init__(
        self,
        *,
        max_bytes: int,
        max_rows: int,
        deadline: float | None,
        fmt: ox.QueryResultsFormat | None = None,
    ) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.max_bytes = max_bytes
        self.max_rows = max_rows
        self.deadline = deadline
        self.marker, self.offset, self.exact = (
            _ROW_MARKERS[fmt] if fmt is not None else (b"", 0, True)
        )
        self.marks = 0
        self._tail = b""

    def write(self, data: bytes) -> int:
        chunk = bytes(data)
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise LimitReached("bytes", self.max_bytes)
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise DeadlinePassed
        if self.marker:
            window = self._tail + chunk
            self.marks += window.count(self.marker)
            self._tail = window[-(len(self.marker) - 1) :] if len(self.marker) > 1 else b""
            if self.exact and self.rows_bound > self.max_rows:
                raise LimitReached("rows", self.max_rows)
        self.parts.append(chunk)
        return len(chunk)

    def flush(self) -> None:
        """Nothing to flush; the serialisers call it."""

    @property
    def rows_bound(self) -> int:
        return max(0, self.marks + self.offset)

    @property
    def body(self) -> bytes:
        return b"".join(self.parts)


def count_solutions(body: bytes, fmt: ox.QueryResultsFormat) -> int:
    """The exact number of solutions in a serialised result."""
    if fmt == ox.QueryResultsFormat.CSV:
        return max(0, sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8")))) - 1)
    parsed = ox.parse_query_results(body, format=fmt)
    return sum(1 for _ in parsed) if isinstance(parsed, ox.QuerySolutions) else 0


def serialize_solutions(
    solutions: ox.QuerySolutions, fmt: ox.QueryResultsFormat, sink: LimitedSink
) -> bytes:
    """Serialise SELECT results; LimitReached when they have more rows than the sink allows."""
    solutions.serialize(cast(IO[bytes], sink), format=fmt)
    body = sink.body
    over_bound = not sink.exact and sink.rows_bound > sink.max_rows
    if over_bound and count_solutions(body, fmt) > sink.max_rows:
        raise LimitReached("rows", sink.max_rows)
    return body


def counted(
    triples: Iterable[ox.Triple], max_rows: int, deadline: float | None
) -> Iterator[ox.Triple]:
    """The triples, stopping with LimitReached past `max_rows` or DeadlinePassed past time."""
    for count, triple in enumerate(triples, start=1):
        if count > max_rows:
            raise LimitReached("rows", max_rows)
        if deadline is not None and count % 256 == 0 and time.monotonic() > deadline:
            raise DeadlinePassed
        yield triple


def serialize_triples(
    triples: Iterable[ox.Triple],
    fmt: ox.RdfFormat,
    sink: LimitedSink,
    prefixes: dict[str, str] | None = None,
) -> bytes:
    rows = counted(triples, sink.max_rows, sink.deadline)
    output = cast(IO[bytes], sink)  # a writer with write() and flush() is all it needs
    if prefixes and fmt in _PREFIXED:
        ox.serialize(rows, output, format=fmt, prefixes=prefixes)
    else:
        ox.serialize(rows, output, format=fmt)
    return drop_unused_prefixes(sink.body) if fmt == ox.RdfFormat.TURTLE else sink.body


_PREFIXED = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)
