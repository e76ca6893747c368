"""What a person needs beside a result: names instead of IRIs, where the thing comes from (the
source document and its section) and who owns it.

Looked up with a few queries over the validated data, for the focus nodes of a report only.
The owner of a measure is its `lanka:owner`; the owner of anything a measure points at (its
indicator, its objective) is that measure's owner, so an owner sees every gap they can fix.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Identifier

from ontology.namespaces import DCT, LANKA, PROV, SKOS
from ontology.namespaces import compact as _compact
from service.validation.report import Report
from service.validation.source import DataView

_BATCH = 500

compact = cache(_compact)  # the same few IRIs, compacted many times


@dataclass
class Names:
    """A thing's names by language ('' for untagged)."""

    by_lang: dict[str, str] = field(default_factory=dict)

    def get(self, lang: str, fallback: str) -> str:
        for choice in (lang, "fi", "en", ""):
            if self.by_lang.get(choice):
                return self.by_lang[choice]
        return fallback


@dataclass(frozen=True)
class SourceRef:
    section: Identifier
    section_title: str
    section_number: str
    document: Identifier | None
    document_title: str

    def __str__(self) -> str:
        where = " ".join(p for p in (self.section_number, self.section_title) if p)
        return f"{self.document_title}: {where}" if self.document_title else where


@dataclass
class Context:
    rules: dict[Identifier, Names] = field(default_factory=dict)  # shapes' own names
    names: dict[Identifier, Names] = field(default_factory=dict)
    kinds: dict[Identifier, list[str]] = field(default_factory=dict)
    sources: dict[Identifier, list[SourceRef]] = field(default_factory=dict)
    owners: dict[Identifier, list[Identifier]] = field(default_factory=dict)
    _labels: dict[tuple[Identifier, str], str] = field(default_factory=dict, repr=False)

    def label(self, node: Identifier, lang: str = "fi") -> str:
        """A thing's name in `lang` (or another language), else its compact IRI."""
        known = self._labels.get((node, lang))
        if known is None:
            names = self.names.get(node)
            fallback = compact(str(node)) if isinstance(node, URIRef) else str(node)
            known = self._labels[(node, lang)] = names.get(lang, fallback) if names else fallback
        return known

    def rule(self, shape: Identifier, lang: str = "fi") -> str:
        names = self.rules.get(shape)
        fallback = compact(str(shape)) if isinstance(shape, URIRef) else "?"
        return names.get(lang, fallback) if names else fallback


def _values(nodes: list[Identifier]) -> str:
    return " ".join(n.n3() for n in nodes)


def _batches(nodes: Iterable[Identifier]) -> Iterable[list[Identifier]]:
    named: list[Identifier] = sorted({n for n in nodes if isinstance(n, URIRef)}, key=str)
    for start in range(0, len(named), _BATCH):
        yield named[start : start + _BATCH]


def _text(term: Identifier | None) -> str:
    return str(term) if term is not None else ""


def gather(report: Report, data: DataView, shapes: Graph) -> Context:
    """Names, kinds, sources and owners of the report's focus nodes (and of the owners)."""
    context = Context()
    for shape in {r.shape for r in report.results}:
        names = Names()
        for label in shapes.objects(shape, RDFS.label):
            if isinstance(label, Literal):
                names.by_lang.setdefault(label.language or "", str(label))
        context.rules[shape] = names
    focus = {r.focus for r in report.results}
    for batch in _batches(focus):
        values = _values(batch)
        _read_sources(context, data, values)
        _read_owners(context, data, values)
        _read_kinds(context, data, values)
    owners = {o for found in context.owners.values() for o in found}
    for batch in _batches(focus | owners):
        _read_names(context, data, _values(batch))
    return context


def _read_names(context: Context, data: DataView, values: str) -> None:
    naming = f"(<{RDFS.label}>|<{SKOS.prefLabel}>|<{DCT.title}>)"
    query = f"SELECT ?node ?name WHERE {{ VALUES ?node {{ {values} }} ?node {naming} ?name }}"
    for row in data.rows(query):
        name = row["name"]
        lang = name.language or "" if isinstance(name, Literal) else ""
        names = context.names.setdefault(row["node"], Names())
        names.by_lang.setdefault(lang, str(name))


def _read_kinds(context: Context, data: DataView, values: str) -> None:
    query = f"SELECT ?node ?kind WHERE {{ VALUES ?node {{ {values} }} ?node <{RDF.type}> ?kind }}"
    kinds: dict[Identifier, list[str]] = defaultdict(list)
    for row in data.rows(query):
        kinds[row["node"]].append(compact(str(row["kind"])))
    for node, found in kinds.items():
        own = [k for k in found if k.startswith("lanka:")]
        context.kinds[node] = sorted(set(own or found))  # a type in two graphs counts once


def _read_sources(context: Context, data: DataView, values: str) -> None:
    query = f"""SELECT ?node ?section ?title ?number ?document ?documentTitle WHERE {{
        VALUES ?node {{ {values} }}
        ?node <{PROV.wasDerivedFrom}> ?section .
        OPTIONAL {{ ?section <{DCT.title}> ?title }}
        OPTIONAL {{ ?section <{LANKA.sectionNumber}> ?number }}
        OPTIONAL {{ ?section <{DCT.isPartOf}> ?document .
                    OPTIONAL {{ ?document <{DCT.title}> ?documentTitle
                               FILTER(lang(?documentTitle) IN ("fi", "")) }} }}
    }} ORDER BY ?node ?document ?number ?section"""
    seen: set[tuple[Identifier, Identifier]] = set()
    for row in data.rows(query):
        node, section = row["node"], row["section"]
        if (node, section) in seen:
            continue
        seen.add((node, section))
        context.sources.setdefault(node, []).append(
            SourceRef(
                section=section,
                section_title=_text(row.get("title")),
                section_number=_text(row.get("number")),
                document=row.get("document"),
                document_title=_text(row.get("documentTitle")),
            )
        )


def _read_owners(context: Context, data: DataView, values: str) -> None:
    """Direct owners; else the owners of the measures that point at the node (two queries:
    as one UNION, Oxigraph's plan for the second part is far slower). The measures and their
    owners come first, as a subquery: a few thousand, where the links into the nodes are
    many (an indicator's observations point at it)."""
    direct: dict[Identifier, set[Identifier]] = defaultdict(set)
    through: dict[Identifier, set[Identifier]] = defaultdict(set)
    query = f"""SELECT DISTINCT ?node ?owner WHERE {{
        VALUES ?node {{ {values} }} ?node <{LANKA.owner}> ?owner }}"""
    for row in data.rows(query):
        direct[row["node"]].add(row["owner"])
    query = f"""SELECT DISTINCT ?node ?owner WHERE {{
        {{ SELECT ?measure ?owner WHERE {{
            ?measure a <{LANKA.Measure}> ; <{LANKA.owner}> ?owner }} }}
        ?measure ?link ?node . VALUES ?node {{ {values} }} }}"""
    for row in data.rows(query):
        through[row["node"]].add(row["owner"])
    for node in set(direct) | set(through):
        chosen = direct.get(node) or through[node]
        context.owners[node] = sorted(chosen, key=str)
