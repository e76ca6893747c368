"""The traceability report: strategy → plan objectives → measures → owners, indicators, laws;
then the gaps, the coverage and the sources.

Built from named queries only (see `runner`): `strategy-outline` gives the frame,
`trace-top-down` the chain, `indicator-latest-values` the values, `chain-legal-basis` the
laws; the gap, coverage and source queries the rest.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Literal
from rdflib.term import Identifier

from ontology.namespaces import LANKA_NS
from service.reports.gaps import gaps_section
from service.reports.model import EMPTY, Cell, Column, Link, QueryUse, Report, Section, Stamp, Table
from service.reports.runner import QueryRunner, literal_cell, result_table
from service.reports.text import column_label, short_iri, t

PRIORITY = LANKA_NS + "Priority"
ROLES = {
    LANKA_NS + "Observed": "latest",
    LANKA_NS + "Baseline": "baseline",
    LANKA_NS + "Target": "target",
}


@dataclass
class Element:
    iri: str
    label: str
    kind: str
    parent: str | None
    order: int


@dataclass
class ChainRow:
    plan_objective: Link | None
    measure: Link | None
    curated: bool | None = None
    owners: list[Link] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)


def _text(row: dict[str, Identifier], column: str) -> str | None:
    value = row.get(column)
    return None if value is None else str(value)


def _link(runner: QueryRunner, row: dict[str, Identifier], column: str) -> Link | None:
    iri = _text(row, column)
    if iri is None:
        return None
    return Link(_text(row, column + "Label") or short_iri(iri, runner.base), iri)


def _outline(runner: QueryRunner) -> tuple[list[Element], list[str], QueryUse]:
    """The strategies' priorities and objectives in order, and the strategies' names."""
    result, use = runner.run("strategy-outline")
    elements: dict[str, Element] = {}
    strategies: dict[str, str] = {}
    for row in result.rows:
        strategy = str(row["strategy"])
        strategies[strategy] = _text(row, "strategyLabel") or short_iri(strategy, runner.base)
        iri = str(row["element"])
        order = row.get("order")
        rank = int(order.toPython()) if isinstance(order, Literal) else 10**6
        elements.setdefault(
            iri,
            Element(
                iri,
                _text(row, "elementLabel") or short_iri(iri, runner.base),
                str(row["kind"]),
                _text(row, "parent"),
                rank,
            ),
        )
    ordered = sorted(elements.values(), key=lambda e: (e.order, e.label, e.iri))
    return ordered, sorted(strategies.values()), use


def _chains(runner: QueryRunner) -> tuple[dict[str, list[ChainRow]], QueryUse]:
    result, use = runner.run("trace-top-down")
    chains: dict[str, dict[tuple[str, str], ChainRow]] = defaultdict(dict)
    for row in result.rows:
        element = str(row["element"])
        plan_objective = _link(runner, row, "planObjective")
        measure = _link(runner, row, "measure")
        if plan_objective is None and measure is None:
            continue
        key = (_text(row, "planObjective") or "", _text(row, "measure") or "")
        chain = chains[element].setdefault(key, ChainRow(plan_objective, measure))
        curated = row.get("curated")
        if isinstance(curated, Literal):
            chain.curated = bool(chain.curated) or curated.toPython() is True
        owner = _link(runner, row, "owner")
        if owner is not None and owner not in chain.owners:
            chain.owners.append(owner)
        indicator = _text(row, "indicator")
        if indicator is not None and indicator not in chain.indicators:
            chain.indicators.append(indicator)
    return {element: list(rows.values()) for element, rows in chains.items()}, use


def _legal_basis(runner: QueryRunner) -> tuple[dict[str, list[Link]], QueryUse]:
    """The laws each thing rests on; an act is left out where a section of it is named."""
    result, use = runner.run("chain-legal-basis")
    laws: dict[str, dict[str, tuple[Link, str]]] = defaultdict(dict)
    for row in result.rows:
        law, act = str(row["law"]), str(row["act"])
        act_text = _text(row, "actLabel") or short_iri(act, runner.base)
        law_text = _text(row, "lawLabel") or short_iri(law, runner.base)
        # a section's own label may already name its act ("Laki …, 7 §")
        label = law_text if law == act or act_text in law_text else f"{act_text} {law_text}"
        link = Link(label, law)
        laws[str(row["thing"])].setdefault(law, (link, act))
    shown: dict[str, list[Link]] = {}
    for thing, named in laws.items():
        acts_with_sections = {act for law, (_link, act) in named.items() if law != act}
        shown[thing] = [
            link for law, (link, _act) in named.items() if law not in acts_with_sections
        ]
    return shown, use


@dataclass
class IndicatorValues:
    label: str
    # area → role key (latest, baseline, target) → (value cell, period, unit)
    areas: dict[str, dict[str, tuple[Cell, str, str]]] = field(default_factory=dict)
    area_labels: dict[str, str] = field(default_factory=dict)
    unit: str = ""


def _indicator_values(runner: QueryRunner) -> tuple[dict[str, IndicatorValues], QueryUse]:
    result, use = runner.run("indicator-latest-values")
    values: dict[str, IndicatorValues] = {}
    for row in result.rows:
        iri = str(row["indicator"])
        entry = values.setdefault(
            iri, IndicatorValues(_text(row, "indicatorLabel") or short_iri(iri, runner.base))
        )
        entry.unit = entry.unit or (_text(row, "unit") or "")
        area, role, value = _text(row, "area"), _text(row, "role"), row.get("value")
        if area is None or role not in ROLES or not isinstance(value, Literal):
            continue
        entry.area_labels[area] = _text(row, "areaLabel") or short_iri(area, runner.base)
        period = _text(row, "periodLabel") or short_iri(_text(row, "period") or "", runner.base)
        entry.areas.setdefault(area, {})[ROLES[role]] = (
            literal_cell(value, runner.lang),
            period,
            _text(row, "unit") or "",
        )
    return values, use


def _indicator_text(values: IndicatorValues | None, fallback: str, lang: str) -> str:
    """ "Hyte-kerroin: viimeisin 98 (2024); lähtötaso –; tavoite –" for the chain table."""
    if values is None:
        return fallback
    parts = []
    for area, roles in sorted(values.areas.items()):
        shown = []
        for role in ("latest", "baseline", "target"):
            if role in roles:
                cell, period, unit = roles[role]
                value = f"{cell.text} {unit}".strip()
                shown.append(f"{t(role, lang)} {value} ({period})")
            else:
                shown.append(f"{t(role, lang)} {t('none', lang)}")
        prefix = f"{values.area_labels[area]}: " if len(values.areas) > 1 else ""
        parts.append(prefix + "; ".join(shown))
    if not parts:
        return values.label
    return f"{values.label}: " + " | ".join(parts)


def _chain_table(runner: QueryRunner) -> tuple[Table, Table, list[str]]:
    lang = runner.lang
    elements, strategies, outline_use = _outline(runner)
    chains, chain_use = _chains(runner)
    laws, legal_use = _legal_basis(runner)
    values, values_use = _indicator_values(runner)
    known = {e.iri for e in elements}
    priorities = [e for e in elements if e.kind == PRIORITY]
    children: dict[str | None, list[Element]] = defaultdict(list)
    for candidate in elements:
        if candidate.kind != PRIORITY:
            parent = candidate.parent if candidate.parent in known else None
            children[parent].append(candidate)
    framed: list[tuple[Element | None, Element | None]] = []
    for top in priorities:
        framed.append((top, None))
        framed += [(top, child) for child in children[top.iri]]
    framed += [(None, orphan) for orphan in children[None]]

    rows: list[list[Cell]] = []
    for priority, objective in framed:
        current = objective or priority
        assert current is not None
        first = [
            Cell(priority.label, iri=priority.iri) if priority else EMPTY,
            Cell(objective.label, iri=objective.iri) if objective else EMPTY,
        ]
        chain = chains.get(current.iri, [])
        if not chain:
            rows.append([*first, Cell(t("chain.nothing", lang)), EMPTY, EMPTY, EMPTY, EMPTY, EMPTY])
            continue
        for link in chain:
            basis = laws.get((link.measure.iri if link.measure else None) or "", []) or laws.get(
                (link.plan_objective.iri if link.plan_objective else None) or "", []
            )
            indicators = [
                Link(
                    _indicator_text(values.get(i), short_iri(i, runner.base), lang),
                    i,
                )
                for i in link.indicators
            ]
            curated = "" if link.curated is None else t("yes" if link.curated else "no", lang)
            rows.append(
                [
                    *first,
                    Cell(link.plan_objective.text, iri=link.plan_objective.iri)
                    if link.plan_objective
                    else EMPTY,
                    Cell(curated),
                    Cell(link.measure.text, iri=link.measure.iri) if link.measure else EMPTY,
                    Cell.links(link.owners),
                    Cell.links(indicators),
                    Cell.links(basis),
                ]
            )
    keys = [
        "priority",
        "strategicObjective",
        "planObjective",
        "curated",
        "measure",
        "owners",
        "indicators",
        "legalBasis",
    ]
    chain_table = Table(
        key="chain",
        title=t("chain.table", lang),
        columns=[Column(k, column_label(k, lang)) for k in keys],
        rows=rows,
        queries=[outline_use, chain_use, legal_use, values_use],
        group_by="priority",
    )
    return chain_table, _indicator_table(runner, values, values_use), strategies


def _indicator_table(
    runner: QueryRunner, values: dict[str, IndicatorValues], use: QueryUse
) -> Table:
    lang = runner.lang
    rows: list[list[Cell]] = []
    for iri, entry in sorted(values.items(), key=lambda item: (item[1].label, item[0])):
        indicator = Cell(entry.label, iri=iri)
        if not entry.areas:
            rows.append(
                [indicator, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, Cell(entry.unit)]
            )
            continue
        for area, roles in sorted(entry.areas.items()):
            cells = [indicator, Cell(entry.area_labels[area], iri=area)]
            unit = entry.unit
            for role in ("latest", "baseline", "target"):
                if role in roles:
                    value, period, role_unit = roles[role]
                    cells += [value, Cell(period)]
                    unit = role_unit or unit
                else:
                    cells += [EMPTY, EMPTY]
            rows.append([*cells, Cell(unit)])
    keys = [
        "indicator",
        "area",
        "latest",
        "latestPeriod",
        "baseline",
        "baselinePeriod",
        "target",
        "targetPeriod",
        "unit",
    ]
    return Table(
        key="indicators",
        title=t("indicators.table", lang),
        columns=[Column(k, column_label(k, lang)) for k in keys],
        rows=rows,
        queries=[use],
    )


def _coverage(runner: QueryRunner) -> Section:
    lang = runner.lang
    shares, shares_use = runner.run("measure-shares")
    shares_table = result_table(runner, "shares", t("shares.table", lang), shares, shares_use)
    for row in shares_table.rows:
        if not row[0].text:
            row[0] = Cell(t("all.plans", lang))
    groups, groups_use = runner.run("measures-per-group-and-theme")
    uncovered, uncovered_use = runner.run("population-groups-without-measures")
    return Section(
        "coverage",
        t("coverage", lang),
        t("coverage.intro", lang),
        [
            shares_table,
            result_table(runner, "groups", t("groups.table", lang), groups, groups_use),
            result_table(runner, "uncovered", t("uncovered.table", lang), uncovered, uncovered_use),
        ],
    )


def _sources(runner: QueryRunner) -> Section:
    lang = runner.lang
    documents, documents_use = runner.run("source-documents")
    curated, curated_use = runner.run("curated-alignments")
    statements, statements_use = runner.run("chain-sources")
    return Section(
        "sources",
        t("sources", lang),
        t("sources.intro", lang),
        [
            result_table(runner, "documents", t("documents.table", lang), documents, documents_use),
            result_table(runner, "curated", t("curated.table", lang), curated, curated_use),
            result_table(
                runner, "statements", t("statements.table", lang), statements, statements_use
            ),
        ],
    )


def traceability_report(runner: QueryRunner, stamp: Stamp) -> Report:
    lang = runner.lang
    chain, indicators, strategies = _chain_table(runner)
    sections = [
        Section("chain", t("chain", lang), t("chain.intro", lang), [chain, indicators]),
        gaps_section(runner),
        _coverage(runner),
        _sources(runner),
    ]
    subject = "; ".join(strategies)
    return Report(
        kind="traceability",
        lang=lang,
        title=t("traceability.title", lang),
        subject=subject,
        stamp=stamp,
        sections=sections,
    )
