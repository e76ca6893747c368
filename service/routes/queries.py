"""`/queries`: the named queries, listed and run.

- `GET /queries` lists them with their metadata: JSON for programs, an HTML page with a form
  per query for people (by Accept, or `?format=json|html`).
- `GET /queries/{name}?param=value` runs one; the answer is SPARQL 1.1 JSON, CSV, TSV or an
  HTML table, chosen by Accept (q-values) or by `?format=json|csv|tsv|html`.
A value that does not fit its parameter's type is a 400 naming the parameter; an unknown query
is a 404; a result over the limits is refused whole (422, or 504 for the time limit).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from loaders.errors import NotAcceptable
from queries.registry import NamedQuery, ParameterError
from service.conneg import negotiate
from service.deps import SettingsDep, StoreDep
from service.named_queries import default_registry, query_limits, run_named
from service.pages import esc, language_switch, page
from service.reports.text import LANGS, summary_text
from service.results import MEDIA_TYPES, RENDERERS, to_html

router = APIRouter(tags=["queries"])

RESERVED = "format"  # not a query parameter: the answer's format
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/html": "html",
}
LIST_TYPES = {"application/json": "json", "text/html": "html"}
FOLDERS: dict[str, tuple[str, str]] = {
    "trace": ("Jäljitys ylhäältä alas ja alhaalta ylös", "Tracing top-down and bottom-up"),
    "gaps": ("Puutteet", "Gaps"),
    "legal": ("Lakiperusta", "Legal basis"),
    "actors": ("Toimijat ja järjestöt", "Actors and NGOs"),
    "coverage": ("Kattavuus", "Coverage"),
    "progress": ("Edistyminen", "Progress"),
    "provenance": ("Lähteet ja muutos", "Provenance and change"),
    "reports": ("Raporttien näkymät", "Views behind the reports"),
}


def _choose(request: Request, offered: dict[str, str], given: str | None) -> str:
    """The format asked for by `?format=`, else by the Accept header."""
    names = sorted(set(offered.values()))
    if given is not None:
        if given not in names:
            raise ParameterError(
                RESERVED,
                f"muoto on yksi näistä: {', '.join(names)}",
                f"the format is one of: {', '.join(names)}",
            )
        return given
    chosen = negotiate(request.headers.get("accept"), list(offered))
    if chosen is None:
        raise NotAcceptable(
            "mikään pyydetyistä mediatyypeistä ei ole tarjolla",
            "none of the accepted media types is offered",
            tuple(offered),
        )
    return offered[chosen]


def _single_values(request: Request) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in values:
            raise ParameterError(key, "annettu useammin kuin kerran", "given more than once")
        values[key] = value
    return values


def _lang(values: dict[str, str]) -> str:
    lang = values.get("lang", "fi")
    return lang if lang in LANGS else "fi"


def describe(query: NamedQuery) -> dict[str, Any]:
    """A query's metadata for programs: what the query editor's examples are made from."""
    return {
        "name": query.name,
        "group": query.path.parent.name,
        "summary": query.summary,
        "description": query.description,
        "form": query.form,
        "must_be_empty": query.must_be_empty,
        "params": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "default": p.default,
                "description": p.description,
            }
            for p in query.params
        ],
        "returns": list(query.returns),
        "path": f"/queries/{query.name}",
        "query": query.text,
    }


def _form(query: NamedQuery, lang: str) -> str:
    fields = []
    for parameter in query.params:
        label = esc(parameter.description.get(lang, parameter.name))
        required = " required" if parameter.required else ""
        mark = " *" if parameter.required else ""
        if parameter.name == "lang":
            fields.append(f"<input type='hidden' name='lang' value='{esc(lang)}'>")
            continue
        if parameter.type == "boolean":
            options = "".join(
                f"<option{' selected' if v == (parameter.default or 'true') else ''}>{v}</option>"
                for v in ("true", "false")
            )
            field = f"<select name='{esc(parameter.name)}'>{options}</select>"
        else:
            kind = "date" if parameter.type == "date" else "text"
            value = f" value='{esc(parameter.default)}'" if parameter.default else ""
            field = (
                f"<input type='{kind}' name='{esc(parameter.name)}' size='50'{value}"
                f"{required} placeholder='{esc(parameter.type)}'>"
            )
        fields.append(f"<label>{label}{mark} <code>{esc(parameter.name)}</code> {field}</label>")
    formats = "".join(f"<option>{f}</option>" for f in ("html", "csv", "tsv", "json"))
    run = "Aja" if lang == "fi" else "Run"
    return (
        f"<form class='params' method='get' action='/queries/{esc(query.name)}'>"
        f"{''.join(fields)}<label><code>format</code> <select name='format'>{formats}</select>"
        f"</label> <button type='submit'>{run}</button></form>"
    )


def _list_page(lang: str) -> str:
    title = "Nimetyt kyselyt" if lang == "fi" else "Named queries"
    intro = (
        "Jokainen kysely on tiedosto queries/-kansiossa; sama teksti toimii kyselyeditorissa "
        "(/editor, päätepiste /sparql). Raporttien luvut ovat näiden kyselyjen tuloksia."
        if lang == "fi"
        else "Each query is a file in the queries/ folder; the same text runs in the query "
        "editor (/editor, endpoint /sparql). The numbers in the reports are results of these "
        "queries."
    )
    text = "Kyselyn teksti" if lang == "fi" else "Query text"
    groups: dict[str, list[NamedQuery]] = {}
    for query in default_registry():
        groups.setdefault(query.path.parent.name, []).append(query)
    parts = [f"<h1>{esc(title)}</h1><p>{esc(intro)}</p><p><a href='/'>lanka</a></p>"]
    for folder in sorted(groups, key=lambda f: (list(FOLDERS).index(f) if f in FOLDERS else 99, f)):
        heading = FOLDERS.get(folder, (folder, folder))
        parts.append(f"<h2>{esc(heading[1] if lang == 'en' else heading[0])}</h2>")
        for query in groups[folder]:
            parts.append(
                f"<h3 id='{esc(query.name)}'>{esc(summary_text(query.summary, lang))}</h3>"
                f"<p class='note'><code>{esc(query.name)}</code> — "
                f"{esc(query.description.get(lang, ''))}</p>{_form(query, lang)}"
                f"<details><summary>{esc(text)}</summary><pre>{esc(query.text)}</pre></details>"
            )
    return page(title, "".join(parts), lang, switch=language_switch("/queries", lang))


@router.get("/queries", summary="Nimetyt kyselyt / the named queries")
def list_queries(request: Request) -> Response:
    values = _single_values(request)
    chosen = _choose(request, LIST_TYPES, values.get(RESERVED))
    headers = {"Vary": "Accept"}
    if chosen == "html":
        return Response(_list_page(_lang(values)), media_type=MEDIA_TYPES["html"], headers=headers)
    body = json.dumps([describe(q) for q in default_registry()], ensure_ascii=False, indent=1)
    return Response(body, media_type="application/json", headers=headers)


@router.get("/queries/{name}", summary="Aja nimetty kysely / run a named query")
async def run_query(
    name: str, request: Request, store: StoreDep, settings: SettingsDep
) -> Response:
    query = default_registry().get(name)
    values = _single_values(request)
    chosen = _choose(request, RESULT_TYPES, values.pop(RESERVED, None))
    result = await run_in_threadpool(
        run_named, store, query, values, settings.base_iri, query_limits(settings)
    )
    headers = {"Vary": "Accept"}
    body = to_html(result, _lang(values)) if chosen == "html" else RENDERERS[chosen](result)
    return Response(body, media_type=MEDIA_TYPES[chosen], headers=headers)
