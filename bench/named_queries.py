"""Named-query benchmark: every named query on an on-disk store whose default graph is ONE graph.

    .venv/bin/python bench/named_queries.py /tmp/exp-u https://w3id.org/lanka/graph/union
    .venv/bin/python bench/named_queries.py STORE GRAPH --only ngo-participation --runs 5
    .venv/bin/python bench/named_queries.py STORE GRAPH --compare-with HEAD

The store is opened read-only (`pyoxigraph.Store.read_only`), so it can be the folder of a
store another process serves. Each query runs in its own subprocess, killed at `--timeout`
seconds: a query Oxigraph cannot finish does not stop the run. Per query: the rows and the
median of `--runs` runs in seconds (the first run included: the store's files are in the
page cache after the first query anyway). Parameters are bound as `run_named` binds them
(SEP-0007 substitutions, typed terms); required ones get an IRI of the first synthetic county
(`--param name=value` to choose others); `includeCurated` is ignored, since the union graph
holds every data graph.

With `--compare-with GITREV`, each query is also run as it was at that git revision and the
two results are compared as multisets of rows (each term as N-Triples text): "same" or
"DIFFERENT". Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loaders.rdf_files import to_oxigraph  # noqa: E402
from ontology.namespaces import DEFAULT_BASE_IRI  # noqa: E402
from queries.registry import NamedQuery, load_registry, parse_query_file  # noqa: E402

COUNTY = f"{DEFAULT_BASE_IRI}id/maakunta-01/"
# values for parameters by name: required ones must have one; the optional ones listed are
# set too, so that the query is timed as a user would run it (one indicator, not all of them)
PARAMETERS = {
    "actor": COUNTY + "toimija/jarjesto-1",
    "entity": COUNTY + "toimenpide/toimenpide-1",
    "resource": COUNTY + "toimenpide/toimenpide-1",
    "planA": COUNTY + "suunnitelma/hyte",
    "planB": f"{DEFAULT_BASE_IRI}id/maakunta-02/suunnitelma/hyte",
    "indicator": COUNTY + "mittari/mittari-1",
}


def substitutions(query: NamedQuery, given: dict[str, str]) -> dict[ox.Variable, Any]:
    """The typed terms `run_named` would bind, for the parameters this query declares."""
    names = {p.name for p in query.params if not p.selects_graphs}
    chosen = {k: v for k, v in given.items() if k in names}
    bound = query.bindings(chosen)
    return {ox.Variable(k): to_oxigraph(v) for k, v in bound.items() if k in names}


def run_once(store: ox.Store, text: str, bindings: dict[ox.Variable, Any], graph: str) -> Any:
    result = store.query(text, default_graph=[ox.NamedNode(graph)], substitutions=bindings or None)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return [tuple(str(row[n]) if row[n] is not None else "" for n in names) for row in result]
    if isinstance(result, ox.QueryBoolean):
        return [(str(bool(result)),)]
    return [(str(t),) for t in result]


def worker(args: argparse.Namespace) -> None:
    """In the subprocess: run one query text `--runs` times, print times, rows and a digest."""
    query = parse_query_file(Path(args.worker))
    store = ox.Store.read_only(args.store)
    bindings = substitutions(query, dict(json.loads(args.params)))
    seconds: list[float] = []
    rows: list[Any] = []
    for _ in range(args.runs):
        started = time.perf_counter()
        rows = run_once(store, query.text, bindings, args.graph)
        seconds.append(time.perf_counter() - started)
    digest = hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()
    print(json.dumps({"seconds": seconds, "rows": len(rows), "digest": digest}))


def measure(
    file: Path, args: argparse.Namespace, params: dict[str, str], runs: int, timeout: float
) -> dict[str, Any] | None:
    """One query file in a fresh process; None when it ran over the time limit."""
    command = [
        sys.executable,
        __file__,
        args.store,
        args.graph,
        "--worker",
        str(file),
        "--runs",
        str(runs),
        "--params",
        json.dumps(params),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:  # subprocess.run kills the child
        return None
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"{file}: {exc.stderr}") from None
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def old_file(query: NamedQuery, revision: str, folder: Path) -> Path | None:
    """The query's file as it was at `revision`, or None if it did not exist then."""
    relative = query.path.resolve().relative_to(ROOT)
    shown = subprocess.run(
        ["git", "show", f"{revision}:{relative.as_posix()}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if shown.returncode != 0:
        return None
    path = folder / relative.name
    path.write_text(shown.stdout, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("store", help="folder of an on-disk Oxigraph store (opened read-only)")
    parser.add_argument("graph", help="IRI of the graph used as the default graph")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per query")
    parser.add_argument("--only", nargs="*", help="only these named queries")
    parser.add_argument("--param", action="append", default=[], help="name=value")
    parser.add_argument("--compare-with", metavar="GITREV", help="compare rows with this rev")
    parser.add_argument(
        "--compare-timeout", type=float, default=300.0, help="seconds for the old query"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--params", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    params = dict(PARAMETERS)
    params.update(dict(item.split("=", 1) for item in args.param))
    registry = load_registry()
    names = args.only or [q.name for q in registry]
    print(
        f"{'query':48} {'rows':>8} {'median s':>9}  runs (s)"
        + ("  same?" if args.compare_with else "")
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            query = registry.get(name)
            got = measure(query.path, args, params, args.runs, args.timeout)
            if got is None:
                line = f"{name:48} {'–':>8} {'>' + format(args.timeout, 'g'):>9}  timed out"
            else:
                runs = " ".join(f"{s:.3f}" for s in got["seconds"])
                median = statistics.median(got["seconds"])
                line = f"{name:48} {got['rows']:>8} {median:>9.3f}  {runs}"
            if args.compare_with:
                line += "  " + compare(query, got, args, params, Path(tmp))
            print(line, flush=True)


def compare(
    query: NamedQuery,
    got: dict[str, Any] | None,
    args: argparse.Namespace,
    params: dict[str, str],
    folder: Path,
) -> str:
    """'same', 'DIFFERENT', or why the two could not be compared."""
    if got is None:
        return "new timed out"
    path = old_file(query, args.compare_with, folder)
    if path is None:
        return f"not in {args.compare_with}"
    if path.read_text(encoding="utf-8") == query.path.read_text(encoding="utf-8"):
        return "unchanged"
    old = measure(path, args, params, 1, args.compare_timeout)
    if old is None:
        return f"old timed out (>{args.compare_timeout:g} s)"
    same = old["digest"] == got["digest"]
    verdict = "same" if same else f"DIFFERENT (old {old['rows']} rows)"
    return f"{verdict}; old {old['seconds'][0]:.3f} s"


if __name__ == "__main__":
    main()
