"""Reading county tables from a CSV folder or an `.xlsx` workbook into raw rows.

Both forms give the same `RawTable`s, so everything after this module is format-blind.
Rows whose first cell starts with `#` are explanations (the template's second row) and are
skipped. Every problem is collected and reported with its location.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path

from loaders.errors import Location, Problem
from loaders.schema import TABLE_ORDER, TABLES


@dataclass
class RawRow:
    number: int  # the row number a spreadsheet program shows (header = 1)
    values: dict[str, str]


@dataclass
class RawTable:
    name: str
    file: str
    sheet: str
    rows: list[RawRow] = field(default_factory=list)

    def where(self, row: int = 0, column: str = "") -> Location:
        return Location(self.file, self.sheet, row, column)


def suggest(word: str, candidates: list[str] | set[str]) -> str:
    """Closest existing names, for 'did you mean' in messages."""
    close = difflib.get_close_matches(word, sorted(candidates), n=3, cutoff=0.6)
    return ", ".join(close)


def _check_header(table: RawTable, header: list[str], problems: list[Problem]) -> list[str]:
    spec = TABLES[table.name]
    known = [c.name for c in spec.columns]
    names = [h.strip() for h in header]
    for name in names:
        if name and name not in known:
            hint = suggest(name, known)
            problems.append(
                Problem(
                    table.where(1, name),
                    f"tuntematon sarake '{name}'" + (f" (tarkoititko: {hint})" if hint else ""),
                    f"unknown column '{name}'" + (f" (did you mean: {hint})" if hint else ""),
                )
            )
    seen: set[str] = set()
    for name in names:
        if name in seen:
            problems.append(
                Problem(
                    table.where(1, name),
                    f"sarake '{name}' kahdesti",
                    f"column '{name}' appears twice",
                )
            )
        seen.add(name)
    for name in spec.required:
        if name not in names:
            problems.append(
                Problem(
                    table.where(1, name),
                    f"pakollinen sarake '{name}' puuttuu",
                    f"required column '{name}' is missing",
                )
            )
    return names


def _add_rows(table: RawTable, header: list[str], rows: list[list[str]], first: int) -> None:
    for offset, cells in enumerate(rows):
        number = first + offset
        if not any(c.strip() for c in cells):
            continue
        if cells and cells[0].lstrip().startswith("#"):
            continue
        values = {
            name: (cells[i].strip() if i < len(cells) else "")
            for i, name in enumerate(header)
            if name
        }
        table.rows.append(RawRow(number, values))


def read_csv_table(path: Path, problems: list[Problem]) -> RawTable | None:
    """One CSV file; `None` when it cannot be read at all (the problem is recorded)."""
    table = RawTable(path.stem, str(path), "")
    if path.stem not in TABLES:
        hint = suggest(path.stem, list(TABLES))
        problems.append(
            Problem(
                table.where(),
                f"tuntematon taulu '{path.stem}'" + (f" (tarkoititko: {hint})" if hint else ""),
                f"unknown table '{path.stem}'" + (f" (did you mean: {hint})" if hint else ""),
            )
        )
        return None
    data = path.read_bytes()
    if not data.strip():
        problems.append(Problem(table.where(), "tiedosto on tyhjä", "the file is empty"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                table.where(line),
                f"tiedosto ei ole UTF-8-koodattu (tavu {exc.start})",
                f"the file is not UTF-8 encoded (byte {exc.start})",
            )
        )
        return None
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        problems.append(Problem(table.where(), f"CSV-virhe: {exc}", f"CSV error: {exc}"))
        return None
    header = _check_header(table, records[0], problems)
    _add_rows(table, header, records[1:], 2)
    return table


def read_csv_folder(folder: Path, problems: list[Problem]) -> list[RawTable]:
    tables = []
    for path in sorted(folder.glob("*.csv")):
        table = read_csv_table(path, problems)
        if table is not None:
            tables.append(table)
    if not tables and not problems:
        problems.append(
            Problem(
                Location(str(folder)),
                "kansiossa ei ole yhtään taulua",
                "the folder holds no tables",
            )
        )
    return tables


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return str(value)


def read_workbook(path: Path, problems: list[Problem]) -> list[RawTable]:
    """Every sheet of the template must be present; unknown sheets are errors too."""
    from openpyxl import load_workbook  # imported here: CSV users never pay for it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        problems.append(
            Problem(
                Location(str(path)),
                f"työkirjaa ei voi lukea: {exc}",
                f"cannot read the workbook: {exc}",
            )
        )
        return []
    tables = []
    names = set(workbook.sheetnames)
    for name in TABLE_ORDER:
        if name not in names:
            problems.append(
                Problem(
                    Location(str(path), name),
                    f"välilehti '{name}' puuttuu työkirjasta",
                    f"sheet '{name}' is missing from the workbook",
                )
            )
    for name in workbook.sheetnames:
        if name.startswith("_"):
            continue  # the template's own sheets (lists for data validation)
        if name not in TABLES:
            hint = suggest(name, list(TABLES))
            problems.append(
                Problem(
                    Location(str(path), name),
                    f"tuntematon välilehti '{name}'" + (f" (tarkoititko: {hint})" if hint else ""),
                    f"unknown sheet '{name}'" + (f" (did you mean: {hint})" if hint else ""),
                )
            )
            continue
        records = [
            [_cell_text(v) for v in row] for row in workbook[name].iter_rows(values_only=True)
        ]
        table = RawTable(name, str(path), name)
        if not records or not any(records[0]):
            problems.append(
                Problem(table.where(1), "otsikkorivi puuttuu", "the header row is missing")
            )
            continue
        header = _check_header(table, records[0], problems)
        _add_rows(table, header, records[1:], 2)
        tables.append(table)
    workbook.close()
    return tables


def read_source(path: Path, problems: list[Problem]) -> list[RawTable]:
    """A source is a folder of CSV files or one `.xlsx` workbook."""
    if path.is_dir():
        return read_csv_folder(path, problems)
    if path.suffix.lower() == ".xlsx":
        return read_workbook(path, problems)
    if path.suffix.lower() == ".csv":
        table = read_csv_table(path, problems)
        return [table] if table else []
    problems.append(
        Problem(
            Location(str(path)),
            "tuntematon lähdemuoto",
            "unknown kind of source (expected a folder, .csv or .xlsx)",
        )
    )
    return []
