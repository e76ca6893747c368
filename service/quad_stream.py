"""One bulk load that is fed while it runs: the load of a new store generation.

Oxigraph's bulk loader is fastest on one long input: each call ends by ingesting what it
sorted, and measured on 5.1M triples, 44 calls (each county graph, then each again into the
union copy) cost 172 s of CPU against 110–126 s for the same quads in one call. One call also
keeps a graph and its union copy in one document, so a blank node is the same node in both.

So a load opens one `QuadStream` on the generation it builds: a thread runs `bulk_load` on
the read end of a pipe (by its `/dev/fd` path, so the loader reads without Python's global
lock), and the load writes N-Quads into the write end as it maps its sources. Mapping (Python)
and loading (Oxigraph's threads) then run at the same time instead of one after the other.

The quads come from lanka's own N-Triples writer (which checks each IRI as Oxigraph would,
`loaders.ntriples`), Oxigraph's serializer or a store's dump, so the loader skips its own
checks (`lenient`): measured on 0.9M quads, 10–25% of its time.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

import pyoxigraph as ox

from loaders.errors import StoreError

_PIPE_SIZE = 1 << 20  # bytes; Linux's F_SETPIPE_SZ, the most an unprivileged process may ask
_F_SETPIPE_SZ = 1031
_READ_BLOCK = 1 << 22  # bytes of a staged file read at a time
_END = b" .\n"
_FDS = "/dev/fd" if os.path.isdir("/dev/fd") else "/proc/self/fd"  # a descriptor as a path


def as_quads(block: bytes, graph: str | None) -> bytes:
    """N-Triples lines as N-Quads lines of `graph` (None: the default graph)."""
    return block if graph is None else block.replace(_END, f" <{graph}> .\n".encode())


class QuadStream:
    """N-Quads written into one running `bulk_load` of `store`."""

    def __init__(self, store: ox.Store) -> None:
        read_end, write_end = os.pipe()
        with suppress(OSError):  # a larger pipe: fewer switches between writer and loader
            fcntl.fcntl(write_end, _F_SETPIPE_SZ, _PIPE_SIZE)
        self._read_end = read_end
        self._out = os.fdopen(write_end, "wb", buffering=0)
        self._error: BaseException | None = None
        self.lines = 0
        self._thread = threading.Thread(
            target=self._load, args=(store,), name="lanka-bulk-load", daemon=True
        )
        self._thread.start()

    def _load(self, store: ox.Store) -> None:
        try:
            store.bulk_load(
                path=f"{_FDS}/{self._read_end}", format=ox.RdfFormat.N_QUADS, lenient=True
            )
        except (SyntaxError, OSError, ValueError) as exc:
            self._error = exc
        finally:  # the writer's next write fails instead of waiting for a reader forever
            os.close(self._read_end)

    def add(self, block: bytes, lines: int, into: Sequence[str | None]) -> None:
        """N-Triples `block` (of `lines` lines) into each graph of `into` (None: the default
        graph, where the union copy lives)."""
        for graph in into:
            self._write(as_quads(block, graph))
        self.lines += lines

    def add_file(self, path: Path, into: Sequence[str | None]) -> None:
        """An N-Triples file into the graphs `into`, read a few megabytes at a time."""
        with path.open("rb") as file:
            rest = b""
            while chunk := file.read(_READ_BLOCK):
                whole, _, rest = (rest + chunk).rpartition(b"\n")
                if whole:
                    self.add(whole + b"\n", whole.count(b"\n") + 1, into)
            if rest.strip():
                self.add(rest + b"\n", 1, into)

    def _write(self, data: bytes) -> None:
        """All of `data`: a write into a pipe that a signal interrupts returns after part of
        it (a profiler or debugger attaching is enough), and the rest must follow."""
        rest = memoryview(data)
        try:
            while rest:
                rest = rest[self._out.write(rest) or 0 :]
        except BrokenPipeError:  # the loader stopped: say why
            self.abort()
            raise self._failure() from None

    def close(self) -> None:
        """End the input and wait for the loader to finish writing the store."""
        self._out.close()
        self._thread.join()
        if self._error is not None:
            raise self._failure()

    def abort(self) -> None:
        """End the input and wait, whatever the loader made of it (its store is discarded).

        A line no parser accepts ends the loader at once: it drops the batches it holds
        instead of sorting and writing them for nothing.
        """
        if not self._out.closed:
            with suppress(OSError):  # the loader may be gone already: nothing to stop then
                self._out.write(b"\n<abandoned>\n")
            with suppress(OSError):  # unbuffered: closing writes nothing that could fail
                self._out.close()
        self._thread.join()

    def _failure(self) -> StoreError:
        reason = self._error or "?"
        return StoreError(
            f"uuden tietovaraston kirjoitus epäonnistui: {reason}",
            f"writing the new store failed: {reason}",
        )
