"""An empty workbook and CSV folder for a county planner to fill in.

Row 1 holds the column names, row 2 what each column means (it starts with `#`, so the
loader skips it); columns with a fixed list of values get a drop-down list.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from loaders.schema import TABLE_ORDER, TABLES, Column, ColumnType

LISTS_SHEET = "_luettelot"
GUIDE_SHEET = "_ohje"


def explanation(column: Column) -> str:
    required = "pakollinen / required" if column.required else "valinnainen / optional"
    targets = (
        f" → {', '.join(column.targets)}"
        if column.targets and len(column.targets) < 4
        else (" → taulu:avain / table:key" if column.targets else "")
    )
    return f"{column.meaning} [{column.type.value}{targets}; {required}]"


def explanation_row(columns: tuple[Column, ...]) -> list[str]:
    cells = [explanation(c) for c in columns]
    cells[0] = "# " + cells[0]
    return cells


def write_csv_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in TABLE_ORDER:
        table = TABLES[name]
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([c.name for c in table.columns])
            writer.writerow(explanation_row(table.columns))
    return folder


def write_workbook(path: Path) -> Path:
    workbook = Workbook()
    guide = workbook.active
    assert guide is not None
    guide.title = GUIDE_SHEET
    guide.append(["lanka: maakunnan taulukot / county tables"])
    guide.append(
        [
            "Täytä yksi rivi kutakin asiaa kohden; rivi 2 kertoo sarakkeiden merkityksen. "
            "/ One row per thing; row 2 explains the columns."
        ]
    )
    for name in TABLE_ORDER:
        guide.append([name, TABLES[name].meaning])
    lists = workbook.create_sheet(LISTS_SHEET)
    list_column = 0
    header_font = Font(bold=True)
    note_fill = PatternFill("solid", fgColor="FFF2CC")
    for name in TABLE_ORDER:
        table = TABLES[name]
        sheet = workbook.create_sheet(name)
        sheet.append([c.name for c in table.columns])
        sheet.append(explanation_row(table.columns))
        sheet.freeze_panes = "B3"
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = 24
            sheet[f"{letter}1"].font = header_font
            note = sheet[f"{letter}2"]
            note.fill = note_fill
            note.alignment = Alignment(wrap_text=True, vertical="top")
            if column.type is ColumnType.ENUM:
                list_column += 1
                list_letter = get_column_letter(list_column)
                lists.cell(row=1, column=list_column, value=f"{name}.{column.name}")
                for offset, choice in enumerate(column.choices, start=2):
                    lists.cell(row=offset, column=list_column, value=choice)
                last = len(column.choices) + 1
                validation = DataValidation(
                    type="list",
                    formula1=f"{quote_sheetname(LISTS_SHEET)}!${list_letter}$2:${list_letter}${last}",
                    allow_blank=not column.required,
                    showErrorMessage=True,
                    errorTitle="Virheellinen arvo / invalid value",
                    error=f"Sallitut / allowed: {', '.join(column.choices)}",
                )
                validation.add(f"{letter}3:{letter}5000")
                sheet.add_data_validation(validation)
    lists.sheet_state = "hidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def write_template(out: Path) -> tuple[Path, Path]:
    """`OUT.xlsx` and the folder `OUT/` with one CSV per table."""
    base = out.with_suffix("") if out.suffix == ".xlsx" else out
    return write_workbook(base.with_suffix(".xlsx")), write_csv_folder(base)
