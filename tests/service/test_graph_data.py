"""The graph page's data: views from the named queries, filters, gaps, neighbourhoods, paths,
search, the side panel and the JSON the page reads — on the small county of the query tests."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from loaders.errors import GraphRequestError
from ontology.namespaces import LANKA, ORG
from service import graph_data as gd
from service.app import create_app
from service.loading import load_paths
from service.settings import Settings
from service.store import EmbeddedStore

FIXTURE = Path(__file__).parents[1] / "queries" / "fixture.trig"
BASE = Settings().base_iri
ID = BASE + "id/t/"
CONTRIBUTES, OWNER, PARTICIPANT = (
    str(LANKA.contributesTo),
    str(LANKA.owner),
    str(LANKA.participant),
)


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
def strategy(county: EmbeddedStore, catalogue: gd.Catalogue) -> nx.MultiDiGraph:
    return gd.view_graph(county, BASE, "strategy", catalogue)


def test_the_catalogue_names_each_entity_in_both_languages_with_its_own_kind(
    catalogue: gd.Catalogue,
) -> None:
    priority = catalogue.entities[iri("tavoite/p1")]
    assert priority.kind == "Priority"
    assert priority.labels == {"fi": "Asukasta varten", "en": "For the residents"}
    # no English name: the Finnish one stands in
    assert catalogue.entities[iri("toimija/ry")].labels["en"] == "Liikunta ry"
    assert catalogue.values(iri("toimenpide/m1"), "theme") == {iri("kasite/liikunta")}


def test_the_strategy_tree_runs_from_measures_to_the_strategy(
    strategy: nx.MultiDiGraph,
) -> None:
    assert strategy.has_edge(iri("toimenpide/m1"), iri("tavoite/hyte-1"))
    assert strategy.has_edge(iri("tavoite/hyte"), iri("tavoite/p1"))
    assert strategy.has_edge(iri("tavoite/p1"), iri("suunnitelma/strategia"))
    assert strategy.has_edge(iri("toimenpide/m1"), iri("mittari/i1"))
    # stated links are not curated; the alignment's link is
    curated = strategy.edges[iri("tavoite/hyte-2"), iri("tavoite/o1"), CONTRIBUTES]
    assert curated["curated"] is True
    stated = strategy.edges[iri("tavoite/hyte"), iri("tavoite/p1"), CONTRIBUTES]
    assert stated["curated"] is False


def test_measures_without_an_owner_or_a_metric_are_marked_as_gaps(
    strategy: nx.MultiDiGraph,
) -> None:
    assert strategy.nodes[iri("toimenpide/m2")]["gaps"] == ["no-owner", "no-indicator"]
    assert strategy.nodes[iri("toimenpide/m1")]["gaps"] == []
    assert strategy.nodes[iri("tavoite/p1")]["gaps"] == []
    assert gd.counts(strategy)["gaps"] == 1


def test_gaps_only_keeps_the_gaps_and_what_they_hang_on(strategy: nx.MultiDiGraph) -> None:
    shown = gd.apply_filters(strategy, gd.Filters(gaps_only=True))
    assert set(shown) == {
        iri("toimenpide/m2"),
        iri("tavoite/hyte-2"),
        iri("tavoite/o1"),
        iri("tavoite/p1"),
        iri("suunnitelma/hyte"),
        iri("suunnitelma/strategia"),
    }


def test_a_theme_filter_keeps_the_measures_of_that_theme_with_their_context(
    strategy: nx.MultiDiGraph,
) -> None:
    shown = gd.apply_filters(strategy, gd.parse_filters(theme=[iri("kasite/liikunta")]))
    assert iri("toimenpide/m1") in shown and iri("toimenpide/m3") in shown
    assert iri("toimenpide/m2") not in shown
    # the objectives, the metric and the plans they hang on stay as context
    assert {iri("tavoite/hyte-1"), iri("mittari/i1"), iri("suunnitelma/vanha")} <= set(shown)
    assert iri("tavoite/hyte-2") not in shown


def test_facets_combine_and_the_kind_filter_narrows_further(
    strategy: nx.MultiDiGraph,
) -> None:
    both = gd.parse_filters(theme=[iri("kasite/liikunta")], plan=[iri("suunnitelma/vanha")])
    assert {n for n in gd.apply_filters(strategy, both) if "toimenpide" in n} == {
        iri("toimenpide/m3")
    }
    measures = gd.apply_filters(strategy, gd.parse_filters(kinds=["Measure"]))
    assert {strategy.nodes[n]["kind"] for n in measures} == {"Measure"}
    assert measures.number_of_edges() == 0


def test_the_legal_map_links_duties_to_sections_and_sections_to_acts(
    county: EmbeddedStore, catalogue: gd.Catalogue
) -> None:
    legal = gd.view_graph(county, BASE, "legal", catalogue)
    section = "https://w3id.org/lanka/id/laki/612-2021-7"
    assert legal.has_edge(section, "http://data.finlex.fi/eli/sd/2021/612")
    assert legal.has_edge(iri("velvoite/v1"), section)
    assert legal.has_edge(iri("velvoite/v1"), iri("suunnitelma/hyte"))


def test_an_unknown_view_is_refused_in_both_languages(
    county: EmbeddedStore, catalogue: gd.Catalogue
) -> None:
    with pytest.raises(GraphRequestError) as caught:
        gd.view_graph(county, BASE, "galaxy", catalogue)
    assert "tuntematon näkymä" in caught.value.fi and "unknown view" in caught.value.en


def test_a_neighbourhood_step_is_capped_and_says_how_many_were_left_out(
    county: EmbeddedStore, catalogue: gd.Catalogue
) -> None:
    full = gd.neighbourhood_graph(county, BASE, catalogue, iri("toimija/ry"))
    assert set(full) == {
        iri("toimija/ry"),
        iri("avustus/a1"),
        iri("toimenpide/m1"),
        iri("toimija/jane"),
    }
    assert full.nodes[iri("toimija/ry")]["more"] == 0
    first = gd.neighbourhood_graph(county, BASE, catalogue, iri("toimija/ry"), cap=2)
    assert len(first) == 3 and first.nodes[iri("toimija/ry")]["more"] == 1
    rest = gd.neighbourhood_graph(county, BASE, catalogue, iri("toimija/ry"), cap=2, offset=2)
    assert len(rest) == 2 and rest.nodes[iri("toimija/ry")]["more"] == 0
    assert (set(first) | set(rest)) == set(full)


def test_a_second_step_reaches_the_neighbours_of_neighbours(
    county: EmbeddedStore, catalogue: gd.Catalogue
) -> None:
    two = gd.neighbourhood_graph(county, BASE, catalogue, iri("toimija/ry"), depth=2)
    # ry → m1 → its owner and the objective it serves
    assert {iri("toimija/koordinaattori"), iri("tavoite/hyte-1")} <= set(two)


def test_the_shortest_path_reads_edges_either_way(
    county: EmbeddedStore, catalogue: gd.Catalogue
) -> None:
    actors = gd.view_graph(county, BASE, "actors", catalogue)
    paths = gd.shortest_paths(actors, iri("toimija/ry"), iri("toimija/hva"))
    assert paths == [
        {
            "nodes": [
                iri("toimija/ry"),
                iri("toimenpide/m1"),
                iri("toimija/koordinaattori"),
                iri("toimija/hva"),
            ],
            "edges": [
                gd.edge_id(iri("toimenpide/m1"), PARTICIPANT, iri("toimija/ry")),
                gd.edge_id(iri("toimenpide/m1"), OWNER, iri("toimija/koordinaattori")),
                gd.edge_id(
                    iri("toimija/koordinaattori"),
                    str(ORG.postIn),
                    iri("toimija/hva"),
                ),
            ],
        }
    ]
    assert gd.shortest_paths(actors, iri("toimija/ry"), iri("toimija/valiokunta")) == []
    with pytest.raises(GraphRequestError):
        gd.shortest_paths(actors, iri("toimija/ry"), iri("tavoite/p1"))


def test_search_puts_names_that_start_with_the_text_first(catalogue: gd.Catalogue) -> None:
    found = [hit["label_fi"] for hit in gd.search(catalogue, "liikun")]
    assert found[:3] == ["Liikunta", "Liikunta ry", "Liikuntaneuvonta"]
    assert "Liikkuvien osuus" not in found
    assert gd.search(catalogue, "residents")[0]["id"] == iri("tavoite/p1")
    assert gd.search(catalogue, "  ") == []


def test_the_side_panel_has_names_sources_and_links(
    county: EmbeddedStore, catalogue: gd.Catalogue
) -> None:
    card = gd.entity_card(county, BASE, catalogue, iri("toimenpide/m1"))
    assert card["labels"]["fi"] == "Liikkumislupaus"
    assert card["kind_labels"] == {"fi": "Toimenpide", "en": "Measure"}
    assert card["page"] == "/id/t/toimenpide/m1"
    assert card["sources"] == [
        {
            "section": iri("osio/visio"),
            "title": "Visiomme",
            "document": iri("asiakirja/strategia"),
            "document_title": {"fi": "Strategia", "en": "Strategy"},
        }
    ]
    owners = [link for link in card["links"] if link["relation"].endswith("#owner")]
    assert owners[0]["id"] == iri("toimija/koordinaattori") and owners[0]["outgoing"]
    assert gd.entity_card(county, BASE, catalogue, iri("toimenpide/m2"))["gaps"] == [
        "no-owner",
        "no-indicator",
    ]


def test_cytoscape_elements_carry_both_languages_and_the_filter_ids_match_them(
    strategy: nx.MultiDiGraph,
) -> None:
    elements = gd.to_cytoscape(strategy)
    node = next(n["data"] for n in elements["nodes"] if n["data"]["id"] == iri("tavoite/p1"))
    assert node["label_en"] == "For the residents" and node["kind"] == "Priority"
    edge = elements["edges"][0]["data"]
    assert {"source", "target", "relation", "label_fi", "label_en", "curated"} <= set(edge)
    ids = gd.visible_ids(strategy)
    assert ids["nodes"] == sorted(n["data"]["id"] for n in elements["nodes"])
    assert ids["edges"] == sorted(e["data"]["id"] for e in elements["edges"])


@pytest.fixture(scope="module")
def client(county: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(area="t"), county)) as test_client:
        yield test_client


def test_the_page_and_every_script_it_loads_are_served_locally(client: TestClient) -> None:
    page = client.get("/graph")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    for src in ("cytoscape/cytoscape.min.js", "cytoscape-fcose/cytoscape-fcose.js"):
        assert f"static/vendor/{src}" in page.text
    for script in ("cytoscape", "layout-base", "cose-base", "cytoscape-fcose", "cytoscape-dagre"):
        assert client.get(f"/static/vendor/{script}/LICENSE").status_code == 200
    assert "http://" not in page.text and "https://" not in page.text


def test_graph_data_gives_elements_filter_options_and_then_only_ids(client: TestClient) -> None:
    body = client.get("/graph/data", params={"view": "strategy"}).json()
    assert body["counts"]["nodes"] == len(body["elements"]["nodes"])
    themes = {o["value"]: o["count"] for o in body["facets"]["theme"]}
    assert themes == {iri("kasite/liikunta"): 2}
    narrowed = client.get(
        "/graph/data", params={"view": "strategy", "gaps": "true", "ids": "true"}
    ).json()
    assert (
        iri("toimenpide/m2") in narrowed["nodes"] and iri("toimenpide/m1") not in narrowed["nodes"]
    )
    assert "elements" not in narrowed
    refused = client.get("/graph/data", params={"view": "galaxy"})
    assert refused.status_code == 400 and "galaxy" in refused.json()["error"]["en"]


def test_graph_export_gives_graphml_and_gexf_that_networkx_reads_back(
    client: TestClient,
) -> None:
    graphml = client.get("/graph/export", params={"format": "graphml", "view": "actors"})
    assert graphml.headers["content-type"].startswith("application/graphml+xml")
    read = nx.read_graphml(io.BytesIO(graphml.content))
    assert read.nodes[iri("toimija/ry")]["label"] == "Liikunta ry"
    gexf = client.get(
        "/graph/export", params={"format": "gexf", "view": "strategy", "gaps": "true"}
    )
    assert nx.read_gexf(io.BytesIO(gexf.content)).number_of_nodes() == 6


def test_node_search_and_path_endpoints(client: TestClient) -> None:
    card = client.get("/graph/node", params={"iri": iri("toimija/ry")}).json()
    assert card["kind"] == "NGO"
    assert client.get("/graph/node", params={"iri": iri("nothing")}).status_code == 400
    hits = client.get("/graph/search", params={"q": "jane"}).json()["results"]
    assert hits[0]["id"] == iri("toimija/jane")
    path = client.get(
        "/graph/path",
        params={"view": "actors", "source": iri("toimija/ry"), "target": iri("toimija/hva")},
    ).json()
    assert path["paths"][0]["nodes"][-1] == iri("toimija/hva")


def test_cached_views_follow_every_write_to_the_store(tmp_path: Path) -> None:
    store = EmbeddedStore(None)
    load_paths(store, [FIXTURE], Settings(area="t"))
    before = gd.cached_view(store, BASE, "strategy")
    assert gd.cached_view(store, BASE, "strategy") is before
    extra = tmp_path / "extra.trig"
    extra.write_text(
        "@prefix lanka: <https://w3id.org/lanka/ontology#> .\n"
        "<https://w3id.org/lanka/graph/t/extra> {\n"
        f"  <{iri('toimenpide/m9')}> a lanka:Measure ;\n"
        f"    lanka:servesObjective <{iri('tavoite/hyte-1')}> .\n"
        "}\n",
        encoding="utf-8",
    )
    load_paths(store, [extra], Settings(area="t"))
    after = gd.cached_view(store, BASE, "strategy")
    assert iri("toimenpide/m9") in after and iri("toimenpide/m9") not in before
    assert gd.cached_catalogue(store, BASE).entities[iri("toimenpide/m9")].kind == "Measure"
    store.close()
