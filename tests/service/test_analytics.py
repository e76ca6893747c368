"""Graph analytics — centrality, loose ends, communities, paths — as JSON, CSV, the API and
`lanka analyze`, on the small county of the query tests and on hand-made graphs."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from service import analytics
from service import graph_data as gd
from service.app import create_app
from service.loading import load_paths
from service.settings import Settings
from service.store import EmbeddedStore

FIXTURE = Path(__file__).parents[1] / "queries" / "fixture.trig"
BASE = Settings().base_iri
ID = BASE + "id/t/"


def iri(key: str) -> str:
    return ID + key


@pytest.fixture(scope="module")
def county() -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(None)
    load_paths(store, [FIXTURE], Settings(area="t"))
    yield store
    store.close()


@pytest.fixture(scope="module")
def catalogue(county: EmbeddedStore) -> gd.Catalogue:
    return gd.read_catalogue(county, BASE)


@pytest.fixture(scope="module")
def actors(county: EmbeddedStore, catalogue: gd.Catalogue) -> nx.MultiDiGraph:
    return gd.view_graph(county, BASE, "actors", catalogue)


def _node(graph: nx.MultiDiGraph, name: str, kind: str) -> None:
    graph.add_node(
        name,
        kind=kind,
        labels={"fi": name, "en": name},
        dangling=False,
        gaps=[],
        theme=[],
        group=[],
        owner=[],
        plan=[],
    )


def test_centrality_ranks_actors_by_links_then_by_betweenness(
    actors: nx.MultiDiGraph,
) -> None:
    table = analytics.centrality(actors)
    top = [(r["actor"], r["degree"]) for r in table.rows[:2]]
    # the coordinator owns two measures and sits in the county; the NGO takes part, is a
    # member and receives a grant
    assert sorted(top) == [(iri("toimija/koordinaattori"), 3), (iri("toimija/ry"), 3)]
    assert table.rows[-1]["actor"] == iri("toimija/valiokunta")
    assert table.rows[-1]["degree"] == 0
    assert table.rows[0]["label"] in ("Koordinaattori", "Liikunta ry")
    assert table.notes == {"betweenness_exact": True}
    assert len(analytics.centrality(actors, top=2).rows) == 2


def test_betweenness_finds_the_broker_between_two_groups() -> None:
    graph = nx.MultiDiGraph()
    for name in ("a1", "a2", "broker", "b1", "b2"):
        _node(graph, name, "NGO")
    for u, v in (("a1", "a2"), ("a1", "broker"), ("a2", "broker"), ("broker", "b1"), ("b1", "b2")):
        graph.add_edge(u, v, key="rel", relation="rel", curated=False)
    rows = analytics.centrality(graph, "en").rows
    assert rows[0]["actor"] == "broker" and rows[0]["betweenness"] > rows[1]["betweenness"]


def test_isolated_lists_entities_with_no_links_and_references_with_no_description(
    county: EmbeddedStore, catalogue: gd.Catalogue
) -> None:
    whole = gd.view_graph(county, BASE, "all", catalogue)
    rows = analytics.isolated(whole, catalogue, "en").rows
    assert {(r["entity"], r["problem"]) for r in rows} == {
        (iri("mittari/i2"), "isolated"),
        (iri("toimija/valiokunta"), "isolated"),
    }
    _node(whole, iri("toimija/nobody"), "")
    whole.nodes[iri("toimija/nobody")]["dangling"] = True
    whole.add_edge(iri("toimenpide/m1"), iri("toimija/nobody"), key="x", relation="x")
    dangling = [r for r in analytics.isolated(whole, catalogue).rows if r["problem"] == "dangling"]
    assert dangling == [
        {
            "entity": iri("toimija/nobody"),
            "label": iri("toimija/nobody"),
            "kind": "",
            "problem": "dangling",
            "problem_label": "viitattu, ei kuvattu",
            "referred_by": 1,
        }
    ]


def test_communities_group_actors_that_share_work_the_same_way_every_time() -> None:
    graph = nx.MultiDiGraph()
    for name in ("n1", "n2", "n3", "m1", "m2", "m3", "alone"):
        _node(graph, name, "NGO")
    for item in ("x1", "x2", "y1", "y2"):
        _node(graph, item, "Measure")
    # n-actors share measures x1, x2; m-actors share y1, y2; one thin bridge n3 — m1
    for actor, item in (
        ("n1", "x1"),
        ("n2", "x1"),
        ("n3", "x1"),
        ("n1", "x2"),
        ("n2", "x2"),
        ("m1", "y1"),
        ("m2", "y1"),
        ("m3", "y1"),
        ("m1", "y2"),
        ("m2", "y2"),
    ):
        graph.add_edge(item, actor, key="participant", relation="participant", curated=False)
    graph.add_edge("n3", "m1", key="memberOf", relation="memberOf", curated=False)
    table = analytics.communities(graph, "en")
    groups = {r["community"]: set() for r in table.rows}
    for row in table.rows:
        groups[row["community"]].add(row["actor"])
    assert sorted(map(sorted, groups.values())) == [["m1", "m2", "m3"], ["n1", "n2", "n3"]]
    assert "alone" not in {r["actor"] for r in table.rows}
    assert table.notes["communities"] == 2 and table.notes["modularity"] > 0.3
    assert analytics.communities(graph, "en").rows == table.rows


def test_paths_list_each_step_with_the_relation_that_joins_it(
    actors: nx.MultiDiGraph,
) -> None:
    table = analytics.paths(actors, iri("toimija/ry"), iri("toimija/hva"), "en")
    assert [(r["step"], r["label"], r["relation"]) for r in table.rows] == [
        (0, "Liikunta ry", ""),
        (1, "Liikkumislupaus", "← partner"),
        (2, "Koordinaattori", "owned by"),
        (3, "Hyvinvointialue", "post in"),
    ]


def test_a_table_is_json_and_csv_with_the_same_columns(actors: nx.MultiDiGraph) -> None:
    table = analytics.centrality(actors, "en")
    body = json.loads(table.to_json())
    assert body["analysis"] == "centrality" and body["columns"] == table.columns
    assert body["rows"][0]["actor"] == table.rows[0]["actor"]
    rows = list(csv.DictReader(io.StringIO(table.to_csv())))
    assert list(rows[0]) == table.columns
    assert rows[0]["label"] == table.rows[0]["label"]


def test_graphml_and_gexf_keep_labels_kinds_gaps_and_relations(
    county: EmbeddedStore, catalogue: gd.Catalogue
) -> None:
    strategy = gd.view_graph(county, BASE, "strategy", catalogue)
    graphml = nx.read_graphml(io.BytesIO(analytics.export(strategy, "graphml", "en")))
    measure = graphml.nodes[iri("toimenpide/m2")]
    assert measure["kind"] == "Measure" and measure["gaps"] == "no-owner;no-indicator"
    assert graphml.nodes[iri("tavoite/p1")]["label"] == "For the residents"
    assert graphml.number_of_edges() == strategy.number_of_edges()
    gexf = nx.read_gexf(io.BytesIO(analytics.export(strategy, "gexf")))
    assert gexf.number_of_nodes() == strategy.number_of_nodes()
    assert {d["label"] for _, _, d in gexf.edges(data=True)} >= {"toteuttaa", "edistää"}


def test_the_analytics_endpoint_answers_json_and_csv(county: EmbeddedStore) -> None:
    with TestClient(create_app(Settings(area="t"), county)) as client:
        body = client.get("/analytics/centrality", params={"top": 1}).json()
        assert len(body["rows"]) == 1
        answer = client.get("/analytics/communities", params={"format": "csv"})
        assert answer.headers["content-type"].startswith("text/csv")
        assert answer.text.startswith("community,size,hub,actor,label,kind,links")
        missing = client.get("/analytics/paths", params={"source": iri("toimija/ry")})
        assert missing.status_code == 400 and "target" in missing.json()["error"]["en"]
        assert client.get("/analytics/astrology").status_code == 400


def lanka(*args: str) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "lanka"), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_lanka_analyze_prints_csv_and_json_from_the_store(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    assert lanka("--store", store, "load", "--area", "t", str(FIXTURE)).returncode == 0
    isolated = lanka("--store", store, "analyze", "isolated", "--lang", "en")
    assert isolated.returncode == 0, isolated.stderr
    assert isolated.stdout.splitlines()[0] == "entity,label,kind,problem,problem_label,referred_by"
    assert iri("mittari/i2") in isolated.stdout
    found = lanka(
        "--store",
        store,
        "analyze",
        "paths",
        iri("toimija/ry"),
        iri("toimija/hva"),
        "--format",
        "json",
    )
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["rows"][-1]["entity"] == iri("toimija/hva")
    wrong = lanka("--store", store, "analyze", "paths", iri("toimija/ry"), iri("nothing"))
    assert wrong.returncode == 1 and "is not in this view" in wrong.stderr
    assert wrong.stdout == ""
