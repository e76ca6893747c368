"""Mapping tables to RDF: located errors, all at once; deterministic IRIs; provenance."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.compare import isomorphic

from loaders.dataset import map_dataset, map_sources
from loaders.errors import LoadError
from ontology.namespaces import CV, ELI, LANKA, ORG, PROV, SDMX_MEASURE, SKOS
from tests.conftest import SMALL_COUNTY, Rows, write_county, write_tables

ID = "https://w3id.org/lanka/id/testi/"


def with_cell(table: str, row: int, column: str, value: str) -> Rows:
    tables = copy.deepcopy(SMALL_COUNTY)
    tables[table][row][column] = value
    return tables


def problems_for(tmp_path: Path, tables: Rows) -> list[str]:
    folder = write_tables(tmp_path / "src", tables)
    with pytest.raises(LoadError) as caught:
        map_sources([folder], area="testi")
    return [str(p) for p in caught.value.problems]


def test_an_unknown_reference_names_the_closest_keys(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, with_cell("toimenpiteet", 0, "omistajat", "koordinaatori"))
    assert problems == [
        f"{tmp_path / 'src' / 'toimenpiteet.csv'}, row 2, column omistajat: "
        "tuntematon viittaus 'koordinaatori' tauluun toimijat (lähimmät: koordinaattori) / "
        "unknown reference 'koordinaatori' to table toimijat (closest: koordinaattori)"
    ]


def test_a_duplicate_key_names_where_it_was_first_defined(tmp_path: Path) -> None:
    tables = copy.deepcopy(SMALL_COUNTY)
    tables["toimijat"].append(dict(tables["toimijat"][0]))
    problems = problems_for(tmp_path, tables)
    assert len(problems) == 1
    assert "toimijat.csv, row 5, column avain" in problems[0]
    assert "duplicate key 'hva': first defined at" in problems[0]
    assert "toimijat.csv, row 2" in problems[0]


@pytest.mark.parametrize(
    ("table", "column", "value", "message"),
    [
        ("toimenpiteet", "kausi", "2026-13", "'2026-13' is not a period"),
        ("suunnitelmat", "kausi", "2029-2026", "period '2029-2026' ends before it starts"),
        ("havainnot", "arvo", "41,5 %", "'41,5 %' is not a number"),
        ("toimijat", "muut_nimet", "KHVA@english_uk", "bad language tag 'english_uk'"),
        ("toimijat", "laji", "komitea", "'komitea' is not an allowed value"),
        ("toimijat", "avain", "Kainuu HVA", "key 'Kainuu HVA' is not valid"),
        ("toimijat", "nimi", "", "required value 'nimi' is missing"),
    ],
)
def test_a_bad_cell_is_reported_with_file_row_and_column(
    tmp_path: Path, table: str, column: str, value: str, message: str
) -> None:
    problems = problems_for(tmp_path, with_cell(table, 0, column, value))
    assert any(f"{table}.csv, row 2, column {column}" in p and message in p for p in problems)


def test_a_bad_date_is_reported(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, with_cell("asiakirjat", 0, "julkaistu", "2025-02-30"))
    assert any(
        "asiakirjat.csv, row 2, column julkaistu" in p and "is not a date" in p for p in problems
    )


def test_all_problems_of_a_file_are_reported_at_once(tmp_path: Path) -> None:
    tables = with_cell("toimenpiteet", 0, "omistajat", "nobody")
    tables["toimenpiteet"][0]["kausi"] = "never"
    tables["havainnot"][0]["arvo"] = "many"
    problems = problems_for(tmp_path, tables)
    assert len(problems) == 3


def test_the_same_rows_give_the_same_iris_and_triples_every_time(tmp_path: Path) -> None:
    first = map_dataset(write_county(tmp_path / "a"))
    second = map_dataset(write_county(tmp_path / "b"))
    assert isomorphic(first.sources[0].graph, second.sources[0].graph)
    assert set(first.sources[0].graph.subjects()) == set(second.sources[0].graph.subjects())


def test_rows_become_typed_entities_with_labels_links_and_sources(tmp_path: Path) -> None:
    graph = map_dataset(write_county(tmp_path / "c")).sources[0].graph
    measure = URIRef(ID + "toimenpide/liikkumislupaus")
    assert (measure, RDF.type, LANKA.Measure) in graph
    assert (measure, LANKA.owner, URIRef(ID + "toimija/koordinaattori")) in graph
    assert (measure, LANKA.indicator, URIRef(ID + "mittari/nps")) in graph
    assert (measure, LANKA.servesObjective, URIRef(ID + "tavoite/ennaltaehkaisy")) in graph
    assert (measure, PROV.wasDerivedFrom, URIRef(ID + "osio/s-tavoitteet")) in graph
    assert (
        measure,
        URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
        Literal("Exercise pledge", lang="en"),
    ) in graph
    objective = URIRef(ID + "tavoite/ennaltaehkaisy")
    assert (objective, SKOS.broader, URIRef(ID + "tavoite/asukasta-varten")) in graph
    post = URIRef(ID + "toimija/koordinaattori")
    assert (post, ORG.postIn, URIRef(ID + "toimija/hva")) in graph


def test_municipalities_and_laws_get_their_official_iris(tmp_path: Path) -> None:
    graph = map_dataset(write_county(tmp_path / "d")).sources[0].graph
    kajaani = URIRef("https://w3id.org/lanka/id/kunta/205")
    assert (
        kajaani,
        SKOS.exactMatch,
        URIRef("http://uri.suomi.fi/codelist/jhs/kunta_1_20230101/code/205"),
    ) in graph
    act = URIRef("http://data.finlex.fi/eli/sd/2021/612")
    section = URIRef("https://w3id.org/lanka/id/laki/laki-612-2021-7")
    assert (section, ELI.is_part_of, act) in graph
    assert (section, ELI.id_local, Literal("7")) in graph
    plan = URIRef(ID + "suunnitelma/strategia")
    assert (plan, CV.hasLegalResource, section) in graph


def test_a_section_whose_chapter_is_known_gets_the_finlex_iri(tmp_path: Path) -> None:
    tables = with_cell("lait", 1, "luku", "2")
    graph = map_sources([write_tables(tmp_path / "s", tables)], area="testi")[0][0].graph
    section = URIRef("http://data.finlex.fi/eli/sd/2021/612/luku/2/pykala/7")
    assert (section, ELI.is_part_of, URIRef("http://data.finlex.fi/eli/sd/2021/612")) in graph


def test_observations_carry_value_area_period_and_role(tmp_path: Path) -> None:
    graph = map_dataset(write_county(tmp_path / "e")).sources[0].graph
    observation = URIRef(ID + "havainto/nps-2025")
    assert graph.value(observation, SDMX_MEASURE.obsValue).toPython() == pytest.approx(41.5)
    assert (observation, LANKA.observationRole, LANKA.Baseline) in graph


def test_references_resolve_across_sources(tmp_path: Path) -> None:
    actors = {k: v for k, v in SMALL_COUNTY.items() if k in ("asiakirjat", "osiot", "toimijat")}
    rest = {k: v for k, v in SMALL_COUNTY.items() if k not in actors}
    rest["osiot"] = [{"avain": "s-muu", "asiakirja": "strategia", "otsikko": "Muu"}]
    first = write_tables(tmp_path / "a", actors)
    second = write_tables(tmp_path / "b", rest)
    mapped, _ = map_sources([first, second], area="testi")
    measure = URIRef(ID + "toimenpide/liikkumislupaus")
    assert (measure, LANKA.owner, URIRef(ID + "toimija/koordinaattori")) in mapped[1].graph


def test_a_curated_alignment_keeps_its_rationale_and_a_graph_of_its_own(tmp_path: Path) -> None:
    tables = copy.deepcopy(SMALL_COUNTY)
    tables["kohdistukset"] = [
        {
            "avain": "nps-painopiste",
            "mista": "toimenpiteet:liikkumislupaus",
            "mihin": "tavoitteet:asukasta-varten",
            "suhde": "toteuttaa",
            "peruste": "Liikkuminen edistää asukkaiden hyvinvointia.",
            "lahde": "s-tavoitteet",
        }
    ]
    mapped, extra = map_sources([write_tables(tmp_path / "s", tables)], area="testi")
    alignment = URIRef(ID + "kohdistus/nps-painopiste")
    assert (alignment, RDF.type, LANKA.CuratedAlignment) in mapped[0].graph
    assert mapped[0].graph.value(alignment, LANKA.rationale) is not None
    curated = extra["s-kohdistukset"]
    assert (
        URIRef(ID + "toimenpide/liikkumislupaus"),
        LANKA.servesObjective,
        URIRef(ID + "tavoite/asukasta-varten"),
    ) in curated
    assert len(curated) == 1


def test_a_polymorphic_reference_must_name_its_table(tmp_path: Path) -> None:
    tables = copy.deepcopy(SMALL_COUNTY)
    tables["seuranta"] = [
        {
            "avain": "s1",
            "nimi": "Seuranta",
            "seuraaja": "hva",
            "kohde": "liikkumislupaus",
            "lahde": "s-visio",
        }
    ]
    problems = problems_for(tmp_path, tables)
    assert any(
        "seuranta.csv, row 2, column kohde" in p and "must be written table:key" in p
        for p in problems
    )


def test_an_eu_regulation_gets_its_eli_iri(tmp_path: Path) -> None:
    tables = copy.deepcopy(SMALL_COUNTY)
    tables["lait"].append(
        {
            "avain": "gdpr",
            "laji": "asetus",
            "nimi": "Tietosuoja-asetus",
            "numero": "EU 2016/679",
            "lahde": "s-visio",
        }
    )
    graph = map_sources([write_tables(tmp_path / "s", tables)], area="testi")[0][0].graph
    assert (
        URIRef("http://data.europa.eu/eli/reg/2016/679/oj"),
        RDF.type,
        LANKA.Regulation,
    ) in graph
