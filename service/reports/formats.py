"""The formats a report is written in: media type, file suffix and writer, in one table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from service.reports.html import render_html
from service.reports.model import Report
from service.reports.pdf import html_to_pdf
from service.reports.tabular import render_csv, render_json


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    suffix: str
    binary: bool


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("html", "text/html; charset=utf-8", "html", False),
        Format("pdf", "application/pdf", "pdf", True),
        Format(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            True,
        ),
        Format("csv", "text/csv; charset=utf-8", "csv", False),
        Format("json", "application/json", "json", False),
    )
}


def render(
    report: Report,
    fmt: str,
    *,
    site: str | None = None,
    links: list[tuple[str, str]] | None = None,
    switch: str = "",
) -> bytes:
    """The report in format `fmt`; `site`, `links` and `switch` shape the HTML page (and
    `site` the PDF's links)."""
    from service.reports.xlsx import render_xlsx  # openpyxl: only when a workbook is made

    writers: dict[str, Callable[[], bytes]] = {
        "html": lambda: render_html(report, site=site, formats=links, switch=switch).encode(
            "utf-8"
        ),
        "pdf": lambda: html_to_pdf(render_html(report, site=site)),
        "xlsx": lambda: render_xlsx(report),
        "csv": lambda: render_csv(report).encode("utf-8"),
        "json": lambda: render_json(report).encode("utf-8"),
    }
    return writers[fmt]()
