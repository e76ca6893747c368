"""`GET /`: what a person sees first — what the dataset holds, what it lacks, where to go.

Every number on the page is a named query's result (`counts-per-kind`, `source-documents`,
the gap queries), linked to that query so the reader can check it. Finnish by default,
English with `?lang=en`.
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from rdflib import Literal

from ontology.namespaces import LANKA_NS
from service.deps import SettingsDep, StoreDep
from service.named_queries import default_registry, query_limits
from service.pages import esc, language_switch, page, with_query
from service.reports.runner import QueryRunner
from service.reports.text import LANGS, summary_text, term_label
from service.status import dataset_versions

router = APIRouter(tags=["front"])

WORDS: dict[str, tuple[str, str]] = {
    "tagline": (
        "Punainen lanka strategiasta toimenpiteisiin: mikä strategian lupaus johtaa mihinkin "
        "toimenpiteeseen, kuka siitä vastaa, millä mittarilla sitä seurataan ja mihin lakiin "
        "se perustuu.",
        "The red thread from strategy to measures: which promise of the strategy leads to "
        "which measure, who is responsible, which indicator follows it and which law it "
        "rests on.",
    ),
    "holds": ("Mitä aineisto sisältää", "What the dataset holds"),
    "empty": (
        "Tietovarastossa ei ole aineistoa. Lataa oletusaineisto komennolla `lanka load`.",
        "The store holds no dataset. Load the default dataset with `lanka load`.",
    ),
    "loaded": ("ladattu", "loaded"),
    "kinds": ("Asiat lajeittain", "Things per kind"),
    "validation": ("Tarkistuksen yhteenveto", "Validation summary"),
    "of.measures": ("toimenpiteestä", "measures"),
    "no.owner": ("ilman vastuutahoa", "without an owner"),
    "no.metric": ("ilman mittaria", "without a metric"),
    "list": ("luettelo", "the list"),
    "all.gaps": ("Kaikki puutteet raportissa", "All gaps in the report"),
    "sources": ("Lähdeasiakirjat", "Source documents"),
    "sections": ("kohtaa", "sections"),
    "things": ("asiaa", "things"),
    "tools": ("Työkalut", "Tools"),
    "editor": (
        "Kyselyeditori (SPARQL-päätepiste /sparql)",
        "Query editor (SPARQL endpoint /sparql)",
    ),
    "named": ("Nimetyt kyselyt", "Named queries"),
    "traceability": ("Jäljitettävyysraportti", "Traceability report"),
    "actor": ("Toimijaraportti", "Actor report"),
    "graph": ("Verkkonäkymä", "Graph view"),
    "docs": ("Rajapinnan kuvaus (OpenAPI)", "API documentation (OpenAPI)"),
    "query": ("kysely", "query"),
    "version": ("versio", "version"),
    "count": ("Määrä", "Count"),
}
OWNER_GAP = "measures-without-owner-violation"
METRIC_GAP = "measures-without-indicator-violation"


def w(key: str, lang: str) -> str:
    fi, en = WORDS[key]
    return en if lang == "en" else fi


def _count(value: object) -> int:
    return int(value.toPython()) if isinstance(value, Literal) else 0


def _tools(lang: str) -> str:
    links = [
        ("/editor", w("editor", lang)),
        (with_query("/queries", lang=lang), w("named", lang)),
        (with_query("/reports/traceability", lang=lang), w("traceability", lang)),
        (with_query("/reports/actor", lang=lang), w("actor", lang)),
        ("/graph", w("graph", lang)),
        ("/docs", w("docs", lang)),
    ]
    items = "".join(f"<li><a href='{esc(href)}'>{esc(text)}</a></li>" for href, text in links)
    return f"<div class='card'><h3>{esc(w('tools', lang))}</h3><ul>{items}</ul></div>"


@router.get("/", summary="Etusivu / front page")
def front(store: StoreDep, settings: SettingsDep, lang: str = "fi") -> Response:
    lang = lang if lang in LANGS else "fi"
    base = settings.base_iri
    title = "lanka"
    versions = dataset_versions(store, base)
    head = f"<h1>{esc(title)}</h1><p>{esc(w('tagline', lang))}</p>"
    switch = language_switch("/", lang)
    if not versions:
        body = (
            head
            + f"<p class='card'>{esc(w('empty', lang))}</p><div class='cards'>{_tools(lang)}</div>"
        )
        return Response(page(title, body, lang, switch=switch), media_type="text/html")

    runner = QueryRunner(store, default_registry(), base, lang, query_limits(settings))
    kinds, kinds_use = runner.run("counts-per-kind")
    documents, documents_use = runner.run("source-documents")
    no_owner, owner_use = runner.run(OWNER_GAP)
    no_metric, metric_use = runner.run(METRIC_GAP)

    measures = next(
        (_count(r.get("things")) for r in kinds.rows if str(r["kind"]) == LANKA_NS + "Measure"), 0
    )
    dataset_lines = "".join(
        f"<li><code>{esc(v.dataset)}</code> — {esc(w('loaded', lang))} {esc(v.modified)}, "
        f"{esc(w('version', lang))} <strong>{esc(v.version)}</strong></li>"
        for v in versions
    )
    kind_rows = "".join(
        f"<tr><td>{esc(r.get('kindLabel') or term_label(str(r['kind']), lang))}</td>"
        f"<td class='num'>{_count(r.get('things'))}</td></tr>"
        for r in kinds.rows
    )
    holds = (
        f"<div class='card'><h3>{esc(w('holds', lang))}</h3><ul>{dataset_lines}</ul>"
        f"<table><thead><tr><th>{esc(w('kinds', lang))}</th><th>{esc(w('count', lang))}</th>"
        "</tr></thead>"
        f"<tbody>{kind_rows}</tbody></table>"
        f"<p class='note'>{esc(w('query', lang))}: <a href='{esc(kinds_use.path())}'>"
        f"<code>{esc(kinds_use.name)}</code></a></p></div>"
    )

    def gap_line(rows: int, key: str, name: str) -> str:
        listing = with_query(f"/queries/{name}", lang=lang, format="html")
        return (
            f"<p><span class='big'>{rows}</span> / {measures} {esc(w('of.measures', lang))} "
            f"{esc(w(key, lang))} — <a href='{esc(listing)}'>{esc(w('list', lang))}</a></p>"
        )

    gaps_link = with_query("/reports/traceability", lang=lang) + "#s-gaps"
    validation = (
        f"<div class='card'><h3>{esc(w('validation', lang))}</h3>"
        f"{gap_line(len(no_owner.rows), 'no.owner', owner_use.name)}"
        f"{gap_line(len(no_metric.rows), 'no.metric', metric_use.name)}"
        f"<p><a href='{esc(gaps_link)}'>{esc(w('all.gaps', lang))}</a></p>"
        f"<p class='note'>{esc(summary_text(default_registry().get(OWNER_GAP).summary, lang))}, "
        f"{esc(summary_text(default_registry().get(METRIC_GAP).summary, lang))}</p></div>"
    )
    document_items = "".join(
        f"<li>{esc(r.get('documentTitle') or r['document'])} "
        f"<span class='muted'>({_count(r.get('sections'))} {esc(w('sections', lang))}, "
        f"{_count(r.get('things'))} {esc(w('things', lang))})</span></li>"
        for r in documents.rows
    )
    sources = (
        f"<div class='card'><h3>{esc(w('sources', lang))}</h3><ul>{document_items}</ul>"
        f"<p class='note'>{esc(w('query', lang))}: <a href='{esc(documents_use.path())}'>"
        f"<code>{esc(documents_use.name)}</code></a></p></div>"
    )
    body = (
        f"{head}<div class='cards'>{validation}{_tools(lang)}</div>"
        f"<div class='cards'>{holds}{sources}</div>"
    )
    return Response(page(title, body, lang, switch=switch), media_type="text/html")
