"""Endpoint benchmark: `/sparql` against the Oxigraph server and the bare embedded store.

    .venv/bin/python bench/endpoint.py                      # about 1M and 5M triples
    .venv/bin/python bench/endpoint.py --sizes 1m --runs 5  # a quicker look

For each size, one run, side by side:

1. the synthetic national dataset (`lanka synth`: 22 counties; the years of observations set
   the size) is loaded with `lanka load` into our on-disk store, exported once as N-Quads
   (the data graphs only), and loaded with `oxigraph load` into an Oxigraph store: load
   throughput in triples per second, and each loader's peak memory;
2. our server (`lanka serve`, real uvicorn) and `oxigraph serve --union-default-graph` run on
   127.0.0.1 on free ports (the Oxigraph server with `--timeout-s` for the queries, without
   it for the request rate: see `measure_size`); the bare store is the same generation our
   server serves, opened read-only in this process (`Store.read_only`): no HTTP, no worker
   process;
3. the named traceability, gap and aggregate queries (parameters given as a VALUES block at
   the top of the WHERE clause, so that the three get the very same text) run `--runs` times
   each after one warm-up, the three targets taking turns; medians and spread (min–max);
   the three must return the same number of rows;
4. requests per second for a small query with `--clients` concurrent clients (threads with
   keep-alive connections, stdlib http.client), `--rps-rounds` rounds of `--seconds` each,
   the servers taking turns: the median and spread of the rounds, and the processor time
   each server (with its child processes) and the client spent per answered request — the
   clients share the machine's two cores with the server, so a server that needs little
   time is measured at the clients' limit;
5. our server's peak memory: the highest sum of resident memory of the server process and
   its query workers, sampled every 0.2 s while it runs.

Ratios are ours ÷ theirs: below 1.0 our endpoint is faster. The results go to
bench/results/endpoint-<date>.json and bench/results/endpoint.md. Not a test: nothing here
asserts a time. Needs the `oxigraph` package (the Oxigraph server) in the environment.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loaders.synth import SynthSize, write_synthetic  # noqa: E402
from ontology.namespaces import DEFAULT_BASE_IRI  # noqa: E402
from queries.registry import NamedQuery, load_registry  # noqa: E402
from service import union_graph  # noqa: E402
from service.catalog import data_graphs  # noqa: E402
from service.store import HIDDEN_PREFIX, EmbeddedStore  # noqa: E402

BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
COUNTIES = 22
# years of observations → about 0.9M and 5.1M triples with 22 counties (loaders/synth.py)
SIZES = {"tiny": 1, "1m": 3, "2.7m": 10, "5m": 19}
JSON_RESULTS = "application/sparql-results+json"
ID = f"{DEFAULT_BASE_IRI}id/maakunta-01/"

# (label, named query, parameters): traceability, gaps, aggregates
QUERIES: list[tuple[str, str, str, dict[str, str]]] = [
    ("trace", "trace-top-down", "all", {}),
    ("trace", "trace-top-down", "one priority", {"element": ID + "tavoite/asukasta-varten"}),
    ("trace", "trace-bottom-up", "a measure", {"entity": ID + "toimenpide/toimenpide-1"}),
    ("trace", "trace-bottom-up", "an NGO", {"entity": ID + "toimija/jarjesto-1"}),
    ("gap", "measures-without-owner-violation", "", {}),
    ("gap", "measures-without-indicator-violation", "", {}),
    ("gap", "objectives-without-measures", "", {}),
    ("gap", "indicators-without-baseline-target-or-data", "", {}),
    ("gap", "bodies-without-mandate", "", {}),
    ("gap", "population-groups-without-measures", "", {}),
    ("aggregate", "measures-per-group-and-theme", "", {}),
    ("aggregate", "measure-shares", "", {}),
    ("aggregate", "ngo-participation", "", {}),
    ("aggregate", "counts-per-kind", "", {}),
    ("aggregate", "indicator-progress", "one indicator", {"indicator": ID + "mittari/mittari-1"}),
]
SMALL_QUERY = f"SELECT ?p ?o WHERE {{ <{ID}toimenpide/toimenpide-1> ?p ?o }}"


# --- the query texts ------------------------------------------------------------------------


def bound_text(query: NamedQuery, given: dict[str, str]) -> str:
    """The query with its parameters (given, or their defaults) written into the text as
    constants, as SEP-0007 substitution binds them: one text that every SPARQL 1.1 server
    runs alike.

    In the outer projection a parameter becomes `(TERM AS ?name)`; in a subquery's
    projection, GROUP BY and ORDER BY it is left out (a constant groups and orders
    nothing); everywhere else the variable is replaced by the term; the metadata header
    (comments) is dropped. (A VALUES block would be simpler, but Oxigraph does not push
    its bindings into subqueries: `indicator-progress` took 60 s that way, 0.9 s bound.)
    """
    bindings = query.bindings(given)
    selects = {p.name for p in query.params if p.selects_graphs}
    constants = {name: term.n3() for name, term in bindings.items() if name not in selects}
    if not constants:
        return query.text
    variable = re.compile(rf"[?$]({'|'.join(map(re.escape, constants))})(?![A-Za-z0-9_])")
    body = "".join(line for line in query.text.splitlines(True) if not line.startswith("#"))
    pieces: list[str] = []
    for piece in _CLAUSES.split(body):
        if _SELECT.fullmatch(piece) and not any(_SELECT.fullmatch(p) for p in pieces):
            piece = variable.sub(lambda m: f"({constants[m.group(1)]} AS ?{m.group(1)})", piece)
        elif _SELECT.fullmatch(piece):  # a subquery: the outer query names the constant
            piece = variable.sub("", piece)
        elif grouping := _GROUP_BY.fullmatch(piece) or _ORDER_BY.fullmatch(piece):
            keyword = grouping.group(1)
            rest = variable.sub("", piece[len(keyword) :])
            piece = keyword + rest if rest.strip() else ""
        else:
            piece = variable.sub(lambda m: constants[m.group(1)], piece)
        pieces.append(piece)
    return "".join(pieces)


_SELECT = re.compile(r"SELECT\s(?:(?!WHERE|\{).)*", re.IGNORECASE | re.DOTALL)
_GROUP_BY = re.compile(
    r"(GROUP\s+BY)(?:(?!HAVING|ORDER|LIMIT|OFFSET|VALUES|\}).)*", re.IGNORECASE | re.DOTALL
)
_ORDER_BY = re.compile(r"(ORDER\s+BY)(?:(?!LIMIT|OFFSET|VALUES|\}).)*", re.IGNORECASE | re.DOTALL)
_CLAUSES = re.compile(  # one capturing group, so that split keeps each clause whole
    "("
    + "|".join(
        p.pattern.replace("(GROUP", "(?:GROUP").replace("(ORDER", "(?:ORDER")
        for p in (_SELECT, _GROUP_BY, _ORDER_BY)
    )
    + ")",
    re.IGNORECASE | re.DOTALL,
)


# --- processes, ports, memory ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float


def run_measured(command: list[str], *, stdout: Path | None = None) -> Run:
    """Run to completion; wall time and the child's peak resident memory (wait4)."""
    out = stdout.open("wb") if stdout else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdout:
            out.close()  # type: ignore[union-attr]
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{stderr[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(p) for p in task.read_text().split()]
    return found


def tree_cpu_seconds(pid: int) -> float:
    """Processor time (user and system) of a process and its children, so far."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for current in (pid, *_children(pid)):
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, now."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            stack += _children(current)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / 1024


class PeakMemory:
    """Samples a process tree's resident memory in a thread; `peak` is the highest sum."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        self.pid, self.every, self.peak = pid, every, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_mb(self.pid))
            self._stop.wait(self.every)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


@contextmanager
def server(
    command: list[str], url: str, log: Path, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server, wait until it answers a query, stop it afterwards."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
        try:
            deadline = time.monotonic() + 300
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"{command[0]} exited: {log.read_text()[-2000:]}")
                try:
                    status, _body = post(url, "ASK {}", timeout=5)
                    if status == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{command[0]} did not start: {log.read_text()[-2000:]}")
                time.sleep(0.3)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# --- HTTP -----------------------------------------------------------------------------------


class Client:
    """One keep-alive connection; POST application/sparql-query, JSON results."""

    def __init__(self, url: str, timeout: float = 600) -> None:
        parts = urllib.parse.urlsplit(url)
        self.path = parts.path
        self.connection = http.client.HTTPConnection(
            parts.hostname or "127.0.0.1", parts.port, timeout=timeout
        )

    def query(self, text: str, *, fresh: bool = True) -> tuple[int, bytes]:
        """Send on the open connection; once more on a new one if the server had closed it
        (uvicorn closes a connection idle for 5 s). `fresh` asks for an evaluation, not a
        kept answer (`Cache-Control: no-cache`; the Oxigraph server keeps none anyway)."""
        headers = {"Content-Type": "application/sparql-query", "Accept": JSON_RESULTS}
        if fresh:
            headers["Cache-Control"] = "no-cache"
        for attempt in (1, 2):
            try:
                self.connection.request(
                    "POST", self.path, body=text.encode("utf-8"), headers=headers
                )
                response = self.connection.getresponse()
                return response.status, response.read()
            except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
                self.connection.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.connection.close()


def post(url: str, text: str, timeout: float = 600) -> tuple[int, bytes]:
    client = Client(url, timeout)
    try:
        return client.query(text)
    finally:
        client.close()


def rows_of(body: bytes) -> int:
    data = json.loads(body)
    return len(data["results"]["bindings"]) if "results" in data else 1


def distinct_rows_of(body: bytes) -> int:
    """Rows counted once each: Oxigraph matches a triple held by several graphs of a listed
    or union default graph once per graph, where SPARQL's default graph is their RDF merge
    (a set), so its answers can repeat rows ours has once."""
    data = json.loads(body)
    if "results" not in data:
        return 1
    return len({json.dumps(row, sort_keys=True) for row in data["results"]["bindings"]})


# --- the three targets ------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    run: Callable[[str], bytes]


class TooSlow(Exception):
    """A server stopped the query at its time limit (the benchmark's `--budget`)."""


def http_target(name: str, url: str, *, fresh: bool = True) -> Target:
    client = Client(url)

    def run(text: str) -> bytes:
        status, body = client.query(text, fresh=fresh)
        if status in (500, 503, 504) and b"time" in body.lower():
            raise TooSlow(f"{name}: HTTP {status}")
        if status != 200:
            raise RuntimeError(f"{name}: HTTP {status}: {body[:500]!r}")
        return body

    return Target(name, run)


def bare_targets(folder: Path, graphs: list[str], *, listed: bool = True) -> list[Target]:
    """A checkpoint of the store our server serves, queried in this process (no HTTP, no
    worker process): with the dataset our `/sparql` uses — the default graph from the
    store's copy of the union of the data graphs (`service.union_graph`) — and, to show what
    that copy buys, with the data graphs handed to Oxigraph as a list."""
    store = ox.Store(str(folder))
    named = [g for g in store.named_graphs() if not g.value.startswith(HIDDEN_PREFIX)]
    Graphs = list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]
    copied: Graphs = [*union_graph.default_graph(store, graphs, with_store_default=True)]
    # the store's own default triples, not the copy its default graph holds too
    listing: Graphs = [union_graph.own_default(store), *(ox.NamedNode(g) for g in graphs)]

    def run(default: Graphs) -> Callable[[str], bytes]:
        return lambda text: _json(store.query(text, default_graph=default, named_graphs=named))

    targets = [Target("bare", run(copied))]
    return [*targets, Target("bare-listed", run(listing))] if listed else targets


def _json(result: object) -> bytes:
    if isinstance(result, ox.QuerySolutions):
        return result.serialize(format=ox.QueryResultsFormat.JSON) or b""
    raise RuntimeError("not a SELECT")


# --- measuring ------------------------------------------------------------------------------


@dataclass
class QueryFigures:
    kind: str
    name: str
    variant: str
    rows: int
    seconds: dict[str, list[float]] = field(default_factory=dict)
    skipped: str = ""  # why the query was not measured
    repeated: dict[str, int] = field(default_factory=dict)  # targets answering with more rows

    def median(self, target: str) -> float:
        return statistics.median(self.seconds[target])


def _timed(target: Target, text: str) -> tuple[float, bytes]:
    start = time.perf_counter()
    body = target.run(text)
    return time.perf_counter() - start, body


def time_queries(
    targets: list[Target], chosen: list[tuple[str, str, str, str]], runs: int, slow: float
) -> list[QueryFigures]:
    """Each query: a warm-up on every target (our server first: a query it stops at its
    time limit is skipped, so that the in-process runs, which cannot be stopped, never start
    one), the check that all return the same number of rows, then `runs` timed rounds with
    the targets taking turns (2 rounds for a query whose warm-up took over `slow` s)."""
    figures = []
    for kind, name, variant, text in chosen:
        figure = QueryFigures(kind, name, variant, 0)
        figures.append(figure)
        try:
            warm = {t.name: _timed(t, text) for t in targets}
        except TooSlow as exc:
            figure.skipped = f"stopped at the time limit ({exc})"
            print(f"    {name} {variant}: skipped, {figure.skipped}", file=sys.stderr)
            continue
        counts = {target: distinct_rows_of(body) for target, (_s, body) in warm.items()}
        if len(set(counts.values())) != 1:
            raise RuntimeError(f"{name} {variant}: the targets disagree on rows: {counts}")
        figure.rows = rows_of(warm[targets[0].name][1])
        figure.repeated = {
            target: rows_of(body)
            for target, (_s, body) in warm.items()
            if rows_of(body) != figure.rows
        }
        figure.seconds = {t.name: [] for t in targets}
        rounds = runs if max(seconds for seconds, _b in warm.values()) < slow else min(runs, 2)
        for run in range(rounds):
            for target in targets[run % len(targets) :] + targets[: run % len(targets)]:
                figure.seconds[target.name].append(_timed(target, text)[0])
        line = "  ".join(f"{t}={figure.median(t) * 1000:.1f}ms" for t in figure.seconds)
        print(f"    {name} {variant} ({figure.rows} rows): {line}", file=sys.stderr)
    return figures


def requests_per_second(
    url: str, text: str, clients: int, seconds: float, *, fresh: bool = True
) -> tuple[float, int, str]:
    """Answered requests per second with `clients` threads sending the query in a loop; the
    number of failed requests (not counted) and the first failure."""
    done = [0] * clients
    failures: list[str] = []
    stop = time.perf_counter() + seconds

    def client(index: int) -> None:
        connection = Client(url, timeout=60)
        try:
            while time.perf_counter() < stop:
                status, body = connection.query(text, fresh=fresh)
                if status == 200:
                    done[index] += 1
                else:
                    failures.append(f"HTTP {status}: {body[:200].decode(errors='replace')}")
        except OSError as exc:  # the server is gone: this client stops
            failures.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rate = sum(done) / (time.perf_counter() - start)
    return rate, len(failures), failures[0] if failures else ""


@dataclass
class RateTarget:
    name: str
    url: str
    fresh: bool  # evaluated each time, or a kept answer allowed
    pid: int  # the server's process


def rates_in_rounds(
    targets: list[RateTarget], text: str, clients: int, seconds: float, rounds: int
) -> dict[str, float | str]:
    """`requests_per_second` for each target, `rounds` times, the targets taking turns (the
    machine's load drifts): per target the median rate, the lowest and highest, the failed
    requests, and the processor time per answered request of the server and of the clients.
    """
    rates: dict[str, list[float]] = {t.name: [] for t in targets}
    found: dict[str, float | str] = {}
    spent: dict[str, list[float]] = {t.name: [0.0, 0.0, 0.0] for t in targets}
    for target in targets:  # a short warm-up of each
        requests_per_second(target.url, text, clients, 1.0, fresh=target.fresh)
    for _round in range(rounds):
        for target in targets:
            server, own, started = tree_cpu_seconds(target.pid), os.times(), time.perf_counter()
            rate, failed, first = requests_per_second(
                target.url, text, clients, seconds, fresh=target.fresh
            )
            mine = os.times()
            total = spent[target.name]
            total[0] += rate * (time.perf_counter() - started)
            total[1] += tree_cpu_seconds(target.pid) - server
            total[2] += mine.user + mine.system - own.user - own.system
            rates[target.name].append(rate)
            found[f"{target.name}_failed"] = float(found.get(f"{target.name}_failed", 0.0)) + failed
            if first and not found.get(f"{target.name}_failure"):
                found[f"{target.name}_failure"] = first
    for name, values in rates.items():
        answered, server_cpu, client_cpu = spent[name]
        found |= {
            name: statistics.median(values),
            f"{name}_min": min(values),
            f"{name}_max": max(values),
            f"{name}_server_ms": server_cpu / answered * 1000 if answered else float("nan"),
            f"{name}_client_ms": client_cpu / answered * 1000 if answered else float("nan"),
        }
        found.setdefault(f"{name}_failure", "")
    return found


# --- one size -------------------------------------------------------------------------------


@dataclass
class SizeFigures:
    label: str
    triples: int
    lanka_load: Run
    oxigraph_load: Run
    queries: list[QueryFigures]
    rps: dict[str, float | str]
    server_peak_mb: float
    oxigraph_server_peak_mb: float
    rdf_file_load: Run | None = None
    load_average: str = ""  # of the machine, at the start and at the end of this size
    replica: dict[str, Any] = field(default_factory=dict)  # our read replica, from /health

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SizeFigures:
        runs = {k: Run(**data[k]) if data.get(k) else None for k in _RUNS}
        return cls(
            **{k: v for k, v in data.items() if k not in (*_RUNS, "queries", "summary")},
            **runs,  # type: ignore[arg-type]
            queries=[QueryFigures(**q) for q in data["queries"]],
        )


_RUNS = ("lanka_load", "oxigraph_load", "rdf_file_load")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def remove_store(path: Path) -> None:
    """An on-disk store and everything beside it (generations, staging, lock, checkpoints)."""
    for item in [path, *path.parent.glob(f"{path.name}.*")]:
        if item.is_symlink() or item.is_file():
            item.unlink()
        elif item.is_dir():
            shutil.rmtree(item)


def export_data_graphs(store_path: Path, out: Path, copy: Path) -> tuple[int, list[str]]:
    """The data graphs as N-Quads (what the Oxigraph server gets), their triple count and
    names; and a checkpoint of the store (hard links) at `copy` for the bare target."""
    store = EmbeddedStore(store_path)
    try:
        graphs = data_graphs(store, DEFAULT_BASE_IRI)
        count = sum(store.triple_count(graph) for graph in graphs)
        with out.open("wb") as handle:
            for graph in graphs:
                handle.write(store.export("nq", graph))
    finally:
        store.close()
        del store
    shutil.rmtree(copy, ignore_errors=True)
    ox.Store(str(store_path.resolve())).backup(str(copy))
    return count, graphs


def measure_size(label: str, args: argparse.Namespace) -> SizeFigures:
    before = load_average()
    work = args.workdir / label
    data = work / "synth"
    if not (data / "synth.json").exists():
        print(f"[{label}] writing the synthetic dataset", file=sys.stderr)
        write_synthetic(data, COUNTIES, args.seed, SynthSize(years=SIZES[label]))
    counties = sorted(str(p) for p in data.glob("maakunta-*"))

    store_path = work / "store"
    remove_store(store_path)
    print(f"[{label}] lanka load", file=sys.stderr)
    lanka_load = run_measured([str(BIN / "lanka"), "--store", str(store_path), "load", *counties])
    nquads, bare = work / "data.nq", work / "bare"
    triples, graphs = export_data_graphs(store_path, nquads, bare)
    print(f"[{label}] {triples:,} triples in {len(graphs)} data graphs", file=sys.stderr)

    ox_path = work / "oxigraph"
    shutil.rmtree(ox_path, ignore_errors=True)
    print(f"[{label}] oxigraph load", file=sys.stderr)
    ox_load = run_measured(
        [str(BIN / "oxigraph"), "load", "--location", str(ox_path), "--file", str(nquads)]
    )
    rdf_file_load = None
    if args.rdf_file_load and triples <= 1_500_000:
        print(f"[{label}] lanka load of the N-Quads file", file=sys.stderr)
        other = work / "from-nq"
        remove_store(other)
        rdf_file_load = run_measured(
            [str(BIN / "lanka"), "--store", str(other), "load", str(nquads)]
        )
        remove_store(other)

    registry = load_registry()
    chosen = [
        (kind, name, variant, bound_text(registry.get(name), params))
        for kind, name, variant, params in QUERIES
        if not args.queries or name in args.queries
    ]
    ours_port, theirs_port = free_port(), free_port()
    ours_url = f"http://127.0.0.1:{ours_port}/sparql"
    theirs_url = f"http://127.0.0.1:{theirs_port}/query"
    limits = {
        "LANKA_QUERY_TIMEOUT": str(args.budget),
        "LANKA_MAX_RESULT_ROWS": "10000000",
        "LANKA_MAX_RESULT_BYTES": str(2**31),
    }
    serve = [str(BIN / "lanka"), "--store", str(store_path), "serve"]
    oxigraph_serve = [
        str(BIN / "oxigraph"),
        "serve",
        "--location",
        str(ox_path),
        "--bind",
        f"127.0.0.1:{theirs_port}",
        "--union-default-graph",
    ]
    # With `--timeout-s`, the Oxigraph server starts a thread per query that sleeps for the
    # whole limit: under the 8 clients of the rate test it ran out of threads and died
    # (2026-12-06). The queries are timed with the limit, the rate without it (as the server
    # starts by default).
    limited = [*oxigraph_serve, "--timeout-s", str(int(args.budget))]
    with server(
        [*serve, "--host", "127.0.0.1", "--port", str(ours_port)],
        ours_url,
        work / "lanka-serve.log",
        limits,
    ) as ours:
        our_memory = PeakMemory(ours.pid)
        replica = replica_built(ours_url.replace("/sparql", "/health"))
        print(f"[{label}] read replica: {replica}", file=sys.stderr)
        with server(limited, theirs_url, work / "oxigraph-serve.log") as theirs:
            their_memory = PeakMemory(theirs.pid)
            targets = [
                http_target("lanka", ours_url),
                http_target("oxigraph", theirs_url),
                *bare_targets(bare, graphs, listed=triples <= args.listed_max),
                http_target("lanka-kept", ours_url, fresh=False),
            ]
            print(f"[{label}] queries", file=sys.stderr)
            figures = time_queries(targets, chosen, args.runs, args.slow)
            oxigraph_peak = their_memory.stop()
        print(f"[{label}] requests per second, {args.clients} clients", file=sys.stderr)
        with server(oxigraph_serve, theirs_url, work / "oxigraph-serve-rate.log") as theirs:
            their_memory = PeakMemory(theirs.pid)
            rows = rows_of(post(ours_url, SMALL_QUERY)[1])
            rate_targets = [
                RateTarget("lanka", ours_url, True, ours.pid),
                RateTarget("lanka_kept", ours_url, False, ours.pid),
                RateTarget("oxigraph", theirs_url, True, theirs.pid),
            ]
            rps: dict[str, float | str] = {
                "small_query_rows": float(rows),
                "rounds": float(args.rps_rounds),
            }
            rps |= rates_in_rounds(
                rate_targets, SMALL_QUERY, args.clients, args.seconds, args.rps_rounds
            )
            print(f"    {rps}", file=sys.stderr)
            oxigraph_peak = max(oxigraph_peak, their_memory.stop())
        server_peak = our_memory.stop()
    return SizeFigures(
        label,
        triples,
        lanka_load,
        ox_load,
        figures,
        rps,
        server_peak,
        oxigraph_peak,
        rdf_file_load,
        f"{before} → {load_average()}",
        replica,
    )


def replica_built(health_url: str, seconds: float = 900) -> dict[str, Any]:
    """Wait until our server's read replica is built (the queries are timed against what a
    server gives once it has settled); its state from `/health`."""
    deadline = time.monotonic() + seconds
    while True:
        # the first /health after start counts the triples: long at 5M
        with urllib.request.urlopen(health_url, timeout=seconds) as response:
            found: dict[str, Any] = json.load(response)["replica"]
        if found["state"] != "building" or time.monotonic() > deadline:
            return found
        time.sleep(1)


# --- the report -----------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    free = subprocess.run(["free", "-g"], capture_output=True, text=True, check=False).stdout
    memory = next((line.split()[1] for line in free.splitlines() if line.startswith("Mem:")), "?")
    version = subprocess.run(
        [str(BIN / "oxigraph"), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "date": dt.date.today().isoformat(),
        "nproc": str(os.cpu_count()),
        "memory_gb": memory,
        "cpu": cpu,
        "python": platform.python_version(),
        "pyoxigraph": ox.__version__,
        "oxigraph_server": version,
        "load_average_at_start": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
    }


def spread(values: list[float]) -> str:
    return f"{min(values) * 1000:.1f}–{max(values) * 1000:.1f}"


def cell(q: QueryFigures, target: str) -> str:
    if target not in q.seconds:
        return "–"
    return f"{q.median(target) * 1000:.1f} ({spread(q.seconds[target])})"


def markdown(sizes: list[SizeFigures], host: dict[str, str], runs: int, clients: int) -> str:
    lines = [
        "# Endpoint benchmark",
        "",
        f"Measured {host['date']} on {host['nproc']} cores ({host['cpu']}), "
        f"{host['memory_gb']} GB memory; Python {host['python']}, pyoxigraph "
        f"{host['pyoxigraph']}, {host['oxigraph_server']}. The machine was shared: each "
        "size gives the load average (1, 5, 15 min) at its start and end. One run of "
        f"`bench/endpoint.py` per size; per query the median of {runs} rounds after a warm-up "
        "(2 rounds for a query slower than 5 s), the spread min–max, in ms.",
        "",
        "- **`/sparql`**: our server (`lanka serve`: uvicorn with httptools and uvloop, no "
        "access log), whose default graph is the union of the data graphs, answered from the "
        "store's copy of it (`service/union_graph.py`): a query of the default graph alone by "
        "the read replica, that copy in memory in a process of its own (`service/replica.py`), "
        "others by worker processes over a checkpoint on disk;",
        "- **Oxigraph**: `oxigraph serve --union-default-graph` on disk, loaded with the same "
        "data graphs;",
        "- **bare**: the same store in-process, no HTTP, with the same dataset as `/sparql` "
        "(the issue's physical limit; it reads the disk, where the replica reads memory); "
        "**bare, listed**: the same store with the data "
        "graphs handed to Oxigraph as a list instead of the copy (what `/sparql` did before "
        "the copy; up to 1.5M triples); **kept**: `/sparql` answering a repeated query from "
        "its kept answers (every other `/sparql` figure is measured with "
        "`Cache-Control: no-cache`, so the query is evaluated each time).",
        "",
        "Ratios are `/sparql` ÷ the other: below 1.0 our endpoint is faster.",
        "",
    ]
    for size in sizes:
        lines += [
            f"## {size.triples:,} triples ({COUNTIES} synthetic counties)",
            "",
            f"Load average {size.load_average}.",
            "",
            "| query | rows | `/sparql` | Oxigraph | bare | bare, listed | kept | ÷ Oxigraph "
            "| ÷ bare |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for q in size.queries:
            name = f"{q.kind}: `{q.name}`" + (f" ({q.variant})" if q.variant else "")
            if q.skipped:
                lines.append(f"| {name} | – | {q.skipped} | | | | | | |")
                continue
            repeated = "".join(
                f" ({target}: {rows:,} rows, the same with repeats)"
                for target, rows in q.repeated.items()
            )
            lines.append(
                f"| {name} | {q.rows:,}{repeated} | {cell(q, 'lanka')} | {cell(q, 'oxigraph')} "
                f"| {cell(q, 'bare')} | {cell(q, 'bare-listed')} | {cell(q, 'lanka-kept')} "
                f"| {q.median('lanka') / q.median('oxigraph'):.2f} "
                f"| {q.median('lanka') / q.median('bare'):.2f} |"
            )
        summary = summarise(size)
        lines += [
            "",
            f"- Against the Oxigraph server: median ratio {summary['median_vs_oxigraph']:.2f}, "
            f"worst {summary['worst_vs_oxigraph']:.2f} over the measured queries (target: "
            "median ≤ 1.0, none over 1.5). Answered from kept answers (a repeated query): "
            f"median ratio {summary['median_kept_vs_oxigraph']:.2f}, worst "
            f"{summary['worst_kept_vs_oxigraph']:.2f}.",
            f"- Against the bare store, queries up to 1,000 rows: median ratio "
            f"{summary['median_vs_bare_small']:.2f}, worst {summary['worst_vs_bare_small']:.2f} "
            "(target: within 1.25).",
            f"- Small query ({int(float(size.rps['small_query_rows']))} rows), {clients} "
            f"concurrent clients, median of {rounds(size)} rounds (lowest–highest): `/sparql` "
            f"{rate(size, 'lanka')} evaluating each time (ratio {summary['rps_ratio']:.2f}); "
            f"{rate(size, 'lanka_kept')} from kept answers (ratio "
            f"{summary['rps_ratio_kept']:.2f}); Oxigraph server {rate(size, 'oxigraph')} "
            "(target ≥ 1.0). Processor time per answered request, server (with its child "
            f"processes) / clients: {cpu(size, 'lanka')} evaluating, "
            f"{cpu(size, 'lanka_kept')} kept, {cpu(size, 'oxigraph')} Oxigraph.",
            f"- Load: `lanka load` of the county tables {size.lanka_load.seconds:.1f} s "
            f"({size.triples / size.lanka_load.seconds:,.0f} triples/s, peak "
            f"{size.lanka_load.peak_rss_mb:,.0f} MB); `oxigraph load` of the same data as "
            f"N-Quads {size.oxigraph_load.seconds:.1f} s "
            f"({size.triples / size.oxigraph_load.seconds:,.0f} triples/s, peak "
            f"{size.oxigraph_load.peak_rss_mb:,.0f} MB): throughput ratio "
            f"{summary['load_throughput_ratio']:.2f} (target ≥ 0.5).",
        ]
        if size.rdf_file_load is not None:
            lines.append(
                f"- `lanka load` of that N-Quads file: {size.rdf_file_load.seconds:.1f} s "
                f"({size.triples / size.rdf_file_load.seconds:,.0f} triples/s, peak "
                f"{size.rdf_file_load.peak_rss_mb:,.0f} MB)."
            )
        if size.replica:
            built = size.replica.get("built_in_seconds")
            lines.append(
                f"- Read replica (`LANKA_READ_REPLICA`): {size.replica['state']}"
                + (
                    f", {size.replica['triples']:,} triples built in {built:.1f} s after start "
                    "(queries before that are answered from disk)"
                    if built is not None
                    else ""
                )
                + "."
            )
        lines += [
            f"- Peak memory while serving (server, its query workers and replica): "
            f"{size.server_peak_mb:,.0f} MB; the Oxigraph server "
            f"{size.oxigraph_server_peak_mb:,.0f} MB (target for ours at 5M: under 3 GB).",
            "",
        ]
    return "\n".join(lines)


def rounds(size: SizeFigures) -> str:
    return str(int(float(size.rps.get("rounds", 1))))


def rate(size: SizeFigures, server: str) -> str:
    """Requests per second answered: the median and, when measured, the spread."""
    found = f"{float(size.rps[server]):,.0f}"
    if f"{server}_min" in size.rps:
        low, high = float(size.rps[f"{server}_min"]), float(size.rps[f"{server}_max"])
        found += f" ({low:,.0f}–{high:,.0f})"
    return f"{found} requests/s{failed(size, server)}"


def cpu(size: SizeFigures, server: str) -> str:
    if f"{server}_server_ms" not in size.rps:
        return "not measured"
    return (
        f"{float(size.rps[f'{server}_server_ms']):.2f} / "
        f"{float(size.rps[f'{server}_client_ms']):.2f} ms"
    )


def failed(size: SizeFigures, server: str) -> str:
    count = int(float(size.rps.get(f"{server}_failed", 0)))
    if not count:
        return ""
    return f" ({count} requests failed, e.g. {size.rps.get(f'{server}_failure')})"


def summarise(size: SizeFigures) -> dict[str, float]:
    measured = [q for q in size.queries if not q.skipped]
    vs_theirs = [q.median("lanka") / q.median("oxigraph") for q in measured] or [float("nan")]
    kept = [
        q.median("lanka-kept") / q.median("oxigraph") for q in measured if "lanka-kept" in q.seconds
    ] or [float("nan")]
    small = [q for q in measured if q.rows <= 1000]
    vs_bare = [q.median("lanka") / q.median("bare") for q in small] or [float("nan")]
    return {
        "median_vs_oxigraph": statistics.median(vs_theirs),
        "median_kept_vs_oxigraph": statistics.median(kept),
        "worst_kept_vs_oxigraph": max(kept),
        "worst_vs_oxigraph": max(vs_theirs),
        "median_vs_bare_small": statistics.median(vs_bare),
        "worst_vs_bare_small": max(vs_bare),
        "rps_ratio": float(size.rps["lanka"]) / float(size.rps["oxigraph"]),
        "rps_ratio_kept": float(size.rps.get("lanka_kept", "nan")) / float(size.rps["oxigraph"]),
        "load_throughput_ratio": size.oxigraph_load.seconds / size.lanka_load.seconds,
        "skipped": float(len(size.queries) - len(measured)),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", choices=sorted(SIZES), default=["1m", "5m"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0, help="one round of requests")
    parser.add_argument("--rps-rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--budget", type=float, default=60.0, help="time limit of one query on each server (s)"
    )
    parser.add_argument(
        "--slow", type=float, default=5.0, help="a query slower than this gets 2 rounds only"
    )
    parser.add_argument("--queries", nargs="*", help="only these named queries")
    parser.add_argument(
        "--rdf-file-load",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also time `lanka load` of the exported N-Quads (up to 1.5M triples)",
    )
    parser.add_argument(
        "--listed-max",
        type=int,
        default=1_500_000,
        help="time the bare store with the listed data graphs only up to this many triples",
    )
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/lanka-bench-endpoint"))
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not (BIN / "oxigraph").exists():
        print("the Oxigraph server is missing: .venv/bin/pip install oxigraph", file=sys.stderr)
        return 1
    host = machine()
    measured = {label: measure_size(label, args) for label in args.sizes}
    # sizes measured earlier the same day (each in its own run) stay in the report
    saved = args.out / f"endpoint-{host['date']}.json"
    earlier = json.loads(saved.read_text(encoding="utf-8"))["sizes"] if saved.exists() else []
    sizes = [SizeFigures.from_json(d) for d in earlier if d["label"] not in measured]
    sizes = sorted([*sizes, *measured.values()], key=lambda size: size.triples)
    report = markdown(sizes, host, args.runs, args.clients)
    print(report)
    args.out.mkdir(parents=True, exist_ok=True)
    saved.write_text(
        json.dumps(
            {
                "machine": host,
                "runs": args.runs,
                "clients": args.clients,
                "sizes": [{**asdict(size), "summary": summarise(size)} for size in sizes],
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    (args.out / "endpoint.md").write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
