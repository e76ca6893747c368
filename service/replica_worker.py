"""The read replica's process: the store's default graph in memory, answering queries.

Started by `service.replica` as `python -m service.replica_worker FD,FD,...` with one end of
a socket pair per thread; messages are `service.frames`. The first message names a
checkpoint and the service's data graphs: the process copies the checkpoint's default graph
(the union copy of the data graphs, `service.union_graph`) into an in-memory Oxigraph store,
streamed from a dump to the loader through a pipe, and says `ready` (or `unusable` when that
default graph is not exactly the service's dataset). Then jobs come as `(id, QueryJob)`,
each one the parent chose because it reads only that default graph (`Replica.can_answer`,
which sends it without a dataset); each thread answers the jobs of its own socket, so as
many are evaluated at once as there are sockets (Oxigraph releases the GIL while it
evaluates), and each answer goes back as `(id, QueryOutcome)` on the socket it came by. The
parent kills the process when a query outlives its time limit.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
from dataclasses import replace
from typing import Any, BinaryIO, cast

import pyoxigraph as ox

from service import frames, union_graph
from service.query_worker import Datasets, QueryJob, execute, watch_parent

# The dataset every replicated query is evaluated over: the copied default graph, no
# named graphs (queries that read named graphs are not sent here, `service.replica`).
MEMORY_DATASET: dict[str, Any] = {"default_graph": [ox.DefaultGraph()], "named_graphs": []}


def copy_default_graph(checkpoint: ox.Store) -> ox.Store:
    """The checkpoint's default graph in a new in-memory store. Oxigraph dumps it in one
    thread while the loader reads the pipe in another, so neither holds the whole text."""
    memory = ox.Store()
    readable, writable = os.pipe()
    failed: list[BaseException] = []

    def dump() -> None:
        try:
            with open(writable, "wb") as out:
                checkpoint.dump(out, ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        except BaseException as exc:  # re-raised in the loading thread
            failed.append(exc)

    dumper = threading.Thread(target=dump, name="lanka-replica-dump")
    dumper.start()
    with open(readable, "rb") as source:
        memory.bulk_load(source, ox.RdfFormat.N_TRIPLES, lenient=True)
    dumper.join()
    if failed:
        raise failed[0]
    return memory


def serve(links: list[socket.socket]) -> None:
    """Build the replica, then answer jobs until the sockets close: one thread per socket,
    each answering the jobs that come on its own (no hand-off between threads, whose
    wake-ups cost more than a small query's evaluation)."""
    threading.Thread(target=watch_parent, args=(os.getppid(),), daemon=True).start()
    first = links[0].makefile("rb")
    build = frames.read_message(first)
    _build, checkpoint_path, data_graphs = cast(tuple[str, str, tuple[str, ...]], build)
    checkpoint = ox.Store.read_only(checkpoint_path)
    served = union_graph.default_graph(checkpoint, data_graphs, with_store_default=True)
    if served != [ox.DefaultGraph()]:
        links[0].sendall(
            frames.encode(("unusable", "the default graph is not the union of the data graphs"))
        )
        return
    alone = union_graph.default_graph(checkpoint, data_graphs, with_store_default=False)
    memory = copy_default_graph(checkpoint)
    del checkpoint  # closes it: the parent may remove the checkpoint now
    links[0].sendall(frames.encode(("ready", len(memory), alone == [ox.DefaultGraph()])))
    dataset: Datasets = {((), ""): MEMORY_DATASET}

    def answer_jobs(link: socket.socket, incoming: BinaryIO) -> None:
        while True:
            try:
                message = frames.read_message(incoming)
            except (EOFError, OSError):
                return
            ident, job = cast(tuple[int, QueryJob], message)
            job = replace(job, hidden_prefix="")  # the parent chose the dataset: this one
            outcome = execute(memory, job, dict(dataset))
            link.sendall(frames.encode(("outcome", ident, outcome)))

    workers = [
        threading.Thread(
            target=answer_jobs,
            args=(link, first if i == 0 else link.makefile("rb")),
            name=f"lanka-replica-{i}",
        )
        for i, link in enumerate(links)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    # Run under the module's real name, so that jobs and outcomes pickle by their own names.
    from service import replica_worker

    replica_worker.serve([socket.socket(fileno=int(fd)) for fd in sys.argv[1].split(",")])
