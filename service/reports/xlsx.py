"""A report as an Excel workbook: an About sheet, then one sheet per section.

Each table of a section is an Excel table (ListObject) with its own filter buttons, under a
title row and a row naming the query it rests on. Numbers are numbers, links are links, and
the workbook's created time is the report's, so two workbooks from the same data differ only
in that time.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from service.reports.model import Cell, Report, Table
from service.reports.text import t

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
STYLE = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")
MAX_WIDTH = 60


def _sheet_title(number: int, title: str) -> str:
    return _SHEET_UNSAFE.sub(" ", f"{number} {title}")[:31]


def _value(cell: Cell) -> object:
    if cell.number is not None:
        return cell.number if isinstance(cell.number, int) else float(cell.number)
    return cell.text


def _unique_headers(table: Table) -> list[str]:
    """Excel tables need distinct, non-empty header texts."""
    seen: dict[str, int] = {}
    headers = []
    for column in table.columns:
        label = column.label or column.key
        seen[label] = seen.get(label, 0) + 1
        headers.append(label if seen[label] == 1 else f"{label} {seen[label]}")
    return headers


def _write_table(
    sheet: Worksheet, row: int, table: Table, lang: str, widths: dict[int, int]
) -> int:
    sheet.cell(row=row, column=1, value=table.title).font = BOLD
    row += 1
    if table.queries:
        used = ", ".join(use.path() for use in table.queries)
        sheet.cell(row=row, column=1, value=f"{t('query', lang)}: {used}")
        row += 1
    if table.note:
        sheet.cell(row=row, column=1, value=table.note)
        row += 1
    top = row
    for index, header in enumerate(_unique_headers(table), start=1):
        sheet.cell(row=row, column=index, value=header).font = BOLD
        widths[index] = max(widths.get(index, 8), len(header) + 2)
    rows = table.rows or [[Cell(t("no.rows", lang))] + [Cell()] * (len(table.columns) - 1)]
    for values in rows:
        row += 1
        for index, cell in enumerate(values, start=1):
            target = sheet.cell(row=row, column=index, value=_value(cell))
            if isinstance(target.value, str) and target.value.startswith("="):
                target.data_type = "s"  # text from the data, never a formula
            if cell.iri and cell.iri.startswith(("http://", "https://")):
                target.hyperlink = cell.iri
            widths[index] = min(MAX_WIDTH, max(widths.get(index, 8), len(cell.text) + 2))
    ref = f"A{top}:{get_column_letter(len(table.columns))}{row}"
    name = "T_" + re.sub(r"\W", "_", table.key)
    excel = ExcelTable(displayName=name, ref=ref)
    excel.tableStyleInfo = STYLE
    sheet.add_table(excel)
    return row + 2


def _about(sheet: Worksheet, report: Report) -> None:
    lang, stamp = report.lang, report.stamp
    sheet.title = t("about", lang)[:31]
    sheet.cell(row=1, column=1, value=report.title).font = TITLE
    sheet.cell(row=2, column=1, value=report.subject)
    lines: list[tuple[str, str]] = [
        (t("dataset", lang), f"{d.dataset} ({t('version', lang)} {d.version})")
        for d in stamp.datasets
    ]
    lines += [
        (t("digest", lang), stamp.digest),
        (t("graphs", lang), str(stamp.graphs)),
        (t("generated", lang), stamp.generated.isoformat()),
        (t("language", lang), lang),
    ]
    row = 4
    for label, value in lines:
        sheet.cell(row=row, column=1, value=label).font = BOLD
        sheet.cell(row=row, column=2, value=value)
        row += 1
    row += 1
    for number, section in enumerate(report.sections, start=1):
        sheet.cell(row=row, column=1, value=_sheet_title(number, section.title)).font = BOLD
        sheet.cell(row=row, column=2, value=section.intro)
        row += 1
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 90


def render_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    workbook.properties.creator = "lanka"
    workbook.properties.title = report.title
    workbook.properties.created = report.stamp.generated.replace(tzinfo=None)
    workbook.properties.modified = report.stamp.generated.replace(tzinfo=None)
    about = workbook.active
    assert about is not None
    _about(about, report)
    for number, section in enumerate(report.sections, start=1):
        sheet = workbook.create_sheet(_sheet_title(number, section.title))
        sheet.cell(row=1, column=1, value=section.title).font = TITLE
        sheet.cell(row=2, column=1, value=section.intro)
        row = 4
        widths: dict[int, int] = {}
        for table in section.tables:
            row = _write_table(sheet, row, table, report.lang, widths)
        for index, width in widths.items():
            sheet.column_dimensions[get_column_letter(index)].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
