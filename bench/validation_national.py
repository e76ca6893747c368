"""Validation at national scale: the fast path, pySHACL, Jena SHACL and hand-written SPARQL on
the synthetic national dataset.

    .venv/bin/python bench/validation_national.py                     # 0.36M, 1M, 5M triples
    .venv/bin/python bench/validation_national.py --sizes 1m --runs 3

The data is what a national deployment holds: `lanka synth` (22 counties; the years of
observations set the size) loaded with `lanka load`, its data graphs exported once as one
N-Triples file. The shapes are the benchmark's 21 SHACL Core constraints (`bench/shapes.ttl`),
for which `bench/validation.py` has the same checks written by hand in SPARQL; this script
runs that script's engines, each in a fresh process, so every figure includes process start,
imports and parsing, as a user meets them (each ends once its answer is printed, without
freeing its data piece by piece):

- fast path: the shapes compiled to SPARQL on pyoxigraph (`service.validation.fast`), the
  file read as `lanka validate --data` reads it for a report without names: only the triples
  its checks read (`service.validation.unread`), the checks run in a thread per core;
- `lanka validate` on the store: the fast path where a deployment runs it, on the loaded
  store, queried in place (no file to parse, nothing copied), report with names, not kept
  (`--no-keep`);
- hand-written SPARQL: the same 21 checks as queries on pyoxigraph;
- Jena SHACL: Debian's `libapache-jena-java` (`shacl.shacl validate`), installed with apt-get
  when missing;
- pySHACL: the reference, once per size, stopped when it runs past `--pyshacl-factor` (20)
  times the fast path's median total at that size (plus `--pyshacl-grace` seconds). A run
  stopped there is reported as what it measures: a lower bound ("stopped at N s without
  finishing: the fast path is at least N ÷ its time faster"), with the peak memory it had
  reached. The target is the fast path at least 20× faster than pySHACL, so a stopped run
  is enough to show it is met, and a finished run gives the ratio itself. A size is skipped,
  and the table says so, when the machine has less memory available than pySHACL would need
  (estimated from its peak per triple at the sizes before, or `--pyshacl-bytes-per-triple`).

Also the Kainuu default dataset with the project's own shapes: `lanka validate` on a store
holding it, start-up included (target: under 1 s): the first run after the load (it writes
the report into the store's validation graph) and the runs after it (the data unchanged, the
kept report is already the same and is not rewritten). Every engine must report the same
number of results, or the table says so. Results go to bench/results/validation.md and
validation-<date>.json. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
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
    total: list[float] = field(default_factory=list)  # finished runs only
    validating: list[float] = field(default_factory=list)
    results: set[int] = field(default_factory=set)
    failed: str = ""
    skipped: str = ""  # why the engine was not run at this size
    cap: float | None = None  # seconds after which the run is stopped (pySHACL)
    stopped: float | None = None  # a run stopped at `cap` after this many seconds, unfinished
    peak_mb: list[float] = field(default_factory=list)  # peak resident memory of each run


@dataclass
class Capped:
    """One process run under a time cap."""

    seconds: float
    stdout: str
    finished: bool
    peak_mb: float


def run_capped(command: list[str], cap: float) -> Capped:
    """Run `command`, stopping it (and anything it started) once it has run `cap` seconds;
    its peak resident memory from the kernel's accounting of that one child (`wait4`)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, start_new_session=True)
        finished = True
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > cap:
                os.killpg(process.pid, signal.SIGKILL)
                _pid, status, usage = os.wait4(process.pid, 0)
                finished = False
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # already reaped
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode(errors="replace")
    if finished and process.returncode not in (0, 3):
        raise RuntimeError(f"{command[0]} failed: {stderr[-2000:]}")
    return Capped(seconds, stdout, finished, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB


def available_bytes() -> int:
    """Memory the kernel says a new process can have without swapping (MemAvailable)."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    return 0


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


def measure_pyshacl(data: Path, cap: float) -> Row:
    """pySHACL once, stopped at `cap` seconds: a finished run, or a lower bound."""
    row = Row("pyshacl", cap=cap)
    command = [sys.executable, single.__file__, "run", "pyshacl", str(data), str(single.SHAPES)]
    try:
        run = run_capped(command, cap)
    except RuntimeError as exc:
        row.failed = str(exc).splitlines()[-1][:200] if str(exc) else "failed"
        return row
    row.peak_mb.append(run.peak_mb)
    if not run.finished:
        row.stopped = run.seconds
        print(f"    pyshacl: stopped at {run.seconds:.0f} s, unfinished", file=sys.stderr)
        return row
    found, validating = json.loads(run.stdout)
    row.total.append(run.seconds)
    row.validating.append(validating)
    row.results.add(found)
    print(f"    pyshacl: {run.seconds:.2f} s", file=sys.stderr)
    return row


def pyshacl_plan(
    triples: int, fast: Row | None, per_triple: float, args: argparse.Namespace
) -> Row | float:
    """The cap for pySHACL at this size, or the row saying why it is skipped."""
    available = available_bytes()
    needed = per_triple * triples
    if needed > available:
        return Row(
            "pyshacl",
            skipped=f"skipped: needs about {needed / 1e9:.1f} GB "
            f"({per_triple:,.0f} bytes per triple), {available / 1e9:.1f} GB available",
        )
    if fast is None or not fast.total:
        return args.pyshacl_timeout
    return args.pyshacl_factor * statistics.median(fast.total) + args.pyshacl_grace


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


@dataclass
class Kainuu:
    cold: float = 0.0  # the first run of all: the shapes compiled (empty cache folder)
    first: list[float] = field(default_factory=list)  # report written (changed since)
    again: list[float] = field(default_factory=list)  # data unchanged: report not rewritten


def kainuu(workdir: Path, runs: int) -> Kainuu:
    """`lanka validate` on a store holding the default dataset, start-up included: right
    after the report graph is removed (so the run writes it, as the first run after a load
    does), and again on the unchanged store. The compiled shapes are kept in a cache folder
    of the benchmark's own, empty at the start: the first run of all (`cold`) compiles them,
    as the first validation after installing does."""
    store = workdir / "kainuu-store"
    remove_store(store)
    cache = workdir / "kainuu-cache"
    shutil.rmtree(cache, ignore_errors=True)
    subprocess.run([LANKA, "--store", str(store), "load"], check=True, capture_output=True)
    command = [LANKA, "--store", str(store), "validate"]
    timings = Kainuu()
    before = os.environ.get("LANKA_CACHE_DIR")
    os.environ["LANKA_CACHE_DIR"] = str(cache)
    try:
        for run in range(runs + 1):
            opened = EmbeddedStore(store)
            try:
                graph = f"{DEFAULT_BASE_IRI}graph/validation"
                if opened.has_graph(graph):
                    opened.delete_graph(graph)
            finally:
                opened.close()
                del opened
            seconds = single.timed(command)[0]
            if run == 0:
                timings.cold = seconds
                continue
            timings.first.append(seconds)
            timings.again.append(single.timed(command)[0])
    finally:
        if before is None:
            del os.environ["LANKA_CACHE_DIR"]
        else:
            os.environ["LANKA_CACHE_DIR"] = before
    return timings


def _seconds(times: list[float]) -> str:
    return f"median {statistics.median(times):.2f} s ({', '.join(f'{t:.2f}' for t in times)} s)"


def markdown(
    sizes: list[SizeRows], kainuu_times: Kainuu, host: dict[str, str], args: argparse.Namespace
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
        "engine in a fresh process, so the total includes start-up and parsing (a process "
        "ends once its answer is printed, without freeing its data piece by piece); medians of "
        f"{args.runs} runs ({args.big_runs} above 2M triples, 1 for pySHACL). *Validating* is "
        "the time inside the process after the data is read. pySHACL runs once per size and "
        f"is stopped after {args.pyshacl_factor:g}× the fast path's median total at that size "
        f"(+ {args.pyshacl_grace:g} s); a stopped run is a lower bound, marked ≥.",
        "",
        "| triples | engine | total (median) | validating | results | ÷ hand-written SPARQL "
        "| vs pySHACL |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    notes = []
    for size in sizes:
        base = {r.engine: statistics.median(r.total) for r in size.rows if r.total}
        stopped = next((r for r in size.rows if r.engine == "pyshacl" and r.stopped), None)
        for r in size.rows:
            if r.stopped is not None:
                vs_sparql = f"> {r.stopped / base['sparql']:.2f}" if "sparql" in base else "–"
                lines.append(
                    f"| {size.triples:,} | {NAMES[r.engine]} | stopped at {r.stopped:.0f} s, "
                    f"unfinished | – | – | {vs_sparql} | |"
                )
                continue
            if r.failed or r.skipped or not r.total:
                lines.append(
                    f"| {size.triples:,} | {NAMES[r.engine]} | "
                    f"{r.failed or r.skipped or 'not run'} | | | | |"
                )
                continue
            total = statistics.median(r.total)
            validating = f"{statistics.median(r.validating):.2f} s" if r.validating else "–"
            found = ", ".join(f"{n:,}" for n in sorted(r.results))
            vs_sparql = f"{total / base['sparql']:.2f}" if "sparql" in base else "–"
            if "pyshacl" in base:
                vs_pyshacl = f"{base['pyshacl'] / total:.1f}× faster"
            elif stopped is not None and stopped.stopped is not None:
                vs_pyshacl = f"≥ {stopped.stopped / total:.1f}× faster"
            else:
                vs_pyshacl = "–"
            lines.append(
                f"| {size.triples:,} | {NAMES[r.engine]} | {total:.2f} s | {validating} "
                f"| {found} | {vs_sparql} | {vs_pyshacl} |"
            )
        for r in size.rows:
            if r.engine != "pyshacl":
                continue
            peak = f", peak memory {r.peak_mb[0] / 1024:.1f} GB" if r.peak_mb else ""
            fast = base.get("fast")
            if r.stopped is not None and fast:
                notes.append(
                    f"- {size.triples:,} triples: pySHACL stopped at {r.stopped:.0f} s without "
                    f"finishing (cap {r.cap:.0f} s){peak} so far → at least "
                    f"{r.stopped / fast:.1f}× slower than the fast path ({fast:.2f} s); a "
                    "lower bound, not a finished run."
                )
            elif r.stopped is not None:
                notes.append(
                    f"- {size.triples:,} triples: pySHACL stopped at {r.stopped:.0f} s without "
                    f"finishing{peak}; the fast path has no time at this size."
                )
            elif r.total and fast:
                notes.append(
                    f"- {size.triples:,} triples: pySHACL finished in {r.total[0]:.2f} s "
                    f"(cap {r.cap:.0f} s){peak}: {r.total[0] / fast:.1f}× the fast path's "
                    "time."
                )
            elif r.skipped:
                notes.append(f"- {size.triples:,} triples: pySHACL {r.skipped}.")
    if notes:
        lines += ["", "pySHACL, one run per size:", "", *notes]
    agree = [  # only finished runs have results; a stopped run has none to compare
        size.label
        for size in sizes
        if len({n for r in size.rows if not r.failed for n in r.results}) > 1
    ]
    lines += [
        "",
        "Every engine that finished reports the same number of results at every size."
        if not agree
        else f"**The engines disagree on the number of results at {', '.join(agree)}.**",
        "",
        "Kainuu default dataset, project shapes, `lanka validate` on the store (start-up "
        "included; target under 1 s): writing the report (the first run after a load, or "
        f"after the report graph was removed) {_seconds(kainuu_times.first)}; again on the "
        f"unchanged store (the kept report is the same and is not rewritten) "
        f"{_seconds(kainuu_times.again)}. These read the shapes compiled by the first run of "
        f"all, which found the cache folder empty and took {kainuu_times.cold:.2f} s.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", choices=sorted(SIZES), default=["tiny", "1m", "5m"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--big-runs", type=int, default=1, help="runs above 2M triples")
    parser.add_argument(
        "--pyshacl-factor",
        type=float,
        default=20.0,
        help="stop pySHACL after this many times the fast path's median total",
    )
    parser.add_argument("--pyshacl-grace", type=float, default=5.0, help="seconds added to the cap")
    parser.add_argument(
        "--pyshacl-timeout",
        type=float,
        default=1800.0,
        help="the cap when the fast path was not measured at that size",
    )
    parser.add_argument(
        "--pyshacl-bytes-per-triple",
        type=float,
        default=2000.0,
        help="pySHACL's memory per triple before a run of it has been measured",
    )
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/lanka-bench-endpoint"))
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    host = machine()
    classpath = jena() if "jena" in args.engines else None
    # pySHACL last at each size: its cap is a multiple of the fast path's time there
    args.engines = sorted(args.engines, key=lambda e: e == "pyshacl")
    per_triple = args.pyshacl_bytes_per_triple
    sizes = []
    for label in args.sizes:
        store, data, triples = prepare(label, args.workdir, args.seed)
        print(f"[{label}] {triples:,} triples", file=sys.stderr)
        runs = args.runs if triples <= 2_000_000 else args.big_runs
        rows: list[Row] = []
        for engine in args.engines:
            if engine == "pyshacl":
                fast = next((r for r in rows if r.engine == "fast"), None)
                plan = pyshacl_plan(triples, fast, per_triple, args)
                row = plan if isinstance(plan, Row) else measure_pyshacl(data, plan)
                if row.peak_mb:  # what a bigger size will need, at least
                    per_triple = max(per_triple, row.peak_mb[0] * 1024 * 1024 / triples)
                rows.append(row)
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
                "pyshacl_cap": {
                    "factor": args.pyshacl_factor,
                    "grace_seconds": args.pyshacl_grace,
                    "note": "a row with `stopped` set did not finish: its time is a lower "
                    "bound and it has no results",
                },
                "kainuu_validate_seconds": asdict(kainuu_times),
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
