"""The README's generated parts: what the default dataset holds and which gaps it has.

`make readme` (or `python -m service.readme`) writes the table reference in data/README.md
from loaders/schema.py, loads the default dataset into a store in
memory, runs the same code as `lanka stats` and the same named gap queries as the API, and
rewrites the blocks between `<!-- BEGIN generated:NAME -->` and `<!-- END generated:NAME -->`.
A test fails when the README is older than the data, so the figures are never typed by hand.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from rdflib import RDFS, Literal, URIRef

from loaders.schema import TABLES
from ontology.namespaces import compact
from queries.registry import load_registry
from service.catalog import data_graphs
from service.loading import load_default, packaged_graph
from service.named_queries import run_named
from service.settings import PROJECT_ROOT, Settings
from service.status import dataset_versions, instances_per_class, triples_per_graph
from service.store import EmbeddedStore
from service.validation.groups import by_rule, severity_name
from service.validation.run import validate_store
from service.validation.text import summary

README = PROJECT_ROOT / "README.md"
DATA_README = PROJECT_ROOT / "data" / "README.md"
GAP_QUERIES = (
    (
        "measures-without-owner-violation",
        "Toimenpiteet ilman vastuutahoa",
        "Measures without an owner",
    ),
    (
        "measures-without-indicator-violation",
        "Toimenpiteet ilman mittaria",
        "Measures without a metric",
    ),
    (
        "objectives-without-measures",
        "Tavoitteet ilman toimenpiteitä",
        "Objectives without measures",
    ),
    (
        "indicators-without-baseline-target-or-data",
        "Mittarit, joilta puuttuu lähtötaso, tavoite tai havainto",
        "Indicators lacking a baseline, target or data",
    ),
    (
        "bodies-without-mandate",
        "Toimielimet ilman lakiperustaa tai velvoitetta",
        "Bodies without a legal basis or duty",
    ),
    (
        "recommendations-without-response-violation",
        "Suositukset ilman vastausta",
        "Recommendations without a response",
    ),
    (
        "population-groups-without-measures",
        "Kohderyhmät ja teemat ilman toimenpiteitä",
        "Population groups and themes without measures",
    ),
)


def _label(ontology: dict[URIRef, str], iri: str) -> str:
    return ontology.get(URIRef(iri), "")


def dataset_block(store: EmbeddedStore, settings: Settings) -> str:
    ontology = packaged_graph("ontology")
    english = {
        s: str(o)
        for s, o in ontology.subject_objects(RDFS.label)
        if isinstance(o, Literal) and o.language == "en" and isinstance(s, URIRef)
    }
    versions = dataset_versions(store, settings.base_iri)
    data = set(data_graphs(store, settings.base_iri))
    per_graph = {g: n for g, n in triples_per_graph(store).items() if g in data}
    lines = [
        f"Version {', '.join(v.version for v in versions)}: "
        f"{sum(per_graph.values())} triples in {len(per_graph)} data graphs.",
        "",
        "| class | meaning | instances |",
        "|---|---|---:|",
    ]
    for iri, count in instances_per_class(store, settings.base_iri).items():
        if iri.startswith("https://w3id.org/lanka/ontology#"):
            lines.append(f"| `{compact(iri)}` | {_label(english, iri)} | {count} |")
    return "\n".join(lines)


def gaps_block(store: EmbeddedStore, settings: Settings) -> str:
    registry = load_registry()
    lines = ["| gap (named query) | puute | count |", "|---|---|---:|"]
    for name, fi, en in GAP_QUERIES:
        rows = run_named(store, registry.get(name), {}, settings.base_iri).rows
        lines.append(f"| {en} (`{name}`) | {fi} | {len(rows)} |")
    return "\n".join(lines)


def columns_block() -> str:
    """Every table and column with its English meaning, from loaders/schema.py."""
    lines: list[str] = []
    for table in TABLES.values():
        lines += [
            f"### `{table.name}` — {table.meaning}",
            "",
            "| column | meaning | kind | required |",
            "|---|---|---|---|",
        ]
        for column in table.columns:
            kind = column.type.value
            if column.targets:
                kind += " → " + (
                    ", ".join(column.targets) if len(column.targets) < 4 else "table:key"
                )
            if column.choices:
                kind += ": " + ", ".join(column.choices)
            required = "yes" if column.required else ""
            lines.append(f"| `{column.name}` | {column.meaning} | {kind} | {required} |")
        lines.append("")
    return "\n".join(lines).rstrip()


def validation_block(store: EmbeddedStore, settings: Settings) -> str:
    """The SHACL validation of the data, one line per rule, as `lanka validate` reports it."""
    outcome = validate_store(store, settings.base_iri, keep=False)
    lines = [
        summary(outcome.report),
        "",
        "| severity | rule | sääntö | focus nodes |",
        "|---|---|---|---:|",
    ]
    for group in by_rule(outcome.report):
        lines.append(
            f"| {severity_name(group.severity, 'en')} | {outcome.context.rule(group.shape, 'en')} "
            f"| {outcome.context.rule(group.shape, 'fi')} | {len(group.results)} |"
        )
    return "\n".join(lines)


def generated_blocks(settings: Settings | None = None) -> dict[str, str]:
    chosen = settings or Settings()
    store = EmbeddedStore(None)
    try:
        load_default(store, chosen)
        return {
            "dataset": dataset_block(store, chosen),
            "validation": validation_block(store, chosen),
            "gaps": gaps_block(store, chosen),
        }
    finally:
        store.close()


def _constant(value: str) -> Callable[[re.Match[str]], str]:
    """A replacement function, so backslashes in the block are not read as group references."""
    return lambda _match: value


def replace_blocks(text: str, blocks: dict[str, str]) -> str:
    for name, body in blocks.items():
        begin, end = f"<!-- BEGIN generated:{name} -->\n", f"<!-- END generated:{name} -->"
        pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
        if not pattern.search(text):
            raise KeyError(f"README has no generated block '{name}'")
        text = pattern.sub(_constant(f"{begin}{body}\n{end}"), text)
    return text


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else README
    path.write_text(
        replace_blocks(path.read_text(encoding="utf-8"), generated_blocks()), encoding="utf-8"
    )
    DATA_README.write_text(
        replace_blocks(DATA_README.read_text(encoding="utf-8"), {"columns": columns_block()}),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
