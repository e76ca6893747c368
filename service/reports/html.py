"""A report as one printable HTML page: stamp, table of contents, numbered sections.

The same page is what headless Chromium prints to PDF. `site` is the address the service
answers at ("" for links relative to the page, None for a file with no service behind it);
it decides whether the query a table rests on is a link or plain text.
"""

from __future__ import annotations

from urllib.parse import unquote

from service.pages import esc, page
from service.reports.model import Cell, QueryUse, Report, Table
from service.reports.text import t


def _cell(cell: Cell) -> str:
    if cell.items:
        return "; ".join(
            f"<a href='{esc(i.iri)}'>{esc(i.text)}</a>" if i.iri else esc(i.text)
            for i in cell.items
        )
    if cell.iri:
        return f"<a href='{esc(cell.iri)}'>{esc(cell.text)}</a>"
    return esc(cell.text)


def _query(use: QueryUse, site: str | None) -> str:
    shown = esc(unquote(use.path().removeprefix("/queries/")))
    if site is None:
        return f"<code>{shown}</code>"
    return f"<a href='{esc(site + use.path())}'><code>{shown}</code></a>"


def _table(table: Table, lang: str) -> str:
    group = next((i for i, c in enumerate(table.columns) if c.key == table.group_by), None)
    shown = [i for i in range(len(table.columns)) if i != group]
    head = "".join(f"<th scope='col'>{esc(table.columns[i].label)}</th>" for i in shown)
    body: list[str] = []
    current: str | None = None
    for row in table.rows:
        if group is not None and row[group].text != current:
            current = row[group].text
            label = _cell(row[group]) if current else esc(t("none", lang))
            body.append(f"<tr class='group'><th colspan='{len(shown)}'>{label}</th></tr>")
        cells = []
        for i in shown:
            cell = row[i]
            kind = " class='num'" if cell.number is not None else ""
            cells.append(f"<td{kind}>{_cell(cell)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not table.rows:
        body.append(
            f"<tr><td colspan='{len(shown)}' class='muted'>{esc(t('no.rows', lang))}</td></tr>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _stamp(report: Report) -> str:
    lang, stamp = report.lang, report.stamp
    datasets = "<br>".join(
        f"{esc(d.dataset)} — {esc(t('version', lang))} {esc(d.version)}" for d in stamp.datasets
    )
    generated = stamp.generated.isoformat()
    return (
        "<dl class='stamp'>"
        f"<dt>{esc(t('dataset', lang))}</dt><dd>{datasets or esc(t('none', lang))}</dd>"
        f"<dt>{esc(t('digest', lang))}</dt><dd><code>{esc(stamp.digest)}</code> "
        f"({stamp.graphs} {esc(t('graphs', lang))})<br>"
        f"<span class='note'>{esc(t('digest.note', lang))}</span></dd>"
        f"<dt>{esc(t('generated', lang))}</dt>"
        f"<dd><time class='generated' datetime='{esc(generated)}'>{esc(generated)}</time></dd>"
        f"<dt>{esc(t('language', lang))}</dt><dd>{esc(lang)}</dd>"
        "</dl>"
    )


def render_html(
    report: Report,
    *,
    site: str | None = "",
    formats: list[tuple[str, str]] | None = None,
    switch: str = "",
) -> str:
    """The page; `formats` are (label, href) links to other formats, `switch` the language
    switch (both for the page served on screen)."""
    lang = report.lang
    toc: list[str] = []
    parts: list[str] = []
    for number, section in enumerate(report.sections, start=1):
        items = "".join(
            f"<li><a href='#t-{esc(table.key)}'>{esc(table.title)}</a></li>"
            for table in section.tables
        )
        toc.append(
            f"<li><a href='#s-{esc(section.key)}'>{esc(section.title)}</a><ol>{items}</ol></li>"
        )
        parts.append(f"<section id='s-{esc(section.key)}'>")
        parts.append(f"<h2>{number}. {esc(section.title)}</h2><p>{esc(section.intro)}</p>")
        for table in section.tables:
            parts.append(f"<h3 id='t-{esc(table.key)}'>{esc(table.title)}</h3>")
            if table.note:
                parts.append(f"<p class='note'>{esc(table.note)}</p>")
            if table.queries:
                queries = ", ".join(_query(use, site) for use in table.queries)
                parts.append(f"<p class='note'>{esc(t('query', lang))}: {queries}</p>")
            parts.append(_table(table, lang))
        parts.append("</section>")
    other = ""
    if formats:
        links = " · ".join(f"<a href='{esc(href)}'>{esc(label)}</a>" for label, href in formats)
        other = f"<p class='screen-only'>{esc(t('formats', lang))}: {links}</p>"
    notes = "".join(f"<p class='note'>{esc(note)}</p>" for note in report.notes)
    body = (
        f"<h1>{esc(report.title)}</h1><p class='muted'>{esc(report.subject)}</p>"
        f"{_stamp(report)}{notes}{other}"
        f"<nav class='toc'><h2 class='first'>{esc(t('contents', lang))}</h2>"
        f"<ol>{''.join(toc)}</ol></nav>{''.join(parts)}"
    )
    return page(report.title, body, lang, switch=switch)
