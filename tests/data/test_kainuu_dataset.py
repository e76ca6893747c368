"""The Kainuu default dataset holds what the five documents say, each fact with its source.

An inventory per kind (counts the documents give, and names as the documents give them),
provenance for every entity, and no personal contact details.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from ontology.namespaces import sparql_prologue
from service.catalog import data_graphs
from service.loading import load_default
from service.settings import Settings
from service.store import EmbeddedStore

PREFIXES = sparql_prologue()
K = "https://w3id.org/lanka/id/kainuu/"


@pytest.fixture(scope="module")
def kainuu() -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(None)
    load_default(store, Settings())
    yield store
    store.close()


def select(store: EmbeddedStore, where: str, variables: str = "?x") -> list[dict[str, str]]:
    graphs = data_graphs(store, Settings().base_iri)
    froms = "".join(f"FROM <{g}>\n" for g in graphs)
    return store.select(f"{PREFIXES} SELECT DISTINCT {variables} {froms} WHERE {{ {where} }}")


def labels(store: EmbeddedStore, where: str) -> set[str]:
    rows = select(store, f"{where} ?x rdfs:label ?label FILTER(lang(?label) = 'fi')", "?x ?label")
    return {row["label"] for row in rows}


STRATEGY = f"<{K}suunnitelma/strategia-2026-2029>"


@pytest.mark.parametrize(
    ("kind", "count", "sample"),
    [
        ("lanka:Vision", 1, "Elinvoimainen ja uudistuva turvallisen arjen Kainuu."),
        ("lanka:Mission", 1, "Terveyttä, turvaa ja hyvinvointia Kainuussa."),
        ("lanka:Value", 4, "Oikeudenmukaisuus"),
        ("lanka:Enabler", 3, "Tieto"),
    ],
)
def test_the_strategy_has_its_vision_mission_values_and_enablers(
    kainuu: EmbeddedStore, kind: str, count: int, sample: str
) -> None:
    names = labels(kainuu, f"?x a {kind} ; skos:inScheme {STRATEGY} .")
    assert len(names) == count
    assert sample in names


def test_the_strategy_has_three_priorities_with_three_objectives_each(
    kainuu: EmbeddedStore,
) -> None:
    priorities = labels(kainuu, f"?x a lanka:Priority ; skos:inScheme {STRATEGY} .")
    assert priorities == {"Asukasta varten", "Palvelut kuntoon", "Henkilöstön kanssa"}
    rows = select(
        kainuu, f"?o a lanka:Objective ; skos:inScheme {STRATEGY} ; skos:broader ?x .", "?o ?x"
    )
    per_priority: dict[str, int] = {}
    for row in rows:
        per_priority[row["x"]] = per_priority.get(row["x"], 0) + 1
    assert sorted(per_priority.values()) == [3, 3, 3]


def test_the_six_main_metrics_each_serve_a_priority(kainuu: EmbeddedStore) -> None:
    rows = select(
        kainuu, "?x a lanka:Indicator ; lanka:measuresProgressOf ?p . ?p a lanka:Priority .", "?x"
    )
    assert len(rows) == 6
    names = labels(
        kainuu, "?x a lanka:Indicator ; lanka:measuresProgressOf ?p . ?p a lanka:Priority ."
    )
    assert {"Toimintakate", "Hyte-kerroin"} <= names


def test_strategy_monitoring_names_council_board_and_leadership(kainuu: EmbeddedStore) -> None:
    monitors = labels(kainuu, f"?m lanka:monitors {STRATEGY} ; lanka:monitoredBy ?x .")
    assert {"Aluevaltuusto", "Aluehallitus", "Hyvinvointialueen johto"} <= monitors


PLAN = f"<{K}suunnitelma/hyvinvointisuunnitelma-2026-2029>"


def test_the_wellbeing_plan_has_its_objectives_themes_and_focus_areas(
    kainuu: EmbeddedStore,
) -> None:
    assert labels(kainuu, f"?x a lanka:MainObjective ; skos:inScheme {PLAN} .") == {
        "Aktiivinen ja toimintakykyinen kainuulainen"
    }
    objectives = select(
        kainuu,
        f"?x a lanka:Objective ; skos:inScheme {PLAN} ; "
        "skos:broader ?main . ?main a lanka:MainObjective .",
    )
    assert len(objectives) == 3
    themes = select(kainuu, f"?x a lanka:Theme ; skos:inScheme <{K}kaavio/hyte-teemat> .")
    assert len(themes) == 4
    focus = select(
        kainuu, f"?x a lanka:FocusArea ; skos:inScheme <{K}kaavio/voimavarojen-kohdentaminen> ."
    )
    assert len(focus) == 7


def test_the_wellbeing_plan_rests_on_612_2021_section_7_and_is_approved_by_the_council(
    kainuu: EmbeddedStore,
) -> None:
    rows = select(
        kainuu,
        f"{PLAN} cv:hasLegalResource ?x ; lanka:approvedBy ?council . "
        "?council a lanka:RegionalCouncil .",
    )
    assert [r["x"] for r in rows] == ["https://w3id.org/lanka/id/laki/laki-612-2021-7"]


def test_sub_plans_and_programmes_of_the_wellbeing_plan(kainuu: EmbeddedStore) -> None:
    merged = select(kainuu, f"?x dct:isPartOf {PLAN} ; a lanka:Plan .")
    assert len(merged) >= 4
    drawn_on = labels(kainuu, f"{PLAN} lanka:drawsOn ?x .")
    assert any("Liikkumislupaus" in name for name in drawn_on)
    assert "Mielen Hyvinvoinnin ohjelma" in drawn_on


def test_measures_of_both_plan_periods_are_there(kainuu: EmbeddedStore) -> None:
    new = select(kainuu, f"?x a lanka:Measure ; dct:isPartOf {PLAN} .")
    old = select(
        kainuu,
        f"?x a lanka:Measure ; dct:isPartOf <{K}suunnitelma/hyvinvointisuunnitelma-2023-2025> .",
    )
    assert len(new) >= 40
    assert len(old) >= 15


def test_the_bodies_the_documents_name(kainuu: EmbeddedStore) -> None:
    committees = select(kainuu, "?x a lanka:Committee ; lanka:term ?term .")
    assert len(committees) == 3
    influence = labels(kainuu, "?x a lanka:InfluenceBody ; cv:hasLegalResource ?law .")
    assert influence == {"Vanhusneuvosto", "Vammaisneuvosto", "Nuorisovaltuusto"}
    jane = select(kainuu, f"<{K}toimija/jane> lanka:seatCount ?x .")
    assert [r["x"] for r in jane] == ["14"]
    partnership = select(
        kainuu,
        "?x a lanka:Network ; rdfs:label ?l "
        "FILTER(CONTAINS(LCASE(?l), 'kumppanuusverkosto') "
        "|| CONTAINS(?l, 'Ikäverkosto'))",
    )
    assert len(partnership) == 5


def test_the_laws_the_documents_cite(kainuu: EmbeddedStore) -> None:
    acts = select(
        kainuu, "?x a ?kind ; dct:identifier ?n . VALUES ?kind { lanka:Act lanka:Regulation }", "?n"
    )
    numbers = {row["n"] for row in acts}
    assert {"611/2021", "612/2021", "1301/2014", "812/2000", "410/2015"} <= numbers
    assert any("2016/679" in n for n in numbers)
    sections = select(kainuu, "?x a lanka:Section ; eli:is_part_of ?act .")
    assert len(sections) >= 3


def test_the_municipalities_of_kainuu_with_their_official_codes(kainuu: EmbeddedStore) -> None:
    rows = select(kainuu, "?x a lanka:Municipality ; org:identifier ?code .", "?code")
    assert {r["code"] for r in rows} == {"105", "205", "290", "578", "620", "697", "765", "777"}


def test_the_national_level(kainuu: EmbeddedStore) -> None:
    objectives = select(kainuu, "?x a lanka:NationalObjective ; lanka:countyAccount ?a .")
    assert len(objectives) == 8
    recommendations = select(
        kainuu, f"?x a lanka:Recommendation ; lanka:issuedBy <{K}toimija/stm> ; lanka:status ?s ."
    )
    assert len(recommendations) == 8


def test_grants_and_their_criteria(kainuu: EmbeddedStore) -> None:
    names = labels(kainuu, "?x a lanka:GrantProgramme ; lanka:criterion ?c .")
    assert {"Toiminta-avustus", "Kumppanuusavustus"} <= names


def test_figures_are_observations_with_area_period_and_value(kainuu: EmbeddedStore) -> None:
    rows = select(
        kainuu,
        "?x a qb:Observation . "
        "FILTER NOT EXISTS { ?x sdmx-dimension:refArea ?a ; "
        "sdmx-dimension:refPeriod ?p ; "
        "sdmx-measure:obsValue ?v }",
    )
    assert rows == []
    population = select(
        kainuu,
        "?x a qb:Observation ; sdmx-measure:obsValue ?v FILTER(?v = 70149)",
    )
    assert len(population) == 1


def test_every_entity_cites_a_section_of_a_source_document(kainuu: EmbeddedStore) -> None:
    missing = select(
        kainuu,
        "?x a ?kind . FILTER(STRSTARTS(STR(?x), 'https://w3id.org/lanka/id/kainuu/')) "
        "FILTER NOT EXISTS { ?x a ?source "
        "VALUES ?source { lanka:SourceDocument lanka:DocumentSection qb:DataSet } } "
        "FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?section . "
        "?section a lanka:DocumentSection ; dct:isPartOf ?document . "
        "?document a lanka:SourceDocument }",
    )
    assert missing == []


def test_curated_alignments_carry_a_rationale(kainuu: EmbeddedStore) -> None:
    rows = select(
        kainuu, "?x a lanka:CuratedAlignment . FILTER NOT EXISTS { ?x lanka:rationale ?why }"
    )
    assert rows == []
    assert len(select(kainuu, "?x a lanka:CuratedAlignment .")) > 0


def test_no_personal_contact_details(kainuu: EmbeddedStore) -> None:
    rows = select(kainuu, "?s ?p ?x . FILTER(isLiteral(?x))")
    text = "\n".join(row["x"] for row in rows)
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), "an e-mail address"
    assert not re.search(r"\b0\d{1,3}[ -]?\d{3}[ -]?\d{3,4}\b", text), "a phone number"
    assert "Mäenpää" not in text, "people appear by role, not by name"
