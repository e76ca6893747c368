"""`/reports`: the traceability report and the actor report, in five formats.

`GET /reports/traceability` and `GET /reports/actor?actor=IRI` answer in HTML, PDF, XLSX, CSV
or JSON, chosen by `?format=` or by the Accept header, in Finnish or with `?lang=en` in
English. A report is made whole or not at all: a query over its limits answers 422 or 504
with the reason, never a report with parts missing. `GET /reports` lists the reports and the
actors to choose from.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from loaders.errors import NotAcceptable
from queries.registry import ParameterError
from service.conneg import negotiate
from service.deps import SettingsDep, StoreDep
from service.named_queries import default_registry, query_limits
from service.pages import esc, language_switch, page, with_query
from service.reports.build import build_report
from service.reports.formats import FORMATS, render
from service.reports.runner import QueryRunner
from service.reports.text import LANGS, t, term_label
from service.settings import Settings
from service.store import Store

router = APIRouter(prefix="/reports", tags=["reports"])

OFFERED = {f.media_type.split(";")[0]: name for name, f in FORMATS.items()}


def _format(request: Request, given: str | None) -> str:
    if given is not None:
        if given not in FORMATS:
            raise ParameterError(
                "format",
                f"muoto on yksi näistä: {', '.join(FORMATS)}",
                f"the format is one of: {', '.join(FORMATS)}",
            )
        return given
    chosen = negotiate(request.headers.get("accept"), list(OFFERED))
    if chosen is None:
        raise NotAcceptable(
            "raportti on tarjolla vain muodoissa " + ", ".join(OFFERED),
            "the report is offered only as " + ", ".join(OFFERED),
            tuple(OFFERED),
        )
    return OFFERED[chosen]


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise ParameterError("lang", "kieli on fi tai en", "language is fi or en")
    return lang


def _answer(
    request: Request,
    store: Store,
    settings: Settings,
    *,
    kind: str,
    fmt: str,
    lang: str,
    actor: str | None = None,
) -> Response:
    report = build_report(
        kind,
        store,
        settings.base_iri,
        lang=lang,
        limits=query_limits(settings),
        actor=actor,
    )
    path = request.url.path
    extra = {"actor": actor} if actor else {}
    links = [
        (name.upper(), with_query(path, **extra, lang=lang, format=name))
        for name in FORMATS
        if name != "html"
    ]
    site = str(request.base_url).rstrip("/") if fmt == "pdf" else ""
    body = render(
        report,
        fmt,
        site=site,
        links=links,
        switch=language_switch(path, lang, **extra),
    )
    chosen = FORMATS[fmt]
    name = kind if actor is None else f"{kind}-{actor.rstrip('/').rsplit('/', 1)[-1]}"
    disposition = "attachment" if fmt in ("xlsx", "csv") else "inline"
    headers = {
        "Vary": "Accept",
        "Content-Disposition": f'{disposition}; filename="lanka-{name}-{lang}.{chosen.suffix}"',
    }
    return Response(body, media_type=chosen.media_type, headers=headers)


@router.get("/traceability", summary="Jäljitettävyysraportti / traceability report")
def traceability(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    format: str | None = None,
    lang: str = "fi",
) -> Response:
    fmt = _format(request, format)
    return _answer(request, store, settings, kind="traceability", fmt=fmt, lang=_lang(lang))


@router.get("/actor", summary="Toimijaraportti / actor report")
def actor(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    actor: str | None = None,
    format: str | None = None,
    lang: str = "fi",
) -> Response:
    fmt = _format(request, format)
    lang = _lang(lang)
    if not actor:
        if fmt == "html":
            return Response(_index(store, settings, lang, "/reports/actor"), media_type="text/html")
        raise ParameterError("actor", "arvo puuttuu", "a value is required")
    return _answer(request, store, settings, kind="actor", fmt=fmt, lang=lang, actor=actor)


def _index(store: Store, settings: Settings, lang: str, path: str) -> str:
    """The reports and the actors to choose from (the `actors` query)."""
    runner = QueryRunner(store, default_registry(), settings.base_iri, lang, query_limits(settings))
    result, use = runner.run("actors")
    title = t("reports", lang)
    formats = " · ".join(
        f"<a href='{esc(with_query('/reports/traceability', lang=lang, format=name))}'>"
        f"{esc(name.upper())}</a>"
        for name in FORMATS
    )
    rows = []
    current = None
    for row in result.rows:
        kind = str(row["kind"])
        if kind != current:
            current = kind
            rows.append(
                f"<tr class='group'><th colspan='3'>{esc(term_label(kind, lang))}</th></tr>"
            )
        actor_iri = str(row["actor"])
        label = str(row.get("actorLabel") or actor_iri)
        href = with_query("/reports/actor", actor=actor_iri, lang=lang)
        rows.append(
            f"<tr><td><a href='{esc(href)}'>{esc(label)}</a></td>"
            f"<td class='num'>{esc(row.get('owns', 0))}</td>"
            f"<td class='num'>{esc(row.get('takesPart', 0))}</td></tr>"
        )
    owns, takes = ("Omistaa", "Osallistuu") if lang == "fi" else ("Owns", "Takes part")
    actor_word = "Toimija" if lang == "fi" else "Actor"
    body = (
        f"<h1>{esc(title)}</h1><p><a href='/'>lanka</a></p>"
        f"<h2>{esc(t('traceability.title', lang))}</h2><p>{formats}</p>"
        f"<h2>{esc(t('actor.title', lang))}</h2>"
        f"<p class='note'>{esc(t('query', lang))}: <a href='{esc(use.path())}'>"
        f"<code>{esc(use.name)}</code></a></p>"
        f"<table><thead><tr><th>{actor_word}</th><th>{owns}</th><th>{takes}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return page(title, body, lang, switch=language_switch(path, lang))


@router.get("", summary="Raportit / the reports")
def index(store: StoreDep, settings: SettingsDep, lang: str = "fi") -> Response:
    return Response(_index(store, settings, _lang(lang), "/reports"), media_type="text/html")
