"""Running the named queries a report rests on, and turning their rows into report tables.

Every number in a report is a value a named query returned (or the number of rows it
returned), and every table names the query and parameters it came from, so a reader can run
the same query at `/queries/{name}` and get the same rows. A query over the time or row limit
stops the whole report: no report is made from part of the data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from queries.registry import Registry
from service.named_queries import QueryResult, run_named
from service.reports.model import Cell, Column, QueryUse, Table
from service.reports.text import bilingual, column_label, format_number, short_iri, t, term_label
from service.store import Limits, Store

_NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long}
# columns whose values are terms of the ontology (kinds, roles): shown by their label
_TERM_COLUMNS = {"kind", "itemKind", "subjectKind", "role", "property"}
# columns whose values are "English / suomi" strings
_BILINGUAL_COLUMNS = {"relation", "via"}
# a column `x` is shown with the label of `x + suffix` when the query returns one
_LABEL_SUFFIXES = ("Label", "Title")


@dataclass
class QueryRunner:
    store: Store
    registry: Registry
    base: str
    lang: str
    limits: Limits | None = None
    used: list[QueryUse] = field(default_factory=list)

    def run(self, name: str, **params: str) -> tuple[QueryResult, QueryUse]:
        """Run `name`; its `lang` parameter, when it has one, is the report's language."""
        query = self.registry.get(name)
        if any(p.name == "lang" for p in query.params):
            params.setdefault("lang", self.lang)
        result = run_named(self.store, query, params, self.base, self.limits)
        use = QueryUse(name, tuple(params.items()))
        if use not in self.used:
            self.used.append(use)
        return result, use

    def cell(self, row: dict[str, Identifier], column: str) -> Cell:
        return term_cell(row, column, self.lang, self.base)


def _label(row: dict[str, Identifier], column: str) -> str | None:
    for suffix in _LABEL_SUFFIXES:
        label = row.get(column + suffix)
        if label is not None:
            return str(label)
    return None


def literal_cell(term: Literal, lang: str) -> Cell:
    if term.datatype == XSD.boolean:
        return Cell(t("yes", lang) if term.toPython() is True else t("no", lang))
    if term.datatype in _NUMERIC:
        value = term.toPython()
        number = value if isinstance(value, int) else Decimal(str(term))
        return Cell(format_number(number, lang), number=number)
    return Cell(str(term))


def term_cell(row: dict[str, Identifier], column: str, lang: str, base: str) -> Cell:
    """A cell for `column` of a row: an IRI shown by its label (the query's `columnLabel`), an
    ontology term by the ontology's label, a number as a number, a boolean as yes or no."""
    term = row.get(column)
    if term is None:
        return Cell()
    if isinstance(term, URIRef):
        label = _label(row, column)
        if label is None and column in _TERM_COLUMNS:
            label = term_label(str(term), lang)
        return Cell(label if label else short_iri(str(term), base), iri=str(term))
    if isinstance(term, Literal):
        if column in _BILINGUAL_COLUMNS:
            return Cell(bilingual(str(term), lang))
        return literal_cell(term, lang)
    return Cell(str(term))


def shown_columns(result: QueryResult) -> list[str]:
    """The query's columns without the label columns that go into their IRI's cell."""
    variables = set(result.variables)
    return [
        v
        for v in result.variables
        if not any(
            v.endswith(suffix) and v[: -len(suffix)] in variables for suffix in _LABEL_SUFFIXES
        )
    ]


def result_table(
    runner: QueryRunner,
    key: str,
    title: str,
    result: QueryResult,
    use: QueryUse,
    *,
    columns: Sequence[str] | None = None,
    note: str = "",
    group_by: str | None = None,
    keep: Callable[[dict[str, Identifier]], bool] | None = None,
) -> Table:
    """A named query's rows as a report table, column for column."""
    chosen = list(columns) if columns is not None else shown_columns(result)
    rows = [
        [runner.cell(row, column) for column in chosen]
        for row in result.rows
        if keep is None or keep(row)
    ]
    return Table(
        key=key,
        title=title,
        columns=[Column(c, column_label(c, runner.lang)) for c in chosen],
        rows=rows,
        queries=[use],
        note=note,
        group_by=group_by,
    )
