"""The report as one HTML page: results by rule and by owner, with names, kinds, the source
document and section of each thing, and its owner; IRIs only as links. Everything from the
data is escaped."""

from __future__ import annotations

from html import escape

from rdflib.term import Identifier, URIRef

from service.validation.context import Context
from service.validation.groups import NO_OWNER, by_owner, by_rule, severity_name
from service.validation.report import Report, Result
from service.validation.text import summary

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; max-width: 75rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: .25rem .5rem;
         border-bottom: 1px solid #eee; }
.violation { color: #a00; } .warning { color: #a60; } .info { color: #06a; }
.en { color: #666; } summary { cursor: pointer; margin: .5rem 0; } .notice { background: #ffe; }
"""


def _both(fi: str, en: str) -> str:
    if fi == en:
        return escape(fi)
    return f'{escape(fi)} <span class="en" lang="en">/ {escape(en)}</span>'


def _node(context: Context, node: Identifier) -> str:
    name = _both(context.label(node, "fi"), context.label(node, "en"))
    if isinstance(node, URIRef):
        return f'<a href="{escape(str(node), quote=True)}">{name}</a>'
    return name


def _sources(context: Context, node: Identifier) -> str:
    return "<br>".join(escape(str(s)) for s in context.sources.get(node, []))


def _owners(context: Context, node: Identifier) -> str:
    owners = context.owners.get(node, [])
    return "<br>".join(_node(context, o) for o in owners) or _both(*NO_OWNER)


def _row(context: Context, result: Result, *, with_rule: bool) -> str:
    kinds = escape(", ".join(context.kinds.get(result.focus, [])))
    value = "" if result.value is None or result.value == result.focus else str(result.value)
    first = (
        f"<td>{_both(result.message('fi'), result.message('en'))}</td>"
        if with_rule
        else f"<td>{_node(context, result.focus)}</td><td>{kinds}</td>"
    )
    rest = (
        f"<td>{_node(context, result.focus)}</td>"
        if with_rule
        else f"<td>{_owners(context, result.focus)}</td>"
    )
    return (
        f"<tr>{first}{rest}<td>{_sources(context, result.focus)}</td><td>{escape(value)}</td></tr>"
    )


def render_html(report: Report, context: Context) -> str:
    parts = [
        '<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8">',
        "<title>Validointiraportti / Validation report</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Validointiraportti <span class='en' lang='en'>/ Validation report</span></h1>",
        f"<p>{escape(summary(report))}</p>",
    ]
    parts += [f'<p class="notice">{escape(str(n))}</p>' for n in report.notices]
    parts.append("<h2>Säännöittäin <span class='en' lang='en'>/ By rule</span></h2>")
    for group in by_rule(report):
        level = severity_name(group.severity, "en")
        title = _both(context.rule(group.shape, "fi"), context.rule(group.shape, "en"))
        parts.append(
            f'<details><summary><span class="{escape(level)}">'
            f"{escape(severity_name(group.severity, 'fi'))} / {escape(level)}</span> "
            f"{title}: {len(group.results)}</summary>"
            f"<p>{_both(group.first.message('fi'), group.first.message('en'))}</p>"
            "<table><tr><th>Kohde / Item</th><th>Laji / Kind</th>"
            "<th>Vastuutaho / Owner</th><th>Lähde / Source</th><th>Arvo / Value</th></tr>"
        )
        parts += [_row(context, r, with_rule=False) for r in group.results]
        parts.append("</table></details>")
    parts.append("<h2>Vastuutahoittain <span class='en' lang='en'>/ By owner</span></h2>")
    for owner_group in by_owner(report, context):
        name = _node(context, owner_group.owner) if owner_group.owner else _both(*NO_OWNER)
        parts.append(
            f"<details><summary>{name}: {len(owner_group.results)}</summary>"
            "<table><tr><th>Ongelma / Problem</th><th>Kohde / Item</th>"
            "<th>Lähde / Source</th><th>Arvo / Value</th></tr>"
        )
        parts += [_row(context, r, with_rule=True) for r in owner_group.results]
        parts.append("</table></details>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
