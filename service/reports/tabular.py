"""A report for machines: JSON with every section and table, and CSV in long form.

The CSV has one row per table cell — `section,table,row,column,value,iri` — after rows that
state the report's stamp (section `report`), so one file holds every table of the report and
a spreadsheet filter on `table` gives any one of them.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from service.reports.model import Cell, Report


def _json_cell(cell: Cell) -> Any:
    if cell.items:
        return [{"label": i.text, "iri": i.iri} for i in cell.items]
    if cell.iri:
        return {"label": cell.text, "iri": cell.iri}
    if cell.number is not None:
        return cell.number if isinstance(cell.number, int) else float(cell.number)
    return cell.text or None


def report_dict(report: Report) -> dict[str, Any]:
    stamp = report.stamp
    return {
        "report": report.kind,
        "lang": report.lang,
        "title": report.title,
        "subject": report.subject,
        "generated": stamp.generated.isoformat(),
        "datasets": [{"dataset": d.dataset, "version": d.version} for d in stamp.datasets],
        "digest": stamp.digest,
        "graphs": stamp.graphs,
        "notes": report.notes,
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "intro": section.intro,
                "tables": [
                    {
                        "key": table.key,
                        "title": table.title,
                        "note": table.note,
                        "queries": [
                            {"name": u.name, "params": dict(u.params), "path": u.path()}
                            for u in table.queries
                        ],
                        "columns": [{"key": c.key, "label": c.label} for c in table.columns],
                        "rows": [
                            {
                                c.key: _json_cell(cell)
                                for c, cell in zip(table.columns, row, strict=True)
                            }
                            for row in table.rows
                        ],
                    }
                    for table in section.tables
                ],
            }
            for section in report.sections
        ],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=1) + "\n"


def render_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["section", "table", "row", "column", "value", "iri"])
    stamp = report.stamp
    meta: list[tuple[str, str]] = [
        ("report", report.kind),
        ("lang", report.lang),
        ("title", report.title),
        ("subject", report.subject),
        ("generated", stamp.generated.isoformat()),
        ("digest", stamp.digest),
        ("graphs", str(stamp.graphs)),
    ]
    meta += [(f"dataset {d.dataset}", d.version) for d in stamp.datasets]
    for key, value in meta:
        writer.writerow(["report", "stamp", 0, key, value, ""])
    for section, table in report.tables():
        for number, row in enumerate(table.rows, start=1):
            for column, cell in zip(table.columns, row, strict=True):
                if not cell.text and cell.number is None:
                    continue
                iri = " ".join(i.iri for i in cell.items if i.iri) if cell.items else cell.iri
                writer.writerow([section.key, table.key, number, column.key, cell.text, iri or ""])
    return out.getvalue()
