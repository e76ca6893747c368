"""The `lanka` command as a user runs it: data on stdout, errors on stderr, exit codes 0/1/2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import SMALL_COUNTY, write_county
from tests.service.remote_servers import Server

LANKA = str(Path(sys.executable).parent / "lanka")


def lanka(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LANKA, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


@pytest.fixture
def store_path(tmp_path: Path, remote: Server | None, monkeypatch: pytest.MonkeyPatch) -> str:
    """The `--store` folder; on a remote backend the LANKA_REMOTE_* settings (inherited by
    the command) name the store instead, so each command here runs against the three stores."""
    for key, value in (remote.env if remote is not None else {}).items():
        monkeypatch.setenv(key, value)
    return str(tmp_path / "store")


def test_load_then_stats_counts_triples_and_instances(store_path: str, county: Path) -> None:
    loaded = lanka("--store", store_path, "load", str(county))
    assert loaded.returncode == 0, loaded.stderr
    assert "loaded: 1 graphs" in loaded.stdout
    stats = lanka("--store", store_path, "stats", "--format", "json")
    assert stats.returncode == 0
    report = json.loads(stats.stdout)
    assert report["instances_per_class"]["https://w3id.org/lanka/ontology#Measure"] == 1
    assert report["datasets"][0]["version"] == "1.0"
    assert sum(report["triples_per_graph"].values()) > 50


def test_load_without_paths_loads_ontology_shapes_and_the_default_dataset(
    store_path: str, county: Path
) -> None:
    result = lanka("--store", store_path, "load", env={"LANKA_DATASET": str(county)})
    assert result.returncode == 0, result.stderr
    graphs = json.loads(lanka("--store", store_path, "stats", "--format", "json").stdout)[
        "triples_per_graph"
    ]
    assert set(graphs) == {
        "https://w3id.org/lanka/graph/ontology",
        "https://w3id.org/lanka/graph/shapes",
        "https://w3id.org/lanka/graph/catalog",
        "https://w3id.org/lanka/graph/testi/lahde",
    }


def test_a_bad_source_exits_1_with_located_errors_on_stderr(
    store_path: str, tmp_path: Path
) -> None:
    broken = dict(SMALL_COUNTY)
    broken["havainnot"] = [dict(SMALL_COUNTY["havainnot"][0], arvo="paljon")]
    result = lanka("--store", store_path, "load", str(write_county(tmp_path / "b", broken)))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "havainnot.csv, row 2, column arvo" in result.stderr
    assert "'paljon' is not a number" in result.stderr


def test_a_usage_error_exits_2(store_path: str) -> None:
    result = lanka("--store", store_path, "export", "--format", "docx")
    assert result.returncode == 2
    assert "docx" in result.stderr


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "rdfxml"])
def test_export_of_one_graph_writes_rdf_to_stdout(store_path: str, county: Path, fmt: str) -> None:
    lanka("--store", store_path, "load", str(county))
    result = lanka(
        "--store",
        store_path,
        "export",
        "--graph",
        "https://w3id.org/lanka/graph/testi/lahde",
        "--format",
        fmt,
    )
    assert result.returncode == 0, result.stderr
    assert "liikkumislupaus" in result.stdout


def test_export_of_the_whole_store_needs_a_quad_format(store_path: str, county: Path) -> None:
    lanka("--store", store_path, "load", str(county))
    assert lanka("--store", store_path, "export", "--format", "trig").returncode == 0
    refused = lanka("--store", store_path, "export", "--format", "ttl")
    assert refused.returncode == 1
    assert "cannot hold named graphs" in refused.stderr


def test_template_writes_a_workbook_and_a_csv_folder(tmp_path: Path) -> None:
    result = lanka("template", str(tmp_path / "pohja"))
    assert result.returncode == 0, result.stderr
    assert "toimenpiteet" in load_workbook(tmp_path / "pohja.xlsx").sheetnames
    assert (tmp_path / "pohja" / "toimenpiteet.csv").is_file()


def test_help_lists_every_command_with_its_help() -> None:
    shown = lanka("--help")
    assert shown.returncode == 0, shown.stderr
    for command, words in {
        "validate": "validate with the SHACL shapes",
        "analyze": "graph analytics",
        "report": "traceability",
        "load": "load sources",
        "serve": "start the server",
    }.items():
        line = next(row for row in shown.stdout.splitlines() if row.split()[:1] == [command])
        assert words in line


def test_validate_imports_neither_the_analytics_nor_the_report_renderers() -> None:
    """Start-up is part of `lanka validate`'s time: the commands in other modules are
    imported only when named."""
    code = (
        "import sys; import click; from service.cli import cli\n"
        "cli.get_command(click.Context(cli), 'validate')\n"
        "print(' '.join(m for m in ('networkx', 'openpyxl', 'service.analytics', "
        "'service.reports.build', 'service.loading', 'pyshacl') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
