"""Validation at national scale: the fast path, pySHACL, Jena SHACL and hand-written SPARQL on
the synthetic national dataset.

    .venv/bin/python bench/validation_national.py                     # 0.36M, 1M, 5M triples
    .venv/bin/python bench/validation_national.py --sizes 1m --runs 3

The data is what a national deployment holds: `lanka synth` (22 counties; the years of
observations set the size) loaded with `lanka load`, its data graphs exported once as one
N-Triples file. The shapes are the benchmark's 21 SHACL Core constraints (`bench/shapes.ttl`),
for which `bench/validation.py` has the same checks written by hand in SPARQL; this script
runs that script's engines, each in a fresh process, so every figure includes process start,
imports and parsing, as a user meets them:

- fast path: the shapes compiled to SPARQL on pyoxigraph (`service.validation.fast`);
- `lanka validate` on the store: the fast path where a deployment runs it, on the loaded
  store (no file to parse), report with names, not kept (`--no-keep`);
- hand-written SPARQL: the same 21 checks as queries on pyoxigraph;
- Jena SHACL: Debian's `libapache-jena-java` (`shacl.shacl validate`), installed with apt-get
  when missing;
- pySHACL: the reference, only up to `--pyshacl-max` triples (1.5M by default, so that a run
  stays near a quarter of an hour; measured here: 28 s at 0.36M triples, 66 s at 0.9M).

Also the Kainuu default dataset with the project's own shapes: `lanka validate` on a store
holding it, start-up included (target: under 1 s). Every engine must report the same number of
results, or the table says so. Results go to bench/results/validation.md and
validation-<date>.json. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# bench/validation.py: its engines, Jena's class path and the hand-written checks
import validation as single  # noqa: E402
from endpoint import COUNTIES, SIZES, machine, remove_store  # noqa: E402

from loaders.synth import SynthSize, write_synthetic  # noqa: E402
from ontology.namespaces import DEFAULT_BASE_IRI  # noqa: E402
from service.catalog import data_graphs  # noqa: E402
from service.store import EmbeddedStore  # noqa: E402

BIN = Path(sys.executable).parent
LANKA = str(BIN / "lanka")
RESULTS = ROOT / "bench" / "results"
ENGINES = ("fast", "store", "sparql", "jena", "pyshacl")
NAMES = {
    "fast": "fast path, N-Triples file (`service.validation.fast`)",
    "store": "`lanka validate` on the loaded store (fast path)",
    "sparql": "hand-written SPARQL (pyoxigraph)",
    "jena": "Jena SHACL (libapache-jena-java)",
    "pyshacl": "pySHACL",
}


@dataclass
class Row:
    engine: str
    total: list[float] = field(default_factory=list)
    validating: list[float] = field(default_factory=list)
    results: set[int] = field(default_factory=set)
    failed: str = ""


@dataclass
class SizeRows:
    label: str
    triples: int
    rows: list[Row]


def prepare(label: str, workdir: Path, seed: int) -> tuple[Path, Path, int]:
    """The loaded store and the N-Triples export of its data graphs (reused when there)."""
    work = workdir / label
    data = work / "synth"
    if not (data / "synth.json").exists():
        print(f"[{label}] writing the synthetic dataset", file=sys.stderr)
        write_synthetic(data, COUNTIES, seed, SynthSize(years=SIZES[label]))
    store_path, ntriples = work / "store", work / "data.nt"  # the store bench/endpoint.py left
    if not ntriples.exists() or not store_path.exists():
        remove_store(store_path)
        print(f"[{label}] lanka load", file=sys.stderr)
        counties = sorted(str(p) for p in data.glob("maakunta-*"))
        subprocess.run([LANKA, "--store", str(store_path), "load", *counties], check=True)
        store = EmbeddedStore(store_path)
        try:
            with ntriples.open("wb") as out:
                for graph in data_graphs(store, DEFAULT_BASE_IRI):
                    out.write(store.export("nt", graph))
        finally:
            store.close()
            del store
    triples = sum(1 for _ in ntriples.open("rb"))
    return store_path, ntriples, triples


def jena() -> str | None:
    """Jena's class path; installs Debian's package first when it is missing."""
    cache = Path("/tmp/lanka-bench-jena")
    cache.mkdir(parents=True, exist_ok=True)
    found = single.jena_classpath(cache)
    if found is None and shutil.which("apt-get"):
        print("installing libapache-jena-java", file=sys.stderr)
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "libapache-jena-java"],
            check=False,
            capture_output=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        found = single.jena_classpath(cache)
    return found


def measure(engine: str, store: Path, data: Path, runs: int, classpath: str | None) -> Row:
    row = Row(engine)
    for _ in range(runs):
        try:
            if engine == "jena":
                assert classpath is not None
                seconds, out = single.timed(single.jena_command(classpath, data, single.SHAPES))
                row.results.add(out.count("sh:focusNode"))
            elif engine == "store":
                command = [LANKA, "--store", str(store), "validate", "--shapes"]
                command += [str(single.SHAPES), "--format", "json", "--no-keep"]
                seconds, out = single.timed(command)
                row.results.add(len(json.loads(out)["results"]))
            else:
                command = [sys.executable, single.__file__, "run", engine, str(data)]
                seconds, out = single.timed([*command, str(single.SHAPES)])
                found, validating = json.loads(out)
                row.validating.append(validating)
                row.results.add(found)
        except RuntimeError as exc:  # an engine that fails (Jena out of memory, say)
            row.failed = str(exc).splitlines()[-1][:200] if str(exc) else "failed"
            return row
        row.total.append(seconds)
        print(f"    {engine}: {seconds:.2f} s", file=sys.stderr)
    return row


def kainuu(workdir: Path, runs: int) -> list[float]:
    """`lanka validate` on a store holding the default dataset, start-up included."""
    store = workdir / "kainuu-store"
    remove_store(store)
    subprocess.run([LANKA, "--store", str(store), "load"], check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [LANKA, "--store", str(store), "validate", "--no-keep"],
            capture_output=True,
            check=False,
        )
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 3):
            raise RuntimeError(done.stderr.decode(errors="replace")[-2000:])
    return times


def markdown(
    sizes: list[SizeRows], kainuu_times: list[float], host: dict[str, str], args: argparse.Namespace
) -> str:
    lines = [
        "# Validation benchmark: the synthetic national dataset",
        "",
        f"Measured {host['date']} on {host['nproc']} cores ({host['cpu']}), "
        f"{host['memory_gb']} GB memory; Python {host['python']}, pyoxigraph "
        f"{host['pyoxigraph']}; load average at start {host['load_average_at_start']} (the "
        "machine was shared). One run of `bench/validation_national.py`: the 21 SHACL Core "
        f"constraints of `bench/shapes.ttl` on {COUNTIES} synthetic counties "
        "(`lanka synth`, loaded with `lanka load`, data graphs exported as N-Triples); each "
        "engine in a fresh process, so the total includes start-up and parsing; medians of "
        f"{args.runs} runs ({args.big_runs} above 2M triples, 1 for pySHACL). *Validating* is "
        "the time inside the process after the data is read. pySHACL only up to "
        f"{args.pyshacl_max:,} triples.",
        "",
        "| triples | engine | total (median) | validating | results | ÷ hand-written SPARQL "
        "| vs pySHACL |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        base = {r.engine: statistics.median(r.total) for r in size.rows if r.total}
        for r in size.rows:
            if r.failed or not r.total:
                lines.append(
                    f"| {size.triples:,} | {NAMES[r.engine]} | {r.failed or 'not run'} | | | | |"
                )
                continue
            total = statistics.median(r.total)
            validating = f"{statistics.median(r.validating):.2f} s" if r.validating else "–"
            found = ", ".join(f"{n:,}" for n in sorted(r.results))
            vs_sparql = f"{total / base['sparql']:.2f}" if "sparql" in base else "–"
            vs_pyshacl = f"{base['pyshacl'] / total:.1f}× faster" if "pyshacl" in base else "–"
            lines.append(
                f"| {size.triples:,} | {NAMES[r.engine]} | {total:.2f} s | {validating} "
                f"| {found} | {vs_sparql} | {vs_pyshacl} |"
            )
    agree = [
        size.label
        for size in sizes
        if len({n for r in size.rows if not r.failed for n in r.results}) > 1
    ]
    lines += [
        "",
        "All engines report the same number of results at every size."
        if not agree
        else f"**The engines disagree on the number of results at {', '.join(agree)}.**",
        "",
        f"Kainuu default dataset, project shapes, `lanka validate` on the store (start-up "
        f"included): median {statistics.median(kainuu_times):.2f} s of {len(kainuu_times)} "
        f"runs ({', '.join(f'{t:.2f}' for t in kainuu_times)} s); target under 1 s.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", choices=sorted(SIZES), default=["tiny", "1m", "5m"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--big-runs", type=int, default=1, help="runs above 2M triples")
    parser.add_argument("--pyshacl-max", type=int, default=1_500_000)
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/lanka-bench-endpoint"))
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    host = machine()
    classpath = jena() if "jena" in args.engines else None
    sizes = []
    for label in args.sizes:
        store, data, triples = prepare(label, args.workdir, args.seed)
        print(f"[{label}] {triples:,} triples", file=sys.stderr)
        runs = args.runs if triples <= 2_000_000 else args.big_runs
        rows = []
        for engine in args.engines:
            if engine == "pyshacl" and triples > args.pyshacl_max:
                continue
            if engine == "jena" and classpath is None:
                rows.append(Row(engine, failed="Jena not installed"))
                continue
            rows.append(measure(engine, store, data, 1 if engine == "pyshacl" else runs, classpath))
        sizes.append(SizeRows(label, triples, rows))
    print("[kainuu] lanka validate", file=sys.stderr)
    kainuu_times = kainuu(args.workdir, args.runs)
    report = markdown(sizes, kainuu_times, host, args)
    print(report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "validation.md").write_text(report, encoding="utf-8")
    (args.out / f"validation-{host['date']}.json").write_text(
        json.dumps(
            {
                "machine": host,
                "sizes": [
                    {
                        "label": s.label,
                        "triples": s.triples,
                        "rows": [{**asdict(r), "results": sorted(r.results)} for r in s.rows],
                    }
                    for s in sizes
                ],
                "kainuu_validate_seconds": kainuu_times,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
