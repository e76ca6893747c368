"""A small county with a gap in it, loaded as `lanka load` loads the default dataset.

The conftest county plus a second measure that names no owner and no metric, and observed and
target values for its indicator, so a report has a chain, a gap, shares and progress to show.
"""

from __future__ import annotations

from pathlib import Path

from service.loading import load_default
from service.settings import Settings
from service.store import EmbeddedStore
from tests.conftest import SMALL_COUNTY, Rows, write_county

GAP_MEASURE = {
    "avain": "yhteistyosopimus",
    "suunnitelma": "strategia",
    "nimi": "Yhteistyösopimus järjestöjen kanssa",
    "nimi_en": "Cooperation agreement with NGOs",
    "tavoitteet": "asukasta-varten",
    "lahde": "s-tavoitteet",
}
VALUES = [
    {
        "avain": f"nps-{year}",
        "mittari": "nps",
        "alue": "hva",
        "kausi": str(year),
        "arvo": value,
        "rooli": role,
        "lahde": "s-tavoitteet",
    }
    for year, value, role in (("2024", "38", "havainto"), ("2026", "44", "havainto"))
] + [
    {
        "avain": "nps-tavoite-2029",
        "mittari": "nps",
        "alue": "hva",
        "kausi": "2029",
        "arvo": "60",
        "rooli": "tavoite",
        "lahde": "s-tavoitteet",
    }
]
REPORT_COUNTY: Rows = {
    **SMALL_COUNTY,
    "toimenpiteet": [*SMALL_COUNTY["toimenpiteet"], GAP_MEASURE],
    "havainnot": [*SMALL_COUNTY["havainnot"], *VALUES],
}
COORDINATOR = "https://w3id.org/lanka/id/testi/toimija/koordinaattori"


def load_report_county(folder: Path, store: EmbeddedStore, tables: Rows | None = None) -> Settings:
    """Write the county under `folder`, load it with the ontology and shapes; the settings."""
    county = write_county(folder / "county", tables or REPORT_COUNTY)
    settings = Settings(store=folder / "store", dataset=county, area="testi")
    load_default(store, settings)
    return settings
