"""A synthetic national dataset: N counties shaped like Kainuu, written as county tables.

Used by the benchmarks and the scale tests. Each county is a dataset folder the real table
loader reads, so a benchmark measures the same path a county's data takes. The output is a
pure function of (counties, seed); the planted gaps (measures without an owner or a metric,
objectives without measures) are counted and written to `synth.json`.
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path

from loaders.schema import TABLES

THEMES = ("elintavat", "mielenterveys", "osallisuus", "turvallisuus")
GROUPS = ("lapset-ja-nuoret", "tyoikaiset", "ikaantyneet", "vammaiset")
PRIORITIES = ("asukasta-varten", "palvelut-kuntoon", "henkiloston-kanssa")
BODY_KINDS = (
    ("aluevaltuusto", "aluevaltuusto"),
    ("aluehallitus", "aluehallitus"),
    ("valiokunta-1", "valiokunta"),
    ("valiokunta-2", "valiokunta"),
    ("valiokunta-3", "valiokunta"),
    ("vanhusneuvosto", "vaikuttamistoimielin"),
    ("vammaisneuvosto", "vaikuttamistoimielin"),
    ("nuorisovaltuusto", "vaikuttamistoimielin"),
    ("jane", "neuvottelukunta"),
)


@dataclass
class SynthSize:
    """How big one county is; the defaults make 22 counties about 2.7 million triples.

    Observations dominate (about 12,000 triples per county and year of observations, against
    about 4,600 for everything else), so `years` is the knob for scale: with 22 counties,
    3 years give about 0.9M triples and 19 years about 5.1M.
    """

    municipalities: int = 14
    indicators: int = 100
    years: int = 10
    measures: int = 150
    ngos: int = 60
    units: int = 12
    posts: int = 20
    networks: int = 5


@dataclass
class PlantedGaps:
    measures_without_owner: int = 0
    measures_without_indicator: int = 0
    objectives_without_measures: int = 0
    per_county: dict[str, dict[str, int]] = field(default_factory=dict)


def _write(folder: Path, table: str, rows: list[dict[str, str]]) -> None:
    columns = [c.name for c in TABLES[table].columns]
    with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def _county(
    folder: Path, index: int, size: SynthSize, rng: random.Random, gaps: PlantedGaps
) -> None:
    area = f"maakunta-{index:02d}"
    source = folder / area / "taulut"
    source.mkdir(parents=True, exist_ok=True)
    (folder / area / "aineisto.toml").write_text(
        f'[aineisto]\nalue = "{area}"\nnimi = "Synteettinen maakunta {index}"\n'
        f'nimi_en = "Synthetic county {index}"\nversio = "synth-{index}"\n'
        f'lahteet = ["taulut"]\n',
        encoding="utf-8",
    )
    sections = [f"s{n}" for n in range(1, 21)]

    def src() -> str:
        return rng.choice(sections)

    _write(
        source,
        "asiakirjat",
        [{"avain": "strategia", "nimi": f"Strategia {index}", "nimi_en": f"Strategy {index}"}],
    )
    _write(
        source,
        "osiot",
        [{"avain": s, "asiakirja": "strategia", "otsikko": f"Luku {s}"} for s in sections],
    )
    _write(
        source,
        "suunnitelmat",
        [
            {
                "avain": "strategia",
                "laji": "strategia",
                "nimi": "Strategia",
                "nimi_en": "Strategy",
                "kausi": "2026-2029",
                "lahde": src(),
            },
            {
                "avain": "hyte",
                "laji": "suunnitelma",
                "nimi": "Hyvinvointisuunnitelma",
                "nimi_en": "Wellbeing plan",
                "kausi": "2026-2029",
                "hyvaksyja": "aluevaltuusto",
                "lahde": src(),
            },
        ],
    )
    _write(
        source,
        "kaaviot",
        [
            {
                "avain": "teemat",
                "nimi": "Teemat",
                "nimi_en": "Themes",
                "luokka": "teema",
                "lahde": src(),
            },
            {
                "avain": "kohderyhmat",
                "nimi": "Kohderyhmät",
                "nimi_en": "Population groups",
                "luokka": "kohderyhma",
                "lahde": src(),
            },
        ],
    )
    _write(
        source,
        "kasitteet",
        [
            *(
                {
                    "avain": t,
                    "kaavio": "teemat",
                    "nimi": t.capitalize(),
                    "nimi_en": t,
                    "lahde": src(),
                }
                for t in THEMES
            ),
            *(
                {
                    "avain": g,
                    "kaavio": "kohderyhmat",
                    "nimi": g.capitalize(),
                    "nimi_en": g,
                    "lahde": src(),
                }
                for g in GROUPS
            ),
        ],
    )
    objectives = [
        {
            "avain": "visio",
            "laji": "visio",
            "suunnitelma": "strategia",
            "nimi": "Visio",
            "nimi_en": "Vision",
            "lahde": src(),
        }
    ]
    strategy_objectives = []
    for p in PRIORITIES:
        objectives.append(
            {
                "avain": p,
                "laji": "painopiste",
                "suunnitelma": "strategia",
                "nimi": p,
                "nimi_en": p,
                "lahde": src(),
            }
        )
        for n in range(1, 4):
            key = f"{p}-{n}"
            strategy_objectives.append(key)
            objectives.append(
                {
                    "avain": key,
                    "laji": "tavoite",
                    "suunnitelma": "strategia",
                    "nimi": f"Tavoite {key}",
                    "nimi_en": f"Objective {key}",
                    "ylempi": p,
                    "lahde": src(),
                }
            )
    plan_objectives = [f"hyte-{n}" for n in range(1, 7)]
    objectives.append(
        {
            "avain": "hyte",
            "laji": "paatavoite",
            "suunnitelma": "hyte",
            "nimi": "Päätavoite",
            "nimi_en": "Main objective",
            "edistaa": "asukasta-varten",
            "lahde": src(),
        }
    )
    for n, key in enumerate(plan_objectives):
        objectives.append(
            {
                "avain": key,
                "laji": "tavoite",
                "suunnitelma": "hyte",
                "nimi": f"Suunnitelman tavoite {n}",
                "nimi_en": f"Plan objective {n}",
                "ylempi": "hyte",
                "edistaa": strategy_objectives[n],
                "lahde": src(),
            }
        )
    _write(source, "tavoitteet", objectives)

    actors = [
        {
            "avain": "hva",
            "laji": "hyvinvointialue",
            "nimi": f"Hyvinvointialue {index}",
            "nimi_en": f"County {index}",
            "tunnus": f"{index:02d}",
            "lahde": src(),
        }
    ]
    municipalities = []
    for m in range(size.municipalities):
        key = f"kunta-{m + 1}"
        municipalities.append(key)
        actors.append(
            {
                "avain": key,
                "laji": "kunta",
                "nimi": f"Kunta {index}-{m + 1}",
                "nimi_en": f"Municipality {index}-{m + 1}",
                "tunnus": f"{(index - 1) * size.municipalities + m + 1:03d}",
                "lahde": src(),
            }
        )
    for key, kind in BODY_KINDS:
        actors.append(
            {
                "avain": key,
                "laji": kind,
                "nimi": key,
                "nimi_en": key,
                "ylaorganisaatio": "hva",
                "lahde": src(),
            }
        )
    units = [f"yksikko-{n}" for n in range(1, size.units + 1)]
    posts = [f"virka-{n}" for n in range(1, size.posts + 1)]
    ngos = [f"jarjesto-{n}" for n in range(1, size.ngos + 1)]
    networks = [f"verkosto-{n}" for n in range(1, size.networks + 1)]
    actors += [
        {
            "avain": u,
            "laji": "yksikko",
            "nimi": u,
            "nimi_en": u,
            "ylaorganisaatio": "hva",
            "lahde": src(),
        }
        for u in units
    ]
    actors += [
        {
            "avain": p,
            "laji": "virka",
            "nimi": p,
            "nimi_en": p,
            "ylaorganisaatio": rng.choice(units),
            "lahde": src(),
        }
        for p in posts
    ]
    actors += [
        {"avain": n, "laji": "jarjesto", "nimi": f"{n} ry", "nimi_en": n, "lahde": src()}
        for n in ngos
    ]
    actors += [
        {"avain": n, "laji": "verkosto", "nimi": n, "nimi_en": n, "lahde": src()} for n in networks
    ]
    _write(source, "toimijat", actors)
    members = [
        {
            "avain": f"jane-{n}",
            "organisaatio": "jane",
            "jasen": ngo,
            "rooli": "jasen",
            "kausi": "2025-2029",
            "lahde": src(),
        }
        for n, ngo in enumerate(ngos[:14])
    ]
    members += [
        {
            "avain": f"{net}-{ngo}",
            "organisaatio": net,
            "jasen": ngo,
            "rooli": "jasen",
            "lahde": src(),
        }
        for net in networks
        for ngo in rng.sample(ngos, 8)
    ]
    _write(source, "jasenyydet", members)

    indicators = [f"mittari-{n}" for n in range(1, size.indicators + 1)]
    _write(
        source,
        "mittarit",
        [
            {
                "avain": key,
                "nimi": f"Mittari {key}",
                "nimi_en": f"Indicator {key}",
                "yksikko": "%",
                "suunta": rng.choice(("kasvu", "lasku")),
                "tietolahde": "Sotkanet",
                "palvelee": rng.choice(strategy_objectives),
                "lahde": src(),
            }
            for key in indicators
        ],
    )
    served: set[str] = set()
    measures = []
    county_gaps = {"measures_without_owner": 0, "measures_without_indicator": 0}
    for n in range(1, size.measures + 1):
        objective = rng.choice(plan_objectives[:-1])  # the last plan objective gets none
        served.add(objective)
        owner = "" if n % 10 == 0 else rng.choice(posts + units)
        metric = "" if n % 7 == 0 else rng.choice(indicators)
        county_gaps["measures_without_owner"] += not owner
        county_gaps["measures_without_indicator"] += not metric
        measures.append(
            {
                "avain": f"toimenpide-{n}",
                "suunnitelma": "hyte",
                "nimi": f"Toimenpide {n}",
                "nimi_en": f"Measure {n}",
                "tavoitteet": objective,
                "teemat": rng.choice(THEMES),
                "kohderyhmat": rng.choice(GROUPS),
                "omistajat": owner,
                "osallistujat": ";".join(rng.sample(ngos, 2)),
                "mittarit": metric,
                "lahde": src(),
            }
        )
    _write(source, "toimenpiteet", measures)
    observations = []
    for key in indicators:
        for place in ["hva", *municipalities]:
            value = rng.uniform(10, 90)
            for year in range(2016, 2016 + size.years):
                value += rng.uniform(-2, 2)
                observations.append(
                    {
                        "avain": f"{key}-{place}-{year}",
                        "mittari": key,
                        "alue": place,
                        "kausi": str(year),
                        "arvo": f"{value:.1f}",
                        "rooli": "havainto",
                        "lahde": src(),
                    }
                )
    _write(source, "havainnot", observations)
    # an objective is served when a measure serves it or anything below or contributing to it
    parents: dict[str, list[str]] = {"hyte": ["asukasta-varten"]}
    for n, key in enumerate(plan_objectives):
        parents[key] = ["hyte", strategy_objectives[n]]
    for key in strategy_objectives:
        parents[key] = [key.rsplit("-", 1)[0]]
    reached, frontier = set(served), list(served)
    while frontier:
        for parent in parents.get(frontier.pop(), []):
            if parent not in reached:
                reached.add(parent)
                frontier.append(parent)
    everything = {*PRIORITIES, *strategy_objectives, "hyte", *plan_objectives}
    unserved = len(everything - reached)
    county_gaps["objectives_without_measures"] = unserved
    gaps.measures_without_owner += county_gaps["measures_without_owner"]
    gaps.measures_without_indicator += county_gaps["measures_without_indicator"]
    gaps.objectives_without_measures += unserved
    gaps.per_county[area] = county_gaps


def write_synthetic(
    out: Path, counties: int, seed: int = 1, size: SynthSize | None = None
) -> PlantedGaps:
    """Write `counties` county folders under `out`; returns (and records) the planted gaps."""
    chosen = size or SynthSize()
    gaps = PlantedGaps()
    out.mkdir(parents=True, exist_ok=True)
    for index in range(1, counties + 1):
        _county(out, index, chosen, random.Random(f"{seed}-{index}"), gaps)
    (out / "synth.json").write_text(
        json.dumps(
            {
                "counties": counties,
                "seed": seed,
                "size": asdict(chosen),
                "planted_gaps": asdict(gaps),
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return gaps
