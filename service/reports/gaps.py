"""The gaps section: SHACL validation results grouped per rule and per owner, then every gap
query.

Validation runs the shapes of the store (`service.validation`) over the data graphs; the gap
queries are the named queries under `queries/gaps/`, so a gap query added there appears in the
report without a change here. Each is counted by the rows it returns.
"""

from __future__ import annotations

from service.reports.model import Cell, Column, QueryUse, Section, Table
from service.reports.runner import QueryRunner, result_table
from service.reports.text import column_label, summary_text, t
from service.validation.groups import by_owner, by_rule, severity_name
from service.validation.run import validate_store

GAP_FOLDER = "gaps"


def validation_tables(runner: QueryRunner) -> list[Table]:
    """The store's validation, grouped as the validation helper groups it: by rule (shape and
    constraint), and by the owner who can fix the results. Nothing is written to the store."""
    lang, base = runner.lang, runner.base
    outcome = validate_store(runner.store, base, keep=False)
    report, context = outcome.report, outcome.context
    rules = [
        [
            Cell(context.rule(group.shape, lang), iri=str(group.shape)),
            Cell(severity_name(group.severity, lang)),
            Cell(group.first.message(lang)),
            Cell(str(len(group.results)), number=len(group.results)),
        ]
        for group in by_rule(report)
    ]
    owners = []
    for owner_group in by_owner(report, context):
        owner = owner_group.owner
        name = context.label(owner, lang) if owner is not None else t("no.owner", lang)
        count = len(owner_group.results)
        owners.append(
            [
                Cell(name, iri=str(owner) if owner is not None else None),
                Cell(str(count), number=count),
            ]
        )
    notes = [t("validation.note", lang).format(engine=report.engine)]
    notes += [notice.en if lang == "en" else notice.fi for notice in report.notices]
    return [
        Table(
            key="validation",
            title=t("validation.table", lang),
            columns=[
                Column(key, column_label(key, lang))
                for key in ("shape", "severity", "message", "results")
            ],
            rows=rules,
            queries=[],
            note=" ".join(notes),
        ),
        Table(
            key="validation-owners",
            title=t("validation.owners", lang),
            columns=[Column(k, column_label(k, lang)) for k in ("owner", "results")],
            rows=owners,
            queries=[],
        ),
    ]


def gap_tables(runner: QueryRunner) -> tuple[Table, list[Table]]:
    """A summary (gap kind, rows, query) and one table per gap query."""
    lang = runner.lang
    summary_rows: list[list[Cell]] = []
    uses: list[QueryUse] = []
    details: list[Table] = []
    for query in runner.registry:
        if query.path.parent.name != GAP_FOLDER:
            continue
        result, use = runner.run(query.name)
        title = summary_text(query.summary, lang)
        count = len(result.rows)
        summary_rows.append(
            [
                Cell(title),
                Cell(str(count), number=count),
                Cell(query.name, iri=use.path()),
            ]
        )
        uses.append(use)
        details.append(
            result_table(
                runner,
                f"gap-{query.name}",
                f"{title} ({count})",
                result,
                use,
                note=query.description.get(lang, ""),
            )
        )
    summary = Table(
        key="gap-summary",
        title=t("gap.summary", lang),
        columns=[Column(k, column_label(k, lang)) for k in ("gap", "rowCount", "query")],
        rows=summary_rows,
        queries=uses,
    )
    return summary, details


def gaps_section(runner: QueryRunner) -> Section:
    lang = runner.lang
    summary, details = gap_tables(runner)
    tables = [*validation_tables(runner), summary, *details]
    return Section("gaps", t("gaps", lang), t("gaps.intro", lang), tables)
