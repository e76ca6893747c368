"""The HTML view of a `Description`: labels, types, statements, links here, sources.

Every value is escaped; links to IRIs this server resolves point at this server, so a reader
can follow the thread from a measure to its owner, its objective and the document it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from rdflib import RDF, BNode, Literal, URIRef
from rdflib.term import Identifier

from ontology.namespaces import DCT, compact
from service.linked_data import BACKLINK_LIMIT, LABEL_PROPERTIES, Description, pick_label
from service.page_layout import href

TEXT: dict[str, dict[str, str]] = {
    "fi": {
        "labels": "Nimet",
        "types": "Tyypit",
        "statements": "Ominaisuudet",
        "property": "Ominaisuus",
        "value": "Arvo",
        "backlinks": "Viittaukset tähän",
        "subject": "Viittaaja",
        "cut": f"Näytetään {BACKLINK_LIMIT} ensimmäistä.",
        "sources": "Lähteet",
        "section": "Asiakirjan kohta",
        "document": "Asiakirja",
        "none": "Ei ole.",
        "formats": "Muut muodot",
        "graph": "Graafi",
        "triples": "Kolmikoita",
        "download": "Lataa graafin sisältö (Turtle)",
        "missing_title": "Tuntematon tunniste",
        "missing": "Tällä palvelimella ei ole tietoja tunnisteesta",
    },
    "en": {
        "labels": "Labels",
        "types": "Types",
        "statements": "Properties",
        "property": "Property",
        "value": "Value",
        "backlinks": "Links here",
        "subject": "From",
        "cut": f"The first {BACKLINK_LIMIT} are shown.",
        "sources": "Sources",
        "section": "Document section",
        "document": "Document",
        "none": "None.",
        "formats": "Other formats",
        "graph": "Graph",
        "triples": "Triples",
        "download": "Download the graph's content (Turtle)",
        "missing_title": "Unknown identifier",
        "missing": "This server has no data about",
    },
}
# format name in `?format=` → what the link says
FORMAT_LINKS = {"ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples", "rdf": "RDF/XML"}


@dataclass(frozen=True)
class GraphFacts:
    """What a graph page adds to the catalog's description of a graph."""

    triples: int
    download: str  # the Graph Store Protocol address of its content


@dataclass(frozen=True)
class View:
    """How links are written on one page."""

    lang: str
    base: str
    root: str

    def link(self, iri: str, text: str) -> str:
        target = href(iri, base=self.base, root=self.root, lang=self.lang)
        if target is None:
            return escape(text)
        return f'<a href="{escape(target)}">{escape(text)}</a>'


def _literal(value: Literal) -> str:
    note = value.language or (compact(str(value.datatype)) if value.datatype else "")
    shown = escape(str(value))
    return f'{shown} <small lang="">({escape(note)})</small>' if note else shown


def _thing(desc: Description, view: View, thing: Identifier) -> str:
    """A linked IRI as its label (and its short IRI); a literal as itself."""
    if isinstance(thing, Literal):
        return _literal(thing)
    if isinstance(thing, BNode):
        pairs = desc.blank_nodes.get(thing, [])
        items = "".join(
            f"<dt>{_term_name(desc, view, prop)}</dt><dd>{_thing(desc, view, value)}</dd>"
            for prop, value in pairs
        )
        return f'<dl class="blank">{items}</dl>' if items else "[ ]"
    label = desc.label(thing, view.lang)
    short = compact(str(thing))
    if label is None:
        return view.link(str(thing), short)
    if short == str(thing):  # no prefix to shorten it with: the link says enough
        return view.link(str(thing), str(label))
    return f"{view.link(str(thing), str(label))} <small>{escape(short)}</small>"


def _term_name(desc: Description, view: View, term: Identifier) -> str:
    """A property or class by its label from the ontology, or its prefixed name."""
    label = desc.label(term, view.lang)
    return view.link(str(term), str(label) if label is not None else compact(str(term)))


def _section(key: str, title: str, content: str) -> str:
    return f'<section id="{key}">\n<h2>{escape(title)}</h2>\n{content}\n</section>'


def heading(desc: Description, lang: str) -> str:
    label = desc.label(desc.resource, lang)
    return str(label) if label is not None else compact(str(desc.resource))


def render(
    desc: Description,
    view: View,
    *,
    self_href: str,
    graph: GraphFacts | None = None,
) -> str:
    """The page body (inside <main>) for a resource that exists."""
    text = TEXT[view.lang]
    none = f"<p>{text['none']}</p>"
    parts = [
        f"<h1>{escape(heading(desc, view.lang))}</h1>",
        f'<p class="iri">{escape(str(desc.resource))}</p>',
    ]
    own = sorted(desc.own_labels(), key=lambda lit: (lit.language or "", str(lit)))
    labels = "".join(f'<li lang="{escape(lit.language or "")}">{_literal(lit)}</li>' for lit in own)
    parts.append(_section("labels", text["labels"], f'<ul class="plain">{labels}</ul>'))
    types = "".join(f"<li>{_thing(desc, view, t)}</li>" for t in desc.types)
    parts.append(_section("types", text["types"], f"<ul>{types}</ul>" if types else none))
    if graph is not None:
        facts = (
            f"<p>{text['triples']}: {graph.triples}</p>"
            f'<p><a href="{escape(graph.download)}">{text["download"]}</a></p>'
        )
        parts.append(_section("graph", text["graph"], facts))
    shown = in_language(
        [(p, v) for p, v in desc.statements if p != RDF.type and p not in LABEL_PROPERTIES],
        view.lang,
    )
    rows = "".join(
        f'<tr><td class="property">{_term_name(desc, view, p)}</td>'
        f"<td>{_thing(desc, view, v)}</td></tr>"
        for p, v in shown
    )
    table = (
        f"<table><thead><tr><th>{text['property']}</th><th>{text['value']}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
    parts.append(_section("statements", text["statements"], table if rows else none))
    backlinks = "".join(
        f"<tr><td>{_thing(desc, view, s)}</td>"
        f'<td class="property">{_term_name(desc, view, p)}</td></tr>'
        for s, p in desc.backlinks
    )
    cut = f'<p class="meta">{text["cut"]}</p>' if desc.backlinks_cut else ""
    incoming = (
        f"<table><thead><tr><th>{text['subject']}</th><th>{text['property']}</th></tr>"
        f"</thead><tbody>{backlinks}</tbody></table>{cut}"
    )
    parts.append(_section("backlinks", text["backlinks"], incoming if backlinks else none))
    parts.append(_section("sources", text["sources"], _sources(desc, view) or none))
    formats = " · ".join(
        f'<a href="{escape(_with_format(self_href, name))}">{label}</a>'
        for name, label in FORMAT_LINKS.items()
    )
    parts.append(_section("formats", text["formats"], f"<p>{formats}</p>"))
    return "\n".join(parts)


def in_language(
    statements: list[tuple[URIRef, Identifier]], lang: str
) -> list[tuple[URIRef, Identifier]]:
    """A property's texts in the page's language only, when it has any in that language."""
    has_lang = {p for p, v in statements if isinstance(v, Literal) and v.language == lang}
    return [
        (p, v)
        for p, v in statements
        if p not in has_lang or not isinstance(v, Literal) or v.language in (None, lang)
    ]


def _sources(desc: Description, view: View) -> str:
    text = TEXT[view.lang]
    items = []
    for source in desc.sources:
        section_label = _pick(source.section_titles, view.lang) or compact(str(source.section))
        line = f"{text['section']}: {view.link(str(source.section), section_label)}"
        if source.document is not None:
            doc_label = _pick(source.document_titles, view.lang) or compact(str(source.document))
            line += f" — {text['document']}: {view.link(str(source.document), doc_label)}"
        items.append(f"<li>{line}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""


def _pick(titles: tuple[Literal, ...], lang: str) -> str | None:
    chosen = pick_label([(DCT.title, t) for t in titles], lang)
    return str(chosen) if chosen is not None else None


def _with_format(path: str, name: str) -> str:
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}format={name}"


def render_missing(iri: str, lang: str) -> str:
    text = TEXT[lang]
    return (
        f"<h1>{text['missing_title']}</h1>\n"
        f'<p>{text["missing"]} <span class="iri">{escape(iri)}</span>.</p>'
    )
