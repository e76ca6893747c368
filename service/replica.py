"""The read replica: the store's default graph in memory, in a process of its own.

Oxigraph answers a query over its in-memory store up to 9 times faster than over RocksDB
(measured on the 0.9M-triple synthetic store: 339 → 39 ms, 32 → 4.8 ms). The server keeps
one replica of the default graph — the union copy of the data graphs that the service's
default graph is (`service.union_graph`) — and sends it the queries that read nothing else:
no FROM or FROM NAMED, no GRAPH, and the service's dataset or exactly the data graphs as the
request's (`Replica.can_answer`). Every other query, and every query while the replica is
being built or after a write made it stale, goes to the query workers over a checkpoint on
disk, so an answer is never stale.

The server talks to the replica over a socket pair (`service.frames`) that its own event loop
reads, so an answer reaches the waiting request with no thread hand-off; a thread of the
server that is not the loop's hands its job to the loop (`Replica.run`), and a store used
outside a server gets a loop of its own (`background_loop`).

Like the query workers, the replica is a process, so that a query past its time limit can be
stopped: the server kills the whole replica then. The queries it had in hand come back as
"lost" and are evaluated on disk with the time they have left; the next eligible query
starts a new replica, at most once per the time the last build took. Cost: memory for the
default graph (about 350 bytes per triple, 1.8 GB at 5.1M triples), and a build after start
and after every write, in a process of its own (0.9M triples: 7–11 s; 5.1M: 41–81 s).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace
from typing import Any

from service import frames
from service.query_pool import KILL_GRACE, PROJECT_ROOT
from service.query_worker import QueryJob, QueryOutcome
from service.sparql_text import declares_dataset, tokens


def reads_default_graph_only(query: str) -> bool:
    """Does the query read only its default graph: no FROM or FROM NAMED, no GRAPH?"""
    if declares_dataset(query):
        return False
    if "graph" not in query.lower():
        return True
    return not any(t.kind == "word" and t.text.upper() == "GRAPH" for t in tokens(query))


class Replica:
    """One replica process, built from a checkpoint of one generation of the store.

    `state` is building, ready, unusable (the default graph is not the data graphs' union)
    or lost (stopped, or it died). Its messages are read and written on `loop` (the server's
    own event loop, so that `arun` needs no thread); `run` is for other threads.
    """

    def __init__(
        self,
        generation: int,
        data_graphs: frozenset[str],
        checkpoint: str,
        release: Callable[[], None],
        threads: int,
        loop: asyncio.AbstractEventLoop,
    ) -> None:
        self.generation = generation
        self.data_graphs = data_graphs
        self.state = "building"
        # whether the default graph is the data graphs' merge alone (the store's own default
        # triples are none), so a request that lists the data graphs can be answered too
        self.holds_listed = False
        self.started = time.monotonic()
        self.build_seconds: float | None = None
        self.triples = 0
        self.answered = 0
        self.lost_at: float | None = None
        self._release: Callable[[], None] | None = release
        # each job's socket and what to do with its outcome (None: the replica was lost)
        self._pending: dict[int, tuple[int, Callable[[QueryOutcome | None], None]]] = {}
        self._ids = itertools.count()
        self._connecting: list[asyncio.Task[None]] = []
        self._lock = threading.Lock()
        self.loop = loop
        # one socket per thread of the replica, each thread reading its own (no hand-off
        # between threads there); which one a job goes to: `_choose_link`
        self._transports: list[asyncio.Transport | None] = [None] * threads
        self._in_hand: list[dict[int, float]] = [{} for _ in range(threads)]  # id: sent at
        pairs = [socket.socketpair() for _ in range(threads)]
        theirs = [pair[1] for pair in pairs]
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p
        )
        try:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "service.replica_worker",
                    ",".join(str(sock.fileno()) for sock in theirs),
                ],
                pass_fds=[sock.fileno() for sock in theirs],
                stdin=subprocess.DEVNULL,
                env=env,
            )
        except OSError:
            for ours, _ in pairs:
                ours.close()
            release()
            raise
        finally:
            for sock in theirs:
                sock.close()
        first = pairs[0][0]
        first.sendall(frames.encode(("build", checkpoint, tuple(sorted(data_graphs)))))
        for index, (ours, _) in enumerate(pairs):
            ours.setblocking(False)
            self._on_loop(functools.partial(self._connect, ours, index))

    def _connect(self, sock: socket.socket, index: int) -> None:
        """Read the messages of one of the replica's sockets on the loop (`_Link`)."""

        async def connect() -> None:
            try:
                transport, _ = await self.loop.create_unix_connection(
                    lambda: _Link(self), sock=sock
                )
            except OSError:
                sock.close()
                self._lose()
                return
            if self.state == "lost":
                transport.close()
            self._transports[index] = transport

        self._connecting.append(self.loop.create_task(connect()))

    @property
    def ready(self) -> bool:
        return self.state == "ready"

    def may_be_replaced(self) -> bool:
        """A lost replica is replaced only once as long has passed as it took to build (or
        ran, when it never was ready), so that queries that keep running past the time limit,
        or a build that keeps failing, cannot keep a core building."""
        if self.lost_at is None:
            return True
        ran = self.lost_at - self.started
        spent = self.build_seconds if self.build_seconds is not None else ran
        return time.monotonic() >= self.lost_at + spent

    def can_answer(self, job: QueryJob) -> bool:
        """Whether the job reads only the default graph the replica holds: the service's
        (the data graphs with the store's own default triples), or exactly the data graphs
        listed in the request."""
        if not self.ready or not reads_default_graph_only(job.query):
            return False
        if job.default_graphs is None and job.named_graphs is None:
            return frozenset(job.data_graphs) == self.data_graphs
        listed = job.default_graphs is not None and frozenset(job.default_graphs)
        return self.holds_listed and listed == self.data_graphs

    async def arun(self, job: QueryJob) -> QueryOutcome | None:
        """The outcome of a job it `can_answer`; None when the replica is not ready or was
        lost meanwhile (the caller evaluates the job elsewhere). A job past its time limit
        stops the replica."""
        loop = asyncio.get_running_loop()
        if loop is not self.loop:
            handed = asyncio.run_coroutine_threadsafe(self.arun(job), self.loop)
            return await asyncio.wrap_future(handed)
        answer: asyncio.Future[QueryOutcome | None] = loop.create_future()

        def settle(outcome: QueryOutcome | None) -> None:
            if not answer.done():
                answer.set_result(outcome)

        if not self._send(job, settle):
            return None
        timer = loop.call_later(job.timeout + KILL_GRACE, settle, _TIMED_OUT)
        try:
            outcome = await answer
        finally:
            timer.cancel()
        if outcome is _TIMED_OUT:
            self.stop()
            return QueryOutcome("timeout")
        if outcome is not None:
            self.answered += 1
        return outcome

    def run(self, job: QueryJob) -> QueryOutcome | None:
        """`arun` for a thread that is not the loop's; None on the loop's own thread, which
        must not wait (nor when the loop has stopped)."""
        if _running_loop() is self.loop or not self.loop.is_running():
            return None
        try:
            handed = asyncio.run_coroutine_threadsafe(self.arun(job), self.loop)
        except RuntimeError:  # the loop closed meanwhile
            return None
        try:
            return handed.result(timeout=job.timeout + 2 * KILL_GRACE + 1)
        except FutureTimeout:  # the loop stopped with the job in hand
            handed.cancel()
            return None

    def _send(self, job: QueryJob, settle: Callable[[QueryOutcome | None], None]) -> bool:
        """Hand the job to the replica, without a dataset (it has one); False when it is not
        ready. On the loop."""
        with self._lock:
            if self.state != "ready":
                return False
            index = self._choose_link()
            if index is None:
                return False
            ident = next(self._ids)
            self._pending[ident] = (index, settle)
            self._in_hand[index][ident] = time.monotonic()
        plain = replace(job, default_graphs=None, named_graphs=None, data_graphs=())
        transport = self._transports[index]
        assert transport is not None
        transport.write(frames.encode((ident, plain)))
        return True

    def _choose_link(self) -> int | None:
        """The first socket whose thread is free, or whose jobs in hand are all younger than
        `SPILL_AFTER`: small queries queue behind each other in one thread (two threads
        running Python at once slowed both more than waiting did), and a job goes to
        another thread only when the ones in hand are taking long. The socket with the
        fewest jobs otherwise; None when none is open."""
        now, fallback = time.monotonic(), None
        for index, transport in enumerate(self._transports):
            if transport is None or transport.is_closing():
                continue
            in_hand = self._in_hand[index]
            if not in_hand or now - min(in_hand.values()) < SPILL_AFTER:
                return index
            if fallback is None or len(in_hand) < len(self._in_hand[fallback]):
                fallback = index
        return fallback

    def stop(self) -> None:
        """Kill the process; the jobs it had come back as lost."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._lose()
        self._on_loop(self._close_links)

    def _close_links(self) -> None:
        for transport in self._transports:
            if transport is not None:
                transport.close()

    def _receive(self, message: Any) -> None:
        """One message from the replica process; on the loop."""
        kind = message[0]
        if kind == "outcome":
            with self._lock:
                waiting = self._pending.pop(message[1], None)  # none once the replica was lost
                if waiting is not None:
                    del self._in_hand[waiting[0]][message[1]]
            if waiting is not None:
                waiting[1](message[2])
        elif kind == "ready":
            self.triples, self.holds_listed = message[1], message[2]
            self.build_seconds = time.monotonic() - self.started
            self._checkpoint_done()
            with self._lock:
                if self.state == "building":
                    self.state = "ready"
        elif kind == "unusable":
            self._checkpoint_done()
            with self._lock:
                self.state = "unusable"

    def _checkpoint_done(self) -> None:
        """The replica no longer reads the checkpoint: it may be removed."""
        with self._lock:
            release, self._release = self._release, None
        if release is not None:
            release()

    def _lose(self) -> None:
        """Lost, from any thread: the jobs in hand are settled as lost on the loop."""
        self._checkpoint_done()
        with self._lock:
            if self.lost_at is None:
                self.lost_at = time.monotonic()
            if self.state != "unusable":
                self.state = "lost"
            pending, self._pending = self._pending, {}
            for in_hand in self._in_hand:
                in_hand.clear()
        if pending:
            self._on_loop(lambda: _settle_lost(settle for _link, settle in pending.values()))

    def _on_loop(self, work: Callable[[], None]) -> None:
        """Run `work` on the loop: now when this is the loop's thread, else soon; at once
        when the loop has closed (nobody waits on it any more)."""
        if _running_loop() is self.loop:
            work()
            return
        try:
            self.loop.call_soon_threadsafe(work)
        except RuntimeError:
            with contextlib.suppress(RuntimeError):
                work()


# how long the jobs in a replica thread's hands may take before the next goes to another
SPILL_AFTER = 0.002

# the outcome `arun` settles with when a job outlives its time limit
_TIMED_OUT = QueryOutcome("timeout")


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _settle_lost(waiting: Iterable[Callable[[QueryOutcome | None], None]]) -> None:
    for settle in waiting:
        with contextlib.suppress(RuntimeError):  # a future of a loop that has closed
            settle(None)


class _Link(asyncio.Protocol):
    """The server's end of the socket to a replica process."""

    def __init__(self, replica: Replica) -> None:
        self.replica = replica
        self.decoder = frames.Decoder()

    def data_received(self, data: bytes) -> None:
        for message in self.decoder.feed(data):
            self.replica._receive(message)

    def connection_lost(self, exc: Exception | None) -> None:
        self.replica._lose()


_background: asyncio.AbstractEventLoop | None = None
_background_lock = threading.Lock()


def background_loop() -> asyncio.AbstractEventLoop:
    """An event loop in a thread of its own, for the replicas of a store used outside a
    server's loop (in tests, or once the server's loop has stopped)."""
    global _background
    with _background_lock:
        if _background is None:
            loop = asyncio.new_event_loop()
            threading.Thread(
                target=loop.run_forever, name="lanka-replica-loop", daemon=True
            ).start()
            _background = loop
        return _background
