"""Validation benchmark: pySHACL, the fast path, Jena's SHACL and hand-written SPARQL, side by
side on the same synthetic graph of this domain and the same 21 SHACL Core constraints.

    .venv/bin/python bench/validation.py                    # 10k and 100k triples, 3 runs each
    .venv/bin/python bench/validation.py --sizes 10000 100000 1000000 --runs 3

The graph is generated here (deterministic for a seed): documents and sections, a strategy
with objectives, actors, indicators with observations, measures, periods, with planted gaps
(measures without owner or metric, indicators without unit or baseline, observations with a
text value, reversed periods, ...). It is written as N-Triples once per size.

Each engine runs in a fresh process, so every figure includes process start, imports and
parsing, as a user meets them; the process ends as soon as it has printed its answer (no engine
frees its data piece by piece at exit). The "validating" column is the time inside the process
after the data is read (not available for Jena). Medians over the runs. Every engine must report
the same number of results, or the table says so.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ontology import iris  # noqa: E402
from ontology.namespaces import (  # noqa: E402
    DCAT,
    DCT,
    LANKA,
    PREFIXES,
    PROV,
    QB,
    SDMX_DIMENSION,
    SDMX_MEASURE,
    SKOS,
    sparql_prologue,
)

SHAPES = ROOT / "bench" / "shapes.ttl"
RDF_TYPE = f"<{PREFIXES['rdf']}type>"
RDFS_LABEL = f"<{PREFIXES['rdfs']}label>"
XSD = PREFIXES["xsd"]
JAVA_SHARE = Path("/usr/share/java")

# --- the synthetic graph -------------------------------------------------------------------


def _iri(term: object) -> str:
    return f"<{term}>"


def _text(value: str, lang: str | None = None) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def _typed(value: str, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


class Writer:
    """Triples as N-Triples lines, counted."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} .\n")

    def __len__(self) -> int:
        return len(self.lines)


def _period(w: Writer, year: int, reversed_dates: bool = False) -> str:
    node = _iri(iris.mint("period", str(year)))
    start, end = f"{year}-01-01", f"{year}-12-31"
    if reversed_dates:
        start, end = end, start
    w.add(node, RDF_TYPE, _iri(DCT.PeriodOfTime))
    w.add(node, _iri(DCAT.startDate), _typed(start, "date"))
    w.add(node, _iri(DCAT.endDate), _typed(end, "date"))
    return node


def _block(w: Writer, rng: random.Random, n: int) -> None:
    """One plan of one area: ~550 triples, with gaps planted at fixed rates."""
    area = f"alue{n}"

    def mint(kind: str, key: str) -> str:
        return _iri(iris.mint(kind, key, area=area))

    doc = mint("document", "strategia")
    w.add(doc, RDF_TYPE, _iri(LANKA.SourceDocument))
    w.add(doc, RDFS_LABEL, _text(f"Strategia {n}", "fi"))
    sections = [mint("section", f"s{k}") for k in range(5)]
    for k, section in enumerate(sections):
        w.add(section, RDF_TYPE, _iri(LANKA.DocumentSection))
        w.add(section, _iri(DCT.isPartOf), doc)
        w.add(section, RDFS_LABEL, _text(f"Luku {k}", "fi"))
    year = 2020 + n % 10
    period = _period(w, 3000 + n, reversed_dates=rng.random() < 0.02)
    plan = mint("plan", "strategia")
    w.add(plan, RDF_TYPE, _iri(LANKA.Strategy))
    w.add(plan, RDF_TYPE, _iri(PROV.Plan))
    w.add(plan, _iri(DCT.temporal), period)
    w.add(plan, RDFS_LABEL, _text(f"Strategia {n}", "fi"))
    objectives = [mint("objective", f"t{k}") for k in range(4)]
    for k, objective in enumerate(objectives):
        w.add(objective, RDF_TYPE, _iri(LANKA.Objective))
        w.add(objective, _iri(SKOS.inScheme), plan)
        w.add(objective, RDFS_LABEL, _text(f"Tavoite {k}", "fi"))
        w.add(objective, RDFS_LABEL, _text(f"Objective {k}", "en"))
        w.add(objective, _iri(PROV.wasDerivedFrom), rng.choice(sections))
        if k > 0 and rng.random() < 0.5:
            w.add(objective, _iri(SKOS.broader), objectives[0])
    actors = [mint("actor", f"a{k}") for k in range(6)]
    for k, actor in enumerate(actors):
        kind = (LANKA.Committee, LANKA.Post, LANKA.NGO)[k % 3]
        w.add(actor, RDF_TYPE, _iri(kind))
        w.add(actor, RDF_TYPE, _iri(PROV.Agent))
        w.add(actor, RDFS_LABEL, _text(f"Toimija {k}", "fi"))
        w.add(actor, _iri(PROV.wasDerivedFrom), rng.choice(sections))
    indicators = [mint("indicator", f"i{k}") for k in range(5)]
    directions = [LANKA.HigherIsBetter, LANKA.LowerIsBetter, LANKA.TargetLevel]
    for k, indicator in enumerate(indicators):
        w.add(indicator, RDF_TYPE, _iri(LANKA.Indicator))
        w.add(indicator, RDFS_LABEL, _text(f"Mittari {k}", "fi"))
        w.add(indicator, RDFS_LABEL, _text(f"Indicator {k}", "en"))
        if rng.random() > 0.15:
            w.add(indicator, _iri(LANKA.unit), _text("%", "fi"))
        direction = LANKA.Baseline if rng.random() < 0.03 else rng.choice(directions)
        w.add(indicator, _iri(LANKA.direction), _iri(direction))
        roles = [LANKA.Target, LANKA.Observed]
        if rng.random() > 0.2:
            roles.append(LANKA.Baseline)
        for role in roles:
            obs = mint("observation", f"o{k}-{str(role).rsplit('#', 1)[1].lower()}")
            w.add(obs, RDF_TYPE, _iri(QB.Observation))
            w.add(obs, _iri(QB.measureType), indicator)
            w.add(obs, _iri(LANKA.observationRole), _iri(role))
            if rng.random() > 0.02:
                w.add(obs, _iri(SDMX_DIMENSION.refArea), actors[0])
            w.add(obs, _iri(SDMX_DIMENSION.refPeriod), _iri(iris.mint("period", str(year))))
            value = f"{rng.randint(0, 1000)}.{rng.randint(0, 9)}"
            if rng.random() < 0.02:
                w.add(obs, _iri(SDMX_MEASURE.obsValue), _text(value.replace(".", ",")))
            else:
                w.add(obs, _iri(SDMX_MEASURE.obsValue), _typed(value, "decimal"))
            w.add(obs, _iri(PROV.wasDerivedFrom), rng.choice(sections))
    for k in range(20):
        measure = mint("measure", f"m{k}")
        w.add(measure, RDF_TYPE, _iri(LANKA.Measure))
        w.add(measure, RDFS_LABEL, _text(f"Toimenpide {k}", "fi"))
        if rng.random() > 0.1:
            w.add(measure, RDFS_LABEL, _text(f"Measure {k}", "en"))
        w.add(measure, _iri(DCT.isPartOf), plan)
        w.add(measure, _iri(PROV.wasDerivedFrom), rng.choice(sections))
        if rng.random() > 0.05:
            w.add(measure, _iri(LANKA.owner), rng.choice(actors))
        if rng.random() > 0.1:
            w.add(measure, _iri(LANKA.indicator), rng.choice(indicators))
        if rng.random() > 0.1:
            w.add(measure, _iri(LANKA.servesObjective), rng.choice(objectives[1:]))
        w.add(measure, _iri(LANKA.theme), mint("concept", f"teema{k % 4}"))


def generate(triples: int, seed: int) -> list[str]:
    w = Writer()
    rng = random.Random(seed)
    for year in range(2020, 2030):
        _period(w, year)
    n = 0
    while len(w) < triples:
        _block(w, rng, n)
        n += 1
    return w.lines


def data_file(folder: Path, triples: int, seed: int) -> Path:
    path = folder / f"synthetic-{triples}-{seed}.nt"
    if not path.exists():
        path.write_text("".join(generate(triples, seed)), encoding="utf-8")
    return path


# --- the hand-written SPARQL checks ---------------------------------------------------------

PATTERN = iris.TEMPLATES["measure"].pattern()
HANDWRITTEN = [  # as a SPARQL author who knows Oxigraph writes them: MINUS, not NOT EXISTS
    "SELECT ?x WHERE { ?x a lanka:Measure MINUS { ?x lanka:owner ?o } }",
    "SELECT ?x ?o WHERE { ?x a lanka:Measure ; lanka:owner ?o MINUS { ?o a prov:Agent } }",
    "SELECT ?x WHERE { ?x a lanka:Measure MINUS { ?x lanka:indicator ?i } }",
    "SELECT ?x ?i WHERE { ?x a lanka:Measure ; lanka:indicator ?i MINUS { ?i a lanka:Indicator } }",
    "SELECT ?x WHERE { ?x a lanka:Measure MINUS { ?x lanka:servesObjective ?o } }",
    "SELECT ?x WHERE { ?x a lanka:Measure MINUS { ?x dct:isPartOf ?p } }",
    "SELECT ?x WHERE { ?x a lanka:Measure "
    'MINUS { ?x rdfs:label ?l FILTER(langMatches(lang(?l), "fi")) } }',
    "SELECT ?x WHERE { ?x a lanka:Measure "
    'MINUS { ?x rdfs:label ?l FILTER(langMatches(lang(?l), "en")) } }',
    "SELECT ?x WHERE { ?x a lanka:Measure MINUS { ?x prov:wasDerivedFrom ?s } }",
    f"SELECT ?x WHERE {{ ?x a lanka:Measure FILTER(!REGEX(STR(?x), {json.dumps(PATTERN)})) }}",
    "SELECT ?x WHERE { ?x a lanka:Indicator MINUS { ?x lanka:unit ?u } }",
    "SELECT ?x ?d WHERE { ?x a lanka:Indicator ; lanka:direction ?d "
    "FILTER(?d NOT IN (lanka:HigherIsBetter, lanka:LowerIsBetter, lanka:TargetLevel)) }",
    "SELECT ?x WHERE { ?x a lanka:Indicator "
    "MINUS { ?o qb:measureType ?x ; lanka:observationRole lanka:Baseline } }",
    "SELECT ?x ?v WHERE { ?x a qb:Observation ; sdmx-measure:obsValue ?v "
    "FILTER(datatype(?v) != xsd:decimal) }",
    "SELECT ?x WHERE { ?x a qb:Observation MINUS { ?x sdmx-measure:obsValue ?v } }",
    "SELECT ?x WHERE { ?x a qb:Observation ; sdmx-measure:obsValue ?v } "
    "GROUP BY ?x HAVING (COUNT(?v) > 1)",
    "SELECT ?x WHERE { ?x a qb:Observation MINUS { ?x sdmx-dimension:refArea ?a } }",
    "SELECT ?x ?p WHERE { ?x a qb:Observation ; sdmx-dimension:refPeriod ?p "
    "MINUS { ?p a dct:PeriodOfTime } }",
    "SELECT ?x ?d WHERE { ?x a dct:PeriodOfTime ; dcat:startDate ?d "
    "FILTER(datatype(?d) != xsd:date) }",
    "SELECT ?x WHERE { ?x a dct:PeriodOfTime ; dcat:startDate ?s ; dcat:endDate ?e "
    "FILTER(!(?s <= ?e)) }",
    "SELECT ?x WHERE { ?x a lanka:Objective MINUS { ?m lanka:servesObjective ?x } "
    "MINUS { ?n skos:broader ?x } MINUS { ?n lanka:contributesTo ?x } }",
]


# --- one engine, in a fresh process (`validation.py run ENGINE DATA SHAPES`) ----------------


# Each engine's data, kept until its process ends (`main`): the operating system takes it back
# at once, where freeing millions of triples piece by piece takes seconds (2.4 s for
# Oxigraph's 5.1M), which are no part of validating, for any engine.
KEPT: list[object] = []


def run_pyshacl(data: Path, shapes: Path) -> tuple[int, float]:
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import SH

    graph = Graph().parse(data, format="nt")
    shapes_graph = Graph().parse(shapes, format="turtle")
    start = time.perf_counter()
    _conforms, report, _text = pyshacl.validate(
        graph, shacl_graph=shapes_graph, inference="none", inplace=True
    )
    seconds = time.perf_counter() - start
    KEPT.extend((graph, report))
    return len(set(report.subjects(SH.focusNode, None))), seconds


def run_fast(data: Path, shapes: Path) -> tuple[int, float]:
    """The fast path on a file, as `lanka validate --data` runs it for a report without
    names (Turtle, JSON-LD): reading only the triples its checks read."""
    from rdflib import Graph

    from service.validation.fast import checks_read, validate_fast
    from service.validation.source import MemorySource

    shapes_graph = Graph().parse(shapes, format="turtle")
    source = MemorySource()
    source.add_file(data, checks_read(shapes_graph))
    start = time.perf_counter()
    report = validate_fast(source.view(), shapes_graph)
    seconds = time.perf_counter() - start
    KEPT.append(source)
    return len(report.results), seconds


def run_sparql(data: Path, _shapes: Path) -> tuple[int, float]:
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
    prologue = sparql_prologue()
    start = time.perf_counter()
    found = sum(len(list(store.query(prologue + query))) for query in HANDWRITTEN)
    seconds = time.perf_counter() - start
    KEPT.append(store)
    return found, seconds


RUNNERS: dict[str, Callable[[Path, Path], tuple[int, float]]] = {
    "pyshacl": run_pyshacl,
    "fast": run_fast,
    "sparql": run_sparql,
}


# --- Jena -----------------------------------------------------------------------------------


def jena_classpath(cache: Path) -> str | None:
    """Debian's libapache-jena-java, runnable: one SLF4J binding, and the Xerces message
    files the package leaves under their unrelocated names (without them Jena fails at
    start with 'internal error' in XSSimpleTypeDecl)."""
    core = JAVA_SHARE / "jena-core.jar"
    if shutil.which("java") is None or not core.exists():
        return None
    fixed = cache / "jena-xerces-messages"
    if not fixed.exists():
        with zipfile.ZipFile(core) as jar:
            for name in jar.namelist():
                prefix = "org/apache/jena/ext/xerces/"
                if name.startswith(prefix) and name.endswith(".properties"):
                    target = fixed / "xerces" / name[len(prefix) :]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(jar.read(name))
    conflicting = re.compile(
        r"log4j-over-slf4j|slf4j-(log4j12|jdk14|jcl|simple|migrator)|maven3-slf4j-provider"
    )
    versioned = re.compile(r"-[0-9][0-9.]*(-[a-z0-9.]+)?\.jar$")
    jars = [
        str(p)
        for p in sorted(JAVA_SHARE.glob("*.jar"))
        if not versioned.search(p.name) and not conflicting.search(p.name)
    ]
    return os.pathsep.join([*jars, str(fixed)])


def jena_command(classpath: str, data: Path, shapes: Path) -> list[str]:
    return ["java", "-cp", classpath, "shacl.shacl", "validate", "--shapes", str(shapes),
            "--data", str(data)]  # fmt: skip


# --- the table ------------------------------------------------------------------------------


@dataclass
class Row:
    engine: str
    size: int
    total: list[float]
    validating: list[float]
    results: set[int]


def timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 3):
        raise RuntimeError(f"{command[0]} failed: {done.stderr[-2000:]}")
    return seconds, done.stdout


def measure(engine: str, data: Path, size: int, runs: int, jena: str | None) -> Row:
    row = Row(engine, size, [], [], set())
    for _ in range(runs):
        if engine == "jena":
            assert jena is not None
            seconds, out = timed(jena_command(jena, data, SHAPES))
            row.total.append(seconds)
            row.results.add(out.count("sh:focusNode"))
        elif engine == "cli":
            lanka = str(Path(sys.executable).parent / "lanka")
            command = [lanka, "validate", "--data", str(data), "--shapes", str(SHAPES)]
            seconds, out = timed([*command, "--format", "json"])
            row.total.append(seconds)
            row.results.add(len(json.loads(out)["results"]))
        else:
            command = [sys.executable, __file__, "run", engine, str(data), str(SHAPES)]
            seconds, out = timed(command)
            found, validating = json.loads(out)
            row.total.append(seconds)
            row.validating.append(validating)
            row.results.add(found)
    return row


def table(rows: list[Row]) -> Iterator[str]:
    yield (
        "| triples | engine | total (median) | validating (median) | results "
        "| vs SPARQL | vs pySHACL |"
    )
    yield "|---:|---|---:|---:|---:|---:|---:|"
    for size in sorted({r.size for r in rows}):
        group = [r for r in rows if r.size == size]
        base = {r.engine: statistics.median(r.total) for r in group}
        for r in group:
            total = statistics.median(r.total)
            validating = f"{statistics.median(r.validating):.2f} s" if r.validating else "–"
            found = ", ".join(str(n) for n in sorted(r.results))
            vs_sparql = f"{total / base['sparql']:.1f}×" if "sparql" in base else "–"
            vs_pyshacl = f"{base['pyshacl'] / total:.1f}× faster" if "pyshacl" in base else "–"
            yield (
                f"| {size:,} | {NAMES[r.engine]} | {total:.2f} s | {validating} | {found} "
                f"| {vs_sparql} | {vs_pyshacl} |"
            )


NAMES = {
    "pyshacl": "pySHACL",
    "fast": "fast path (SPARQL compiled from the shapes)",
    "cli": "`lanka validate --data` (fast path, JSON with names)",
    "sparql": "hand-written SPARQL (pyoxigraph)",
    "jena": "Jena SHACL (libapache-jena-java)",
}


def main(argv: list[str]) -> int:
    if argv[:1] == ["run"]:
        engine, data, shapes = argv[1], Path(argv[2]), Path(argv[3])
        print(json.dumps(RUNNERS[engine](data, shapes)), flush=True)
        sys.stderr.flush()
        os._exit(0)  # the process ends once its answer is out, its data (`KEPT`) not freed
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/lanka-bench"))
    parser.add_argument(
        "--engines", nargs="+", default=["pyshacl", "fast", "cli", "sparql", "jena"]
    )
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    jena = jena_classpath(args.workdir) if "jena" in args.engines else None
    engines = [e for e in args.engines if e != "jena" or jena is not None]
    if "jena" in args.engines and jena is None:
        print("Jena not found: apt-get install -y libapache-jena-java", file=sys.stderr)
    rows = []
    for size in args.sizes:
        data = data_file(args.workdir, size, args.seed)
        lines = sum(1 for _ in data.open(encoding="utf-8"))
        print(f"{data.name}: {lines:,} triples", file=sys.stderr)
        for engine in engines:
            rows.append(measure(engine, data, size, args.runs, jena))
            print(f"  {engine}: {statistics.median(rows[-1].total):.2f} s", file=sys.stderr)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{time.strftime('%Y-%m-%d')}, {platform.machine()} {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, load average at the end {load}; "
        f"{len(HANDWRITTEN)} constraints; medians of {args.runs} runs; seed {args.seed}"
    )
    for line in table(rows):
        print(line)
    mismatched = [size for size in args.sizes if len({n for r in rows if r.size == size
                                                       for n in r.results}) > 1]  # fmt: skip
    if mismatched:
        print(f"the engines disagree on the number of results at {mismatched}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
