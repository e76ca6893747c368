"""The query editor: YASGUI, served from this server, aimed at this server's `/sparql`.

YASGUI (`@zazuko/yasgui`, vendored under `static/vendor/yasgui/` with its licence) runs in
the browser. It is configured so that it reaches nothing but this server: no prefix service
(the prefix autocompleter offers the project's own prefix table), no vocabulary look-ups
(the LOV property and class autocompleters are off), and the only endpoint offered is
`/sparql`. The named queries are listed as examples; one click opens it in a new tab.

An example is the query file as it is, with the defaults of its parameters bound by a
`VALUES` block at the start of its WHERE clause, built from typed terms (so `?lang` is
"fi" and the labels show); a required parameter without a default gets a commented-out
`VALUES` line to fill in.
"""

from __future__ import annotations

import json
import re
from functools import cache
from html import escape
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from ontology.namespaces import PREFIXES, sparql_prologue
from queries.registry import NamedQuery, Registry, load_registry
from service.page_layout import layout, page_lang, root_path, switch_language_href
from service.settings import Settings

YASGUI = "/static/vendor/yasgui"
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)

TEXT: dict[str, dict[str, str]] = {
    "fi": {
        "title": "Kyselyeditori",
        "examples": "Esimerkkikyselyt",
        "hint": "Avaa kysely uuteen välilehteen napsauttamalla. Kyselyt menevät osoitteeseen",
        "required": "pakollinen parametri: anna arvo",
    },
    "en": {
        "title": "Query editor",
        "examples": "Example queries",
        "hint": "Click a query to open it in a new tab. Queries go to",
        "required": "required parameter: give a value",
    },
}
STYLE = """
body main { max-width: none; padding: 0; }
.editor { display: grid; grid-template-columns: minmax(14rem, 22rem) minmax(0, 1fr);
  min-height: 90vh; }
#examples { border-right: 1px solid #d8d4cf; padding: .75rem 1rem; background: #f6f4f1;
  overflow-y: auto; max-height: 92vh; }
#examples h2 { margin-top: .25rem; }
#examples ul { list-style: none; padding: 0; margin: 0; }
#examples li { margin: 0 0 .5rem; }
#examples button { all: unset; cursor: pointer; color: #0b5cad; display: block; }
#examples button:hover, #examples button:focus { text-decoration: underline; }
#examples code { font-size: .75rem; color: #666; }
#yasgui { padding: .5rem 1rem; min-width: 0; overflow-x: auto; }
"""
STARTER = """SELECT ?measure ?label ?plan WHERE {
  ?measure a lanka:Measure ;
           rdfs:label ?label ;
           dct:isPartOf ?plan .
  FILTER(lang(?label) = "fi")
}
ORDER BY ?label
LIMIT 25
"""


def summary_in(query: NamedQuery, lang: str) -> str:
    """The Finnish or English half of a summary written `suomeksi / in English`."""
    finnish, _, english = query.summary.partition(" / ")
    return english if lang == "en" and english else finnish


def example_text(query: NamedQuery) -> str:
    """The query with its parameter defaults bound (see the module docstring)."""
    lines = []
    for parameter in query.params:
        if parameter.selects_graphs:
            continue
        if parameter.default is not None and parameter.default != "":
            term = parameter.bind(parameter.default).n3()
            lines.append(f"  VALUES ?{parameter.name} {{ {term} }}\n")
        elif parameter.required:
            example = "<https://w3id.org/lanka/id/…>" if parameter.type == "iri" else '"…"'
            lines.append(
                f"  # VALUES ?{parameter.name} {{ {example} }}  "
                f"# pakollinen / required ({parameter.type})\n"
            )
    found = _WHERE.search(query.text)
    if not lines or found is None:
        return query.text
    cut = found.end()
    return query.text[:cut] + "\n" + "".join(lines) + query.text[cut:].lstrip(" ")


def examples(registry: Registry, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "name": query.name,
            "summary": summary_in(query, lang),
            "description": query.description.get(lang, ""),
            "text": example_text(query),
        }
        for query in registry
    ]


@cache
def _registry() -> Registry:
    """The named queries, read on first use."""
    return load_registry()


def editor_page(request: Request, settings: Settings) -> HTMLResponse:
    """The editor page, aimed at the `/sparql` of the server that serves it."""
    lang = page_lang(request)
    root = root_path(request)
    text = TEXT[lang]
    endpoint = f"{str(request.base_url).rstrip('/')}/sparql"
    listed = examples(_registry(), lang)
    config = {
        "endpoint": endpoint,
        "prefixes": PREFIXES,
        "examples": listed,
        "starter": sparql_prologue(["dct", "lanka", "rdfs"]) + "\n" + STARTER,
        "persistenceId": f"lanka-{settings.base_iri}-{endpoint}",
        "lang": lang,
    }
    items = "".join(
        f'<li><button type="button" class="example" data-name="{escape(item["name"])}" '
        f'title="{escape(item["description"])}">{escape(item["summary"])}</button>'
        f"<code>{escape(item['name'])}</code></li>"
        for item in listed
    )
    # `<` escaped inside the JSON, so no query text can close the script element
    data = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    body = (
        '<div class="editor">\n'
        f'<aside id="examples"><h2>{text["examples"]}</h2>'
        f'<p class="meta">{text["hint"]} <code>{escape(endpoint)}</code>.</p>'
        f"<ul>{items}</ul></aside>\n"
        '<div id="yasgui"></div>\n</div>\n'
        f'<script type="application/json" id="lanka-editor-config">{data}</script>\n'
        f'<script src="{escape(root + YASGUI)}/yasgui.min.js"></script>\n'
        f'<script src="{escape(root)}/static/editor.js"></script>'
    )
    head = (
        f'<link rel="stylesheet" href="{escape(root + YASGUI)}/yasgui.min.css">\n'
        f"<style>{STYLE}</style>\n"
    )
    page = layout(
        title=text["title"],
        body=body,
        lang=lang,
        root=root,
        switch_href=switch_language_href(request, lang),
        head=head,
    )
    # `/sparql` serves this page or the service description by Accept
    return HTMLResponse(page, headers={"Vary": "Accept"})
