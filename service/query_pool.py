"""Query worker processes, so that a query past its time limit can really be stopped.

pyoxigraph cannot cancel a running query, and a thread cannot be killed: a query left
running in a thread after its time limit would go on using a core and memory. So queries run
in worker processes, each over a read-only snapshot of the store; when a query outlives its
limit the parent kills that worker and answers with an error, and a new worker starts on
demand. Workers are fresh interpreters running `python -m service.query_worker` (never a
`fork` of this process, which holds RocksDB and threads, and not multiprocessing's `spawn`,
which would re-import the parent's main module and with it the whole application); they talk
over a socket pair in pickled frames (`multiprocessing.connection`). POSIX only.

Snapshots: opening the live store read-only while this process writes to it is undefined
behaviour in RocksDB, so the store makes a checkpoint (`Store.backup`: hard links, tens of
milliseconds) after each write, the first time a query needs it; workers open checkpoints,
which nobody writes. See `service.store.EmbeddedStore`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path

from service.query_worker import QueryJob, QueryOutcome

PROJECT_ROOT = Path(__file__).resolve().parents[1]

# The worker checks the time itself while it serialises and answers "timeout"; the parent
# waits this much longer before it kills a worker that did not answer (evaluation itself
# cannot look at the clock).
KILL_GRACE = 0.25


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    conn: Connection
    jobs: int = 0

    def alive(self) -> bool:
        return self.process.poll() is None


class WorkerPool:
    """Up to `size` worker processes, started when first needed."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._idle: list[_Worker] = []
        self._live = 0
        self._closed = False
        self._lock = threading.Condition()

    def _start(self) -> _Worker:
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p
        )
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "service.query_worker", str(theirs.fileno())],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                env=env,
            )
        finally:
            theirs.close()
        return _Worker(process, Connection(ours.detach()))

    def _acquire(self, deadline: float) -> _Worker | None:
        """An idle worker (a dead one is replaced), a new one, or None if none frees in time."""
        while True:
            with self._lock:
                worker = self._idle.pop() if self._idle else None
                start = worker is None and self._live < self.size and not self._closed
                if start:
                    self._live += 1
                elif worker is None:
                    remaining = deadline - time.monotonic()
                    if self._closed or remaining <= 0:
                        return None
                    self._lock.wait(remaining)
                    continue
            if worker is not None:
                if worker.alive():
                    return worker
                self._discard(worker)
                continue
            try:
                return self._start()
            except OSError:
                with self._lock:
                    self._live -= 1
                    self._lock.notify()
                raise

    def _release(self, worker: _Worker) -> None:
        with self._lock:
            if not self._closed and worker.alive():
                self._idle.append(worker)
                self._lock.notify()
                return
        self._discard(worker)

    def _discard(self, worker: _Worker) -> None:
        """Kill a worker (a no-op when it has exited) and free its place."""
        if worker.alive():
            worker.process.kill()
        worker.process.wait()
        worker.conn.close()
        with self._lock:
            self._live -= 1
            self._lock.notify()

    def run(self, job: QueryJob) -> QueryOutcome:
        """The job's outcome; "timeout" when the time limit passed, waiting included.

        A worker found dead when given a job (killed while idle, say) is replaced once.
        """
        deadline = time.monotonic() + job.timeout
        for _attempt in range(2):
            worker = self._acquire(deadline)
            if worker is None:
                return QueryOutcome("timeout", message="no free query worker")
            remaining = max(deadline - time.monotonic(), 0.001)
            fresh = worker.jobs == 0
            worker.jobs += 1
            try:
                worker.conn.send(replace(job, timeout=remaining))
                if not worker.conn.poll(remaining + KILL_GRACE):
                    self._discard(worker)
                    return QueryOutcome("timeout")
                outcome = worker.conn.recv()
            except (EOFError, OSError) as exc:
                self._discard(worker)
                if fresh:
                    return QueryOutcome("failed", message=f"query worker stopped: {exc}")
                continue
            self._release(worker)
            if not isinstance(outcome, QueryOutcome):
                return QueryOutcome("failed", message="query worker answered nonsense")
            return outcome
        return QueryOutcome("failed", message="query workers keep stopping")

    @property
    def live(self) -> int:
        """Worker processes alive now (idle or busy)."""
        with self._lock:
            return self._live

    def idle_pids(self) -> list[int]:
        with self._lock:
            return [worker.process.pid for worker in self._idle]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            self._discard(worker)
