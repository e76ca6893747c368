"""A query past its time limit is stopped — its worker process killed — and answered as such."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from service.query_pool import WorkerPool
from service.query_worker import QueryJob

# 100 literals joined four ways: 10^8 combinations, a minute or more of work for one row
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?w . ?b ?p ?x . ?c ?p ?y . ?d ?p ?z "
    "FILTER(?w + ?x + ?y + ?z > 1000) }"
)


@pytest.fixture
def snapshot(tmp_path: Path) -> str:
    store = ox.Store(str(tmp_path / "db"))
    store.extend(
        ox.Quad(
            ox.NamedNode(f"http://example.org/s{i}"),
            ox.NamedNode("http://example.org/p"),
            ox.Literal(i),
        )
        for i in range(100)
    )
    store.backup(str(tmp_path / "snapshot"))
    del store
    return str(tmp_path / "snapshot")


@pytest.fixture
def pool() -> Iterator[WorkerPool]:
    workers = WorkerPool(1)
    yield workers
    workers.close()


def job(snapshot: str, query: str, timeout: float = 30.0, accept: str = "*/*") -> QueryJob:
    return QueryJob(
        query=query,
        accept=accept,
        default_graphs=None,
        named_graphs=None,
        data_graphs=(),
        base_iri=None,
        timeout=timeout,
        max_rows=1000,
        max_bytes=10**6,
        snapshot=snapshot,
    )


def alive(pid: int) -> bool:
    """Is the process running (a zombie waiting to be reaped is not)?"""
    try:
        os.kill(pid, 0)
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (ProcessLookupError, FileNotFoundError):
        return False
    return state != "Z"


def test_a_query_over_its_time_limit_kills_its_worker_and_gives_no_result(
    pool: WorkerPool, snapshot: str
) -> None:
    assert pool.run(job(snapshot, "ASK { ?s ?p 1 }")).body == b'{"head":{},"boolean":true}'
    [pid] = pool.idle_pids()
    outcome = pool.run(job(snapshot, SLOW, timeout=0.5))
    assert outcome.kind == "timeout"
    assert outcome.body == b""
    assert not alive(pid)
    assert pool.live == 0


def test_the_next_query_gets_a_fresh_worker(pool: WorkerPool, snapshot: str) -> None:
    pool.run(job(snapshot, SLOW, timeout=0.5))
    outcome = pool.run(job(snapshot, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", accept="text/csv"))
    assert (outcome.kind, outcome.body) == ("ok", b"n\r\n100\r\n")


def test_a_worker_that_died_while_idle_is_replaced(pool: WorkerPool, snapshot: str) -> None:
    pool.run(job(snapshot, "ASK {}"))
    [pid] = pool.idle_pids()
    os.kill(pid, 9)
    assert pool.run(job(snapshot, "ASK {}")).kind == "ok"
    assert pool.idle_pids() != [pid]


def test_a_closed_pool_leaves_no_worker_running(snapshot: str) -> None:
    workers = WorkerPool(2)
    workers.run(job(snapshot, "ASK {}"))
    pids = workers.idle_pids()
    workers.close()
    assert not any(alive(pid) for pid in pids)
    assert workers.run(job(snapshot, "ASK {}")).kind == "timeout"


ORPHAN = textwrap.dedent("""
    import os, signal, sys, threading, time
    from pathlib import Path
    from service.query_pool import WorkerPool
    from service.query_worker import QueryJob

    pool = WorkerPool(1)
    job = QueryJob(query=sys.argv[2], accept="*/*", default_graphs=None, named_graphs=None,
                   data_graphs=(), base_iri=None, timeout=600, max_rows=10, max_bytes=10**6,
                   snapshot=sys.argv[1])
    threading.Thread(target=pool.run, args=(job,), daemon=True).start()
    while pool.live == 0:
        time.sleep(0.01)
    time.sleep(0.5)  # the worker is evaluating now
    Path(sys.argv[3]).write_text(" ".join(str(pid) for pid in children(os.getpid())))
    os.kill(os.getpid(), signal.SIGKILL)
""")
CHILDREN = textwrap.dedent("""
    def children(parent):
        found = []
        for entry in Path("/proc").iterdir():
            try:
                stat = (entry / "stat").read_text()
            except (OSError, NotADirectoryError):
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(entry.name))
        return found
""")


def test_a_worker_stops_when_the_server_dies_mid_query(snapshot: str, tmp_path: Path) -> None:
    script = ORPHAN.replace("pool = WorkerPool(1)", CHILDREN + "\npool = WorkerPool(1)")
    result = subprocess.run(
        [sys.executable, "-c", script, snapshot, SLOW, str(tmp_path / "pids")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # the worker inherits them: do not wait for it to close them
    )
    assert result.returncode == -9
    [worker] = [int(pid) for pid in (tmp_path / "pids").read_text().split()]
    for _ in range(100):  # the watchdog looks twice a second
        if not alive(worker):
            break
        time.sleep(0.1)
    assert not alive(worker)
