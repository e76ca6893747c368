"""Reading tables: every bad file is reported with its location, in Finnish and English."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from loaders.dataset import map_sources
from loaders.errors import LoadError
from loaders.template import write_workbook
from tests.conftest import SMALL_COUNTY, write_tables


def problems_of(paths: list[Path]) -> list[str]:
    with pytest.raises(LoadError) as caught:
        map_sources(paths, area="testi")
    return [str(p) for p in caught.value.problems]


def test_a_missing_required_column_is_named_with_its_file(tmp_path: Path) -> None:
    folder = write_tables(tmp_path / "src", SMALL_COUNTY)
    text = (folder / "toimenpiteet.csv").read_text(encoding="utf-8")
    (folder / "toimenpiteet.csv").write_text(
        text.replace("suunnitelma,", "plan,", 1), encoding="utf-8"
    )
    problems = problems_of([folder])
    assert any(
        "toimenpiteet.csv" in p
        and "column suunnitelma" in p
        and "required column 'suunnitelma' is missing" in p
        for p in problems
    )
    assert any("unknown column 'plan'" in p and "tuntematon sarake 'plan'" in p for p in problems)


def test_an_unknown_column_gets_a_suggestion(tmp_path: Path) -> None:
    folder = write_tables(tmp_path / "src", SMALL_COUNTY)
    text = (folder / "mittarit.csv").read_text(encoding="utf-8")
    (folder / "mittarit.csv").write_text(text.replace("yksikko", "yksiko", 1), encoding="utf-8")
    problems = problems_of([folder])
    assert any("row 1, column yksiko" in p and "did you mean: yksikko" in p for p in problems)


def test_an_empty_file_is_reported(tmp_path: Path) -> None:
    folder = write_tables(tmp_path / "src", SMALL_COUNTY)
    (folder / "havainnot.csv").write_bytes(b"")
    assert any(
        "havainnot.csv" in p and "the file is empty" in p and "tiedosto on tyhjä" in p
        for p in problems_of([folder])
    )


def test_a_file_that_is_not_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    folder = write_tables(tmp_path / "src", SMALL_COUNTY)
    text = (folder / "tavoitteet.csv").read_text(encoding="utf-8")
    (folder / "tavoitteet.csv").write_bytes(text.encode("latin-1"))  # "Siirrämme" on row 3
    problems = problems_of([folder])
    assert any("tavoitteet.csv, row 3" in p and "not UTF-8" in p for p in problems)


def test_an_unknown_table_file_gets_a_suggestion(tmp_path: Path) -> None:
    folder = write_tables(tmp_path / "src", SMALL_COUNTY)
    (folder / "toimenpide.csv").write_text("avain\nx\n", encoding="utf-8")
    assert any(
        "unknown table 'toimenpide'" in p and "toimenpiteet" in p for p in problems_of([folder])
    )


def test_a_sheet_missing_from_a_workbook_is_named(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "county.xlsx")
    workbook = load_workbook(path)
    del workbook["havainnot"]
    workbook.save(path)
    problems = problems_of([path])
    assert any(
        "county.xlsx, sheet havainnot" in p and "sheet 'havainnot' is missing" in p
        for p in problems
    )


def test_workbook_rows_are_located_by_sheet_row_and_column(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "county.xlsx")
    workbook = load_workbook(path)
    sheet = workbook["osiot"]
    sheet.append(["s1", "no-such-document", "Otsikko"])
    workbook.save(path)
    problems = problems_of([path])
    assert any(
        "sheet osiot, row 3, column asiakirja" in p and "no-such-document" in p for p in problems
    )
