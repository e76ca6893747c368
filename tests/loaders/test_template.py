"""The template a planner starts from: it loads as it is, and a filled copy loads like CSV."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook
from rdflib.compare import isomorphic

from loaders.dataset import map_sources
from loaders.schema import TABLE_ORDER, TABLES
from loaders.template import write_template
from tests.conftest import SMALL_COUNTY, write_tables


def test_the_template_has_every_table_with_columns_explanations_and_lists(tmp_path: Path) -> None:
    workbook_path, folder = write_template(tmp_path / "pohja")
    workbook = load_workbook(workbook_path)
    for name in TABLE_ORDER:
        sheet = workbook[name]
        header = [cell.value for cell in sheet[1]]
        assert header == [c.name for c in TABLES[name].columns]
        assert str(sheet["A2"].value).startswith("# ")
        with (folder / f"{name}.csv").open(encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == header
    kinds = [v for v in workbook["toimijat"].data_validations.dataValidation]
    assert kinds, "the kind column offers a drop-down list"
    assert kinds[0].sqref is not None and "B3" in str(kinds[0].sqref)


def test_an_empty_template_maps_to_no_triples(tmp_path: Path) -> None:
    workbook_path, folder = write_template(tmp_path / "pohja")
    from_workbook, _ = map_sources([workbook_path], area="testi")
    from_csv, _ = map_sources([folder], area="testi")
    assert len(from_workbook[0].graph) == 0
    assert len(from_csv[0].graph) == 0


def test_a_filled_workbook_gives_the_same_graph_as_the_csv_folder(tmp_path: Path) -> None:
    workbook_path, _ = write_template(tmp_path / "pohja")
    workbook = load_workbook(workbook_path)
    for name, rows in SMALL_COUNTY.items():
        columns = [c.name for c in TABLES[name].columns]
        for row in rows:
            workbook[name].append([row.get(c, "") or None for c in columns])
    workbook.save(workbook_path)
    from_workbook, _ = map_sources([workbook_path], area="testi")
    from_csv, _ = map_sources([write_tables(tmp_path / "csv", SMALL_COUNTY)], area="testi")
    assert len(from_workbook[0].graph) > 50
    assert isomorphic(from_workbook[0].graph, from_csv[0].graph)
