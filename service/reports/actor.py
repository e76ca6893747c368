"""The actor report: for one body, unit, post, NGO or network, what it owns, takes part in,
monitors and receives, which objectives it serves, on which legal basis, and from which
sources.

Built from named queries only: `actor-profile`, `actor-portfolio`, `trace-bottom-up`,
`chain-legal-basis` and `statement-sources`.
"""

from __future__ import annotations

from collections import Counter

from queries.registry import ParameterError
from service.reports.model import Cell, Column, Link, Report, Section, Stamp, Table
from service.reports.runner import QueryRunner, result_table
from service.reports.text import bilingual, column_label, short_iri, t

# relations of `actor-portfolio` that say on which legal basis the actor acts
LEGAL_RELATIONS = {"legal basis / lakiperusta", "bears the duty / velvoitettu", "fulfils / täyttää"}
MEASURE_RELATIONS = {"owns / omistaa", "takes part / osallistuu"}


def _profile(runner: QueryRunner, actor: str) -> tuple[str, Section]:
    lang = runner.lang
    result, use = runner.run("actor-profile", actor=actor)
    if not result.rows:
        raise ParameterError(
            "actor",
            f"aineistossa ei ole toimijaa <{actor}>",
            f"the dataset has no actor <{actor}>",
        )
    row = result.rows[0]
    name = str(row.get("actorLabel") or short_iri(actor, runner.base))
    fields = [
        (column_label("actor", lang), Cell(name, iri=actor)),
        (column_label("kind", lang), runner.cell(row, "kind")),
        (column_label("description", lang), runner.cell(row, "description")),
    ]
    parents = [runner.cell(r, "parent") for r in result.rows if "parent" in r]
    if parents:
        fields.append((column_label("parent", lang), parents[0]))
        fields += [("", parent) for parent in parents[1:]]
    table = Table(
        key="profile",
        title=t("profile", lang),
        columns=[Column("field", t("field", lang)), Column("value", t("value", lang))],
        rows=[[Cell(label), value] for label, value in fields],
        queries=[use],
    )
    return name, Section("profile", t("profile", lang), t("profile.intro", lang), [table])


def _statements(runner: QueryRunner, actor: str) -> Table:
    """`statement-sources` with one row per statement: its sections and documents joined
    (the query gives a row per statement and section)."""
    lang = runner.lang
    result, use = runner.run("statement-sources", entity=actor)
    merged: dict[tuple[str, str, str], tuple[list[Cell], list[Link], list[Link]]] = {}
    for row in result.rows:
        first = [runner.cell(row, c) for c in ("property", "value", "graph")]
        key = (str(row.get("property")), str(row.get("value")), str(row.get("graph")))
        _cells, sections, documents = merged.setdefault(key, (first, [], []))
        for column, found in (("section", sections), ("document", documents)):
            cell = runner.cell(row, column)
            if cell.text and Link(cell.text, cell.iri) not in found:
                found.append(Link(cell.text, cell.iri))
    rows = [
        [*cells, Cell.links(sections), Cell.links(documents)]
        for cells, sections, documents in merged.values()
    ]
    keys = ("property", "value", "graph", "section", "document")
    return Table(
        key="statements",
        title=t("actor.statements", lang),
        columns=[Column(k, column_label(k, lang)) for k in keys],
        rows=rows,
        queries=[use],
    )


def actor_report(runner: QueryRunner, stamp: Stamp, actor: str) -> Report:
    lang = runner.lang
    # the IRI as the queries bind it (a prefixed name expanded, a bad value refused)
    actor = str(runner.registry.get("actor-profile").bindings({"actor": actor})["actor"])
    name, profile = _profile(runner, actor)

    portfolio, portfolio_use = runner.run("actor-portfolio", actor=actor)
    counted = Counter(str(row["relation"]) for row in portfolio.rows if "relation" in row)
    counts = Table(
        key="portfolio-counts",
        title=t("portfolio.counts", lang),
        columns=[
            Column("relation", column_label("relation", lang)),
            Column("count", t("count", lang)),
        ],
        rows=[
            [Cell(bilingual(relation, lang)), Cell(str(n), number=n)]
            for relation, n in sorted(counted.items())
        ],
        queries=[portfolio_use],
    )
    items = result_table(
        runner,
        "portfolio",
        t("portfolio.table", lang),
        portfolio,
        portfolio_use,
        group_by="relation",
    )

    serves, serves_use = runner.run("trace-bottom-up", entity=actor)
    objectives = result_table(runner, "objectives", t("objectives", lang), serves, serves_use)

    own_legal = result_table(
        runner,
        "legal-own",
        t("legal.own", lang),
        portfolio,
        portfolio_use,
        keep=lambda row: str(row.get("relation")) in LEGAL_RELATIONS,
    )
    measures = {
        str(row["item"])
        for row in portfolio.rows
        if str(row.get("relation")) in MEASURE_RELATIONS and "item" in row
    }
    legal, legal_use = runner.run("chain-legal-basis")
    measures_legal = result_table(
        runner,
        "legal-measures",
        t("legal.measures", lang),
        legal,
        legal_use,
        columns=("thing", "relation", "via", "law"),
        keep=lambda row: str(row.get("thing")) in measures,
    )

    sources = _statements(runner, actor)
    sections = [
        profile,
        Section("portfolio", t("portfolio", lang), t("portfolio.intro", lang), [counts, items]),
        Section("objectives", t("objectives", lang), t("objectives.intro", lang), [objectives]),
        Section("legal", t("legal", lang), t("legal.intro", lang), [own_legal, measures_legal]),
        Section("sources", t("actor.sources", lang), t("actor.sources.intro", lang), [sources]),
    ]
    return Report(
        kind="actor",
        lang=lang,
        title=f"{t('actor.title', lang)}: {name}",
        subject=actor,
        stamp=stamp,
        sections=sections,
    )
