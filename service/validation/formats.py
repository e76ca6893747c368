"""The report's output formats: one name each (for `--format` and `?format=`), a media type
(for `Accept`), and a renderer. Turtle and JSON-LD are the W3C `sh:ValidationReport`; text,
JSON, CSV and HTML add the names, sources and owners from the context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from service.validation.context import Context
from service.validation.html_page import render_html
from service.validation.report import Report
from service.validation.tabular import render_csv, render_json
from service.validation.text import render_text


def _turtle(report: Report, _context: Context) -> str:
    return report.to_graph().serialize(format="turtle")


def _jsonld(report: Report, _context: Context) -> str:
    """JSON-LD by Oxigraph's serialiser (rdflib's leans on a deprecated API)."""
    triples = ox.parse(report.to_ntriples(), format=ox.RdfFormat.N_TRIPLES)
    return (ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b"").decode("utf-8")


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    render: Callable[[Report, Context], str]
    needs_context: bool = True

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", "application/json", render_json),
        Format("html", "text/html", render_html),
        Format("text", "text/plain", render_text),
        Format("ttl", "text/turtle", _turtle, needs_context=False),
        Format("jsonld", "application/ld+json", _jsonld, needs_context=False),
        Format("csv", "text/csv", render_csv),
    )
}
BY_MEDIA_TYPE = {f.media_type: f for f in FORMATS.values()}
