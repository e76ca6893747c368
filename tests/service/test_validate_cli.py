"""`lanka validate` as a user runs it: the report on stdout, notices on stderr, exit codes
0 (conforms), 3 (does not), 1 (bad input), 2 (usage)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import SH

from loaders.rdf_files import to_rdflib
from tests.conftest import SMALL_COUNTY, write_county
from tests.service.test_cli import lanka

SHAPES = Path(__file__).resolve().parents[2] / "tests" / "shapes"
OWNER = SHAPES / "MeasureOwnerShape"
SHAPE_HEADER = """@prefix lanka: <https://w3id.org/lanka/ontology#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
"""


@pytest.fixture
def loaded_store(tmp_path: Path, county: Path) -> str:
    """A store with the ontology, the shapes and a small county whose indicator has gaps."""
    path = str(tmp_path / "store")
    result = lanka("--store", path, "load", env={"LANKA_DATASET": str(county)})
    assert result.returncode == 0, result.stderr
    return path


def test_the_store_with_gaps_does_not_conform_and_exits_3(loaded_store: str) -> None:
    result = lanka("--store", loaded_store, "validate")
    assert result.returncode == 3, result.stderr
    assert result.stdout.startswith("validointi: ei läpäise")
    assert "Mittarilta puuttuu yksikkö. / The indicator has no unit." in result.stdout
    assert "NPS / Net Promoter Score" in result.stdout  # names, not only IRIs
    assert "lähde / source: Strategia 2026–2029: Tavoitteet" in result.stdout


def test_with_warnings_allowed_the_store_conforms_and_exits_0(loaded_store: str) -> None:
    result = lanka("--store", loaded_store, "validate", "--allow-warnings", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["conforms"] is True
    assert report["counts"] == {"violation": 0, "warning": 5, "info": 0}
    assert "validation: conforms" in result.stderr  # the summary line, for a person


def test_the_report_is_kept_in_the_validation_graph(loaded_store: str) -> None:
    lanka("--store", loaded_store, "validate")
    kept = lanka(
        "--store",
        loaded_store,
        "export",
        "--graph",
        "https://w3id.org/lanka/graph/validation",
        "--format",
        "nt",
    )
    assert kept.returncode == 0, kept.stderr
    graph = Graph().parse(data=kept.stdout, format="nt")
    assert len(set(graph.subjects(SH.sourceShape, None))) == 5


def test_files_are_validated_with_the_packaged_shapes(tmp_path: Path) -> None:
    bad = lanka("validate", "--data", str(OWNER / "invalid.ttl"), "--format", "csv")
    assert bad.returncode == 3, bad.stderr
    rows = list(csv.DictReader(io.StringIO(bad.stdout)))
    owners = [r for r in rows if r["shape"].endswith("#MeasureOwnerShape")]
    assert owners[0]["focus"] == "https://w3id.org/lanka/id/testi/toimenpide/m1"
    assert owners[0]["message_en"] == "The measure has no owner (an organisation, unit or post)."


def test_a_dataset_folder_can_be_validated_without_a_store(county: Path) -> None:
    result = lanka("validate", "--data", str(county), "--format", "json")
    assert result.returncode == 3, result.stderr
    assert json.loads(result.stdout)["counts"]["warning"] == 5


def test_own_shapes_and_the_reference_engine(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        SHAPE_HEADER + "[] sh:targetClass lanka:Measure ; sh:property [ sh:path lanka:indicator ;"
        ' sh:maxCount 0 ; sh:message "ei mittareita"@fi, "no indicators"@en ] .\n',
        encoding="utf-8",
    )
    county = write_county(tmp_path / "county", SMALL_COUNTY)
    for engine in ("fast", "pyshacl"):
        result = lanka(
            "validate", "--data", str(county), "--shapes", str(shapes), "--engine", engine
        )
        assert result.returncode == 3, result.stderr
        assert "ei mittareita / no indicators" in result.stdout
        assert f"[{engine}]" in result.stdout


def test_an_unsupported_feature_falls_back_to_pyshacl_and_says_so(tmp_path: Path) -> None:
    shapes = tmp_path / "closed.ttl"
    shapes.write_text(
        SHAPE_HEADER + "[] sh:targetClass lanka:Measure ; sh:closed true ;"
        ' sh:message "suljettu"@fi, "closed"@en .\n',
        encoding="utf-8",
    )
    result = lanka("validate", "--data", str(OWNER / "invalid.ttl"), "--shapes", str(shapes))
    assert result.returncode == 3  # pySHACL found the rdf:type triple the closed shape forbids
    assert "unsupported feature sh:closed, falling back to pySHACL" in result.stderr
    assert "[pyshacl]" in result.stdout


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_rdf_formats_are_the_standard_validation_report(fmt: str) -> None:
    result = lanka("validate", "--data", str(OWNER / "invalid.ttl"), "--format", fmt)
    assert result.returncode == 3, result.stderr
    rdf_format = ox.RdfFormat.TURTLE if fmt == "ttl" else ox.RdfFormat.JSON_LD
    graph = Graph()
    for triple in ox.parse(result.stdout.encode("utf-8"), format=rdf_format):
        graph.add(
            (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))
        )
    reports = list(graph.subjects(SH.conforms, None))
    assert len(reports) == 1
    assert len(list(graph.objects(reports[0], SH.result))) > 0


def test_html_groups_by_rule_and_by_owner() -> None:
    result = lanka("validate", "--data", str(OWNER / "invalid.ttl"), "--format", "html")
    assert result.returncode == 3
    assert "Säännöittäin" in result.stdout and "Vastuutahoittain" in result.stdout


def test_a_file_that_does_not_parse_exits_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    result = lanka("validate", "--data", str(broken))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "RDF syntax error" in result.stderr


def test_shapes_pyshacl_refuses_exit_1(tmp_path: Path) -> None:
    shapes = tmp_path / "bad.ttl"
    shapes.write_text(
        SHAPE_HEADER + "[] sh:targetClass lanka:Measure ; sh:minCount 1 .\n", encoding="utf-8"
    )
    result = lanka("validate", "--data", str(OWNER / "invalid.ttl"), "--shapes", str(shapes))
    assert result.returncode == 1
    assert "the shapes cannot be used" in result.stderr


def test_a_missing_path_exits_1(tmp_path: Path) -> None:
    result = lanka("validate", "--data", str(tmp_path / "nowhere.ttl"))
    assert result.returncode == 1
    assert "the path does not exist" in result.stderr


def test_an_unknown_format_is_a_usage_error() -> None:
    assert lanka("validate", "--format", "docx").returncode == 2
