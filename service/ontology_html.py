"""The ontology's documentation page, generated with pyLODE from `ontology/lanka.ttl`.

pyLODE documents one ontology per page and shows every label it finds, so it is given a
view of the file made for one language: literals in that language (or in none), and the
concept schemes of the fixed lists shown as the named individuals they also are (pyLODE
would otherwise take each `skos:ConceptScheme` for the document itself and merge their
titles into the page title). pyLODE leaves named individuals out, so the fixed lists
(concept schemes and their concepts: roles, statuses, directions, actor kinds) get a section
of their own. Each term's anchor is its local name (`/ontology#Measure`), so the Linked Data
pages can link to it. A page takes pyLODE a second or two: it is made once per ontology
digest and language, and kept.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import warnings
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import Any

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from ontology.namespaces import LANKA_NS, ONTOLOGY_IRI, SKOS, bind_prefixes

ONTOLOGY_FILE = "lanka.ttl"


@dataclass(frozen=True)
class OntologySource:
    """The ontology file's bytes and their sha256, which keys every cached rendering."""

    data: bytes
    digest: str

    def graph(self) -> Graph:
        return bind_prefixes(Graph()).parse(data=self.data.decode("utf-8"), format="turtle")


def read_ontology() -> OntologySource:
    data = (resources.files("ontology") / ONTOLOGY_FILE).read_bytes()
    return OntologySource(data, hashlib.sha256(data).hexdigest())


def language_view(graph: Graph, lang: str) -> Graph:
    """The graph as pyLODE should see it for a page in `lang` (see the module docstring)."""
    view = bind_prefixes(Graph())
    ontology = URIRef(ONTOLOGY_IRI)
    for s, p, o in graph:
        if isinstance(o, Literal) and o.language and o.language != lang:
            continue
        if p == RDF.type and o == SKOS.ConceptScheme and s != ontology:
            continue
        view.add((s, p, o))
    return view


def _ontpub() -> Any:
    """pyLODE's OntPub class. Importing pyLODE calls `logging.basicConfig(level=DEBUG)`,
    which would flood the server's log; the root logger is put back as it was."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from pylode import OntPub
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    return OntPub


INDIVIDUALS = {"fi": "Luettelot ja yksilöt", "en": "Code lists and individuals"}
OTHER_INDIVIDUALS = {"fi": "Muut yksilöt", "en": "Other individuals"}
_TOC_NAMESPACES = re.compile(r'<li>\s*<h4>\s*<a href="#namespaces">')


def _local(term: URIRef) -> str:
    return str(term)[len(LANKA_NS) :]


def _text(graph: Graph, subject: URIRef, predicate: URIRef) -> str:
    found = graph.value(subject, predicate)
    return str(found) if found is not None else ""


def _entry(graph: Graph, term: URIRef, style: str = "") -> str:
    """One term as pyLODE draws an entity: its label, IRI and definition."""
    label = _text(graph, term, RDFS.label) or _local(term)
    notation = _text(graph, term, SKOS.notation)
    note = f" <code>{escape(notation)}</code>" if notation else ""
    return (
        f'<div class="entity" id="{escape(_local(term))}" style="{style}">'
        f"<h3>{escape(label)}{note}</h3>"
        f"<table><tr><th>IRI</th><td><code>{escape(str(term))}</code></td></tr>"
        f"<tr><th>Description</th><td><p>{escape(_text(graph, term, SKOS.definition))}</p>"
        f"</td></tr></table></div>"
    )


def individuals_section(view: Graph, lang: str) -> str:
    """The concept schemes of the fixed lists and their members, which pyLODE leaves out.

    `view` is the language view, in which the schemes are named individuals only.
    """
    own = sorted(
        s
        for s in view.subjects(RDF.type, OWL.NamedIndividual)
        if isinstance(s, URIRef) and str(s).startswith(LANKA_NS)
    )
    members = {s for s in own if view.value(s, SKOS.inScheme) is not None}
    schemes = [s for s in own if s not in members and any(view.subjects(SKOS.inScheme, s))]
    others = [s for s in own if s not in members and s not in schemes]
    parts = [f'<div class="section" id="individuals"><h2>{INDIVIDUALS[lang]}</h2>']
    for scheme in schemes:
        parts.append(_entry(view, scheme))
        inside = [m for m in view.subjects(SKOS.inScheme, scheme) if isinstance(m, URIRef)]
        inside.sort(key=lambda m: _text(view, m, RDFS.label))
        parts.append("".join(_entry(view, m, "margin-left:2rem") for m in inside))
    if others:
        parts.append(f"<h2>{OTHER_INDIVIDUALS[lang]}</h2>")
        parts.append("".join(_entry(view, s) for s in others))
    parts.append("</div>")
    return "".join(parts)


def generate(source: OntologySource, lang: str, *, banner: str = "") -> str:
    """The documentation page in `lang`; `banner` (HTML) goes first in the content."""
    view = language_view(source.graph(), lang)
    document = _ontpub()(view, sort_subjects=True)
    for subject in set(view.subjects()):
        if isinstance(subject, URIRef) and str(subject).startswith(LANKA_NS):
            document.fids[str(subject)] = _local(subject)
    with warnings.catch_warnings():
        # pyLODE reads its stylesheet with a bare open(): the file it leaves to the garbage
        # collector would be reported as a ResourceWarning (an error under the test suite)
        warnings.simplefilter("ignore", ResourceWarning)
        page: str = document.make_html()
    page = page.replace("<html>", f'<html lang="{escape(lang)}">', 1)
    page = page.replace('<div id="content">', f'<div id="content">\n{banner}', 1)
    page = page.replace(
        '<div id="namespaces">', individuals_section(view, lang) + '<div id="namespaces">', 1
    )
    toc = f'<li><h4><a href="#individuals">{INDIVIDUALS[lang]}</a></h4></li>'
    return _TOC_NAMESPACES.sub(lambda found: toc + found.group(0), page, count=1)


class DocumentationCache:
    """Pages made once per (ontology digest, language, banner); a new digest replaces them."""

    def __init__(self) -> None:
        self._pages: dict[tuple[str, str, str], str] = {}
        self._lock = threading.Lock()

    def page(self, source: OntologySource, lang: str, banner: str = "") -> str:
        key = (source.digest, lang, banner)
        with self._lock:
            if key not in self._pages:
                stale = [k for k in self._pages if k[0] != source.digest]
                for old in stale:
                    del self._pages[old]
                self._pages[key] = generate(source, lang, banner=banner)
            return self._pages[key]
