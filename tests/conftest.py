"""Shared fixtures: a small county written as CSV tables, settings and stores in tmp folders."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from loaders.schema import TABLES
from service.settings import Settings
from service.store import EmbeddedStore

Rows = dict[str, list[dict[str, str]]]

# A tiny county: one document, a strategy with a priority and an objective, a measure with
# an owner, a municipality, a law section. Tests change a cell to make a bad input.
SMALL_COUNTY: Rows = {
    "asiakirjat": [{"avain": "strategia", "nimi": "Strategia 2026–2029", "nimi_en": "Strategy"}],
    "osiot": [
        {"avain": "s-visio", "asiakirja": "strategia", "otsikko": "Visiomme"},
        {"avain": "s-tavoitteet", "asiakirja": "strategia", "otsikko": "Tavoitteet"},
    ],
    "suunnitelmat": [
        {
            "avain": "strategia",
            "laji": "strategia",
            "nimi": "Strategia",
            "nimi_en": "Strategy",
            "kausi": "2026-2029",
            "lakiperusta": "laki-612-2021-7",
            "lahde": "s-visio",
        },
    ],
    "tavoitteet": [
        {
            "avain": "asukasta-varten",
            "laji": "painopiste",
            "suunnitelma": "strategia",
            "nimi": "Asukasta varten",
            "nimi_en": "For the residents",
            "lahde": "s-tavoitteet",
        },
        {
            "avain": "ennaltaehkaisy",
            "laji": "tavoite",
            "suunnitelma": "strategia",
            "nimi": "Siirrämme painopistettä ennaltaehkäisyyn",
            "nimi_en": "Prevention first",
            "ylempi": "asukasta-varten",
            "lahde": "s-tavoitteet",
        },
    ],
    "toimijat": [
        {
            "avain": "hva",
            "laji": "hyvinvointialue",
            "nimi": "Kainuun hyvinvointialue",
            "nimi_en": "Kainuu wellbeing services county",
            "tunnus": "20",
            "lahde": "s-visio",
        },
        {
            "avain": "kajaani",
            "laji": "kunta",
            "nimi": "Kajaani",
            "nimi_en": "Kajaani",
            "tunnus": "205",
            "lahde": "s-visio",
        },
        {
            "avain": "koordinaattori",
            "laji": "virka",
            "nimi": "Hyvinvointikoordinaattori",
            "nimi_en": "Wellbeing coordinator",
            "ylaorganisaatio": "hva",
            "lahde": "s-visio",
        },
    ],
    "lait": [
        {
            "avain": "laki-612-2021",
            "laji": "laki",
            "nimi": "Laki sosiaali- ja terveydenhuollon järjestämisestä",
            "nimi_en": "Act on organising social and health care",
            "numero": "612/2021",
            "lahde": "s-visio",
        },
        {
            "avain": "laki-612-2021-7",
            "laji": "pykala",
            "nimi": "7 §",
            "nimi_en": "Section 7",
            "osa": "laki-612-2021",
            "pykala": "7",
            "lahde": "s-visio",
        },
    ],
    "mittarit": [
        {
            "avain": "nps",
            "nimi": "NPS",
            "nimi_en": "Net Promoter Score",
            "palvelee": "asukasta-varten",
            "lahde": "s-tavoitteet",
        },
    ],
    "toimenpiteet": [
        {
            "avain": "liikkumislupaus",
            "suunnitelma": "strategia",
            "nimi": "Liikkumislupaus",
            "nimi_en": "Exercise pledge",
            "tavoitteet": "ennaltaehkaisy",
            "omistajat": "koordinaattori",
            "mittarit": "nps",
            "kausi": "2026",
            "lahde": "s-tavoitteet",
        },
    ],
    "havainnot": [
        {
            "avain": "nps-2025",
            "mittari": "nps",
            "alue": "hva",
            "kausi": "2025",
            "arvo": "41,5",
            "rooli": "lahtotaso",
            "lahde": "s-tavoitteet",
        },
    ],
}


def write_tables(folder: Path, tables: Rows) -> Path:
    """Write each table as `<name>.csv` with the schema's columns in order."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        columns = [c.name for c in TABLES[name].columns]
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    return folder


def write_county(
    folder: Path, tables: Rows | None = None, area: str = "testi", version: str = "1.0"
) -> Path:
    """A county dataset folder: the manifest and one source called `lahde`."""
    write_tables(folder / "lahde", tables if tables is not None else SMALL_COUNTY)
    (folder / "aineisto.toml").write_text(
        f'[aineisto]\nalue = "{area}"\nnimi = "Testimaakunta"\nnimi_en = "Test county"\n'
        f'versio = "{version}"\nlahteet = ["lahde"]\n',
        encoding="utf-8",
    )
    return folder


@pytest.fixture(autouse=True, scope="session")
def cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> None:
    """What runs keep between them (compiled shapes) goes to a folder of this test run, not
    the user's own cache."""
    os.environ["LANKA_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def county(tmp_path: Path) -> Path:
    return write_county(tmp_path / "county")


@pytest.fixture
def settings(tmp_path: Path, county: Path) -> Settings:
    return Settings(store=tmp_path / "store", dataset=county, area="testi")


@pytest.fixture
def store() -> Iterator[EmbeddedStore]:
    opened = EmbeddedStore(None)
    yield opened
    opened.close()
