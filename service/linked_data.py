"""What the store says about one IRI: the data behind a Linked Data page.

A page shows a resource's concise bounded description (its statements, and those of the
blank nodes it points to), the links that point to it, the labels of everything linked, and
its sources (prov:wasDerivedFrom → section → document). Each part is a named query in
`queries/pages/`, run with the resource bound as a typed term (never pasted into the text),
over the data graphs together with the ontology graph (for the labels of types and
properties) and the catalog graph (which describes the graphs themselves). The same
`Description` gives the HTML page and the RDF answer, so both always say the same.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.term import Identifier

from ontology import iris
from ontology.namespaces import DCT, SKOS
from queries.registry import Registry, load_registry
from service.catalog import catalog_iri, data_graphs
from service.store import Store

# the order in which label properties are preferred when a thing has several
LABEL_PROPERTIES: tuple[URIRef, ...] = (RDFS.label, SKOS.prefLabel, DCT.title)
# the named queries a page is made of (queries/pages/*.rq)
STATEMENTS, BACKLINKS, LABELS, SOURCES = (
    "resource-statements",
    "resource-backlinks",
    "resource-labels",
    "resource-sources",
)
BACKLINK_LIMIT = 1000  # the LIMIT of resource-backlinks.rq
# characters left as they are when a request path becomes an IRI again (RFC 3986 pchar)
_PATH_SAFE = "/:@-._~!$&'()*+,;="


def resource_iri(base: str, prefix: str, path: str) -> URIRef:
    """The IRI a request path names: `/id/kainuu/toimenpide/x` → `{base}id/kainuu/toimenpide/x`.

    The server decodes percent-escapes in the path; they are written back, so an IRI minted
    with an escaped area (`iris.IriTemplate.mint` quotes it) is found again.
    """
    return URIRef(f"{base}{prefix}/{quote(path, safe=_PATH_SAFE)}")


def page_graphs(store: Store, base: str) -> list[str]:
    """The default graph of the page queries: data, ontology and catalog graphs."""
    system = [str(iris.mint("system-graph", "ontology", base=base)), catalog_iri(base)]
    return data_graphs(store, base) + system


@dataclass(frozen=True)
class Source:
    """A document section a resource rests on, with its titles and its document's."""

    section: URIRef
    section_titles: tuple[Literal, ...]
    document: URIRef | None
    document_titles: tuple[Literal, ...]


@dataclass
class Description:
    resource: URIRef
    statements: list[tuple[URIRef, Identifier]] = field(default_factory=list)
    blank_nodes: dict[BNode, list[tuple[URIRef, Identifier]]] = field(default_factory=dict)
    backlinks: list[tuple[Identifier, URIRef]] = field(default_factory=list)
    labels: dict[Identifier, list[tuple[URIRef, Literal]]] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        """A resource is known when some statement has it as subject or object."""
        return bool(self.statements or self.backlinks)

    @property
    def backlinks_cut(self) -> bool:
        """True when more things point here than the page lists."""
        return len(self.backlinks) >= BACKLINK_LIMIT

    @property
    def types(self) -> list[URIRef]:
        return [v for p, v in self.statements if p == RDF.type and isinstance(v, URIRef)]

    def own_labels(self) -> list[Literal]:
        return [label for _p, label in self.labels.get(self.resource, [])]

    def label(self, thing: Identifier, lang: str) -> Literal | None:
        """The label to show for `thing` in `lang`, falling back to another language."""
        return pick_label(self.labels.get(thing, []), lang)

    def triples(self) -> list[tuple[Identifier, Identifier, Identifier]]:
        """The description as RDF: the CBD, the links here, labels of the linked things,
        the sources' documents; the resource's own statements first."""
        found: list[tuple[Identifier, Identifier, Identifier]] = [
            (self.resource, p, v) for p, v in self.statements
        ]
        for node, statements in self.blank_nodes.items():
            found += [(node, p, v) for p, v in statements]
        found += [(s, p, self.resource) for s, p in self.backlinks]
        for source in self.sources:
            found += [(source.section, DCT.title, title) for title in source.section_titles]
            if source.document is not None:
                found.append((source.section, DCT.isPartOf, source.document))
                found += [(source.document, DCT.title, t) for t in source.document_titles]
        linked = {node for triple in found for node in triple}
        for thing, pairs in self.labels.items():
            if thing in linked:
                found += [(thing, p, label) for p, label in pairs]
        own = [t for t in found if t[0] == self.resource]
        rest = sorted({t for t in found if t[0] != self.resource}, key=lambda t: tuple(map(str, t)))
        return list(dict.fromkeys(own)) + rest


def _plain(term: Identifier) -> Identifier:
    """`"x"^^xsd:string` as `"x"`: the same literal in RDF 1.1, and how people write it."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def pick_label(labels: list[tuple[URIRef, Literal]], lang: str) -> Literal | None:
    """The wanted language first, then no language, then Finnish, then any; rdfs:label first."""

    def rank(item: tuple[URIRef, Literal]) -> tuple[int, int, str]:
        prop, label = item
        language = label.language or ""
        by_language = 0 if language == lang else 1 if not language else 2 if language == "fi" else 3
        by_property = LABEL_PROPERTIES.index(prop) if prop in LABEL_PROPERTIES else 9
        return by_language, by_property, str(label)

    chosen = min(labels, key=rank, default=None)
    return chosen[1] if chosen is not None else None


class Describer:
    """Runs the page queries; the registry is read once, at start."""

    def __init__(self, registry: Registry | None = None) -> None:
        known = registry or load_registry()
        self.statements = known.get(STATEMENTS)
        self.backlinks = known.get(BACKLINKS)
        self.labels = known.get(LABELS)
        self.sources = known.get(SOURCES)

    def describe(self, store: Store, resource: URIRef, base: str) -> Description:
        graphs = page_graphs(store, base)
        bound: dict[str, Identifier] = {"resource": resource}

        def rows(query_text: str) -> list[dict[str, Identifier]]:
            found = store.select_rows(query_text, bindings=bound, default_graphs=graphs)[1]
            return [{name: _plain(term) for name, term in row.items()} for row in found]

        found = Description(resource)
        blank: dict[BNode, list[tuple[URIRef, Identifier]]] = defaultdict(list)
        for row in rows(self.statements.text):
            subject, prop, value = row["subject"], row["property"], row["value"]
            assert isinstance(prop, URIRef)
            if subject == resource:
                found.statements.append((prop, value))
            elif isinstance(subject, BNode):
                blank[subject].append((prop, value))
        found.blank_nodes = dict(blank)
        labels: dict[Identifier, set[tuple[URIRef, Literal]]] = defaultdict(set)
        backlinks: dict[tuple[Identifier, URIRef], None] = {}
        for row in rows(self.backlinks.text):
            subject, prop = row["subject"], row["property"]
            assert isinstance(prop, URIRef)
            backlinks[(subject, prop)] = None
            label_property, label = row.get("subjectLabelProperty"), row.get("subjectLabel")
            if isinstance(label_property, URIRef) and isinstance(label, Literal):
                labels[subject].add((label_property, label))
            prop_label = row.get("propertyLabel")
            if isinstance(prop_label, Literal):
                labels[prop].add((RDFS.label, prop_label))
        # the query streams any 1,000 links unsorted; the page lists them in order
        found.backlinks = sorted(backlinks, key=lambda link: (str(link[1]), str(link[0])))
        for row in rows(self.labels.text):
            prop, label = row["labelProperty"], row["label"]
            if isinstance(prop, URIRef) and isinstance(label, Literal):
                labels[row["thing"]].add((prop, label))
        found.labels = {thing: sorted(pairs) for thing, pairs in labels.items()}
        found.sources = _sources(rows(self.sources.text))
        return found


def _sources(rows: list[dict[str, Identifier]]) -> list[Source]:
    """One `Source` per section, its titles and its document's gathered from the rows."""
    sections: dict[URIRef, tuple[set[Literal], URIRef | None, set[Literal]]] = {}
    for row in rows:
        section = row["section"]
        if not isinstance(section, URIRef):
            continue
        titles, document, document_titles = sections.setdefault(section, (set(), None, set()))
        title = row.get("sectionTitle")
        if isinstance(title, Literal):
            titles.add(title)
        found = row.get("document")
        if isinstance(found, URIRef):
            document = found
        doc_title = row.get("documentTitle")
        if isinstance(doc_title, Literal):
            document_titles.add(doc_title)
        sections[section] = (titles, document, document_titles)
    return [
        Source(
            section,
            tuple(sorted(titles, key=str)),
            document,
            tuple(sorted(document_titles, key=str)),
        )
        for section, (titles, document, document_titles) in sorted(sections.items())
    ]
