"""The frame every HTML page of the server shares: language, navigation, style, local links.

Pages are Finnish first; `?lang=en` gives English (labels and interface). Links to IRIs the
project mints (`{base}id/…`, `{base}graph/…`) and to the ontology are rewritten to this
server's own paths, so that a reader can click from page to page on any deployment.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from fastapi import Request

from loaders.errors import RequestError
from ontology.namespaces import ONTOLOGY_IRI

LANGUAGES = ("fi", "en")
LOCAL_PREFIXES = ("id/", "graph/")

NAV: dict[str, dict[str, str]] = {
    "fi": {
        "home": "lanka",
        "editor": "Kyselyeditori",
        "ontology": "Ontologia",
        "switch": "English",
        "switch_title": "Sivu englanniksi",
    },
    "en": {
        "home": "lanka",
        "editor": "Query editor",
        "ontology": "Ontology",
        "switch": "suomeksi",
        "switch_title": "Page in Finnish",
    },
}

STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1d2733; background: #fbfbfa; }
header { background: #7a1f2b; color: #fff; padding: .5rem 1.5rem; display: flex; gap: 1.25rem;
  align-items: baseline; flex-wrap: wrap; }
header a { color: #fff; text-decoration: none; }
header .home { font-weight: 700; font-size: 1.15rem; margin-right: auto; }
main { max-width: 70rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { margin: .5rem 0 .25rem; font-size: 1.8rem; }
h2 { font-size: 1.2rem; margin: 1.75rem 0 .5rem; border-bottom: 1px solid #d8d4cf; }
.iri { font-family: ui-monospace, monospace; font-size: .9rem; color: #555; word-break: break-all; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .3rem .6rem;
  border-bottom: 1px solid #e6e2dd; }
th { font-weight: 600; background: #f1eeea; }
td.property { width: 30%; }
small, .meta { color: #666; font-size: .85rem; }
code { font-family: ui-monospace, monospace; font-size: .9em; }
ul.plain { list-style: none; padding-left: 0; }
dl.blank { margin: 0; padding-left: .75rem; border-left: 3px solid #e6e2dd; }
dl.blank dt { font-weight: 600; } dl.blank dd { margin: 0 0 .25rem .5rem; }
a { color: #0b5cad; }
"""


def page_lang(request: Request) -> str:
    """`fi` unless `?lang=en`; any other value is a 400, not a silent fallback."""
    lang = request.query_params.get("lang") or "fi"
    if lang not in LANGUAGES:
        raise RequestError("kieli (lang) on fi tai en", "the language (lang) is fi or en")
    return lang


def root_path(request: Request) -> str:
    """The path the app is mounted at ('' when at the root)."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def with_lang(path: str, lang: str) -> str:
    """`path` carrying `?lang=en` when the page is English (before any #fragment)."""
    if lang == "fi":
        return path
    path, hash_, fragment = path.partition("#")
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}lang={lang}{hash_}{fragment}"


def local_path(iri: str, base: str) -> str | None:
    """This server's path for an IRI it resolves, or None for any other IRI."""
    if iri.startswith(base) and iri[len(base) :].startswith(LOCAL_PREFIXES):
        return "/" + iri[len(base) :]
    if iri == ONTOLOGY_IRI or iri.startswith((ONTOLOGY_IRI + "#", ONTOLOGY_IRI + "/")):
        return "/ontology" + iri[len(ONTOLOGY_IRI) :]
    return None


def href(iri: str, *, base: str, root: str, lang: str) -> str | None:
    """Where a link to `iri` goes: this server for what it resolves, the IRI itself for
    other web IRIs, nowhere (None) for IRIs that are not web addresses (urn:, mailto:)."""
    local = local_path(iri, base)
    if local is not None:
        return with_lang(root + local, lang)
    if iri.startswith(("http://", "https://")):
        return iri
    return None


def layout(*, title: str, body: str, lang: str, root: str, switch_href: str, head: str = "") -> str:
    """A whole HTML document around `body` (already escaped HTML)."""
    nav = NAV[lang]
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{escape(title)} – lanka</title>\n{head}<style>{STYLE}</style>\n</head>\n"
        "<body>\n<header>"
        f'<a class="home" href="{escape(with_lang(root + "/", lang))}">{nav["home"]}</a>'
        f'<a href="{escape(root + "/editor")}">{nav["editor"]}</a>'
        f'<a href="{escape(with_lang(root + "/ontology", lang))}">{nav["ontology"]}</a>'
        f'<a href="{escape(switch_href)}" title="{nav["switch_title"]}" '
        f'hreflang="{"en" if lang == "fi" else "fi"}">{nav["switch"]}</a>'
        f"</header>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def switch_language_href(request: Request, lang: str) -> str:
    """The same page in the other language."""
    other = "en" if lang == "fi" else "fi"
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    if other != "fi":
        params.append(("lang", other))
    query = urlencode(params)
    return f"{request.url.path}?{query}" if query else request.url.path
