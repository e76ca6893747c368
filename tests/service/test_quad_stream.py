"""One bulk load fed while it runs: graphs and their union copy land together."""

from __future__ import annotations

import signal
from pathlib import Path

import pyoxigraph as ox
import pytest

from loaders.errors import StoreError
from service.quad_stream import QuadStream, as_quads

G, U = "http://example.org/g", "http://example.org/union"
LINES = b'_:b1 <http://example.org/p> "1" .\n<http://example.org/s> <http://example.org/p> _:b1 .\n'


def test_ntriples_lines_become_quads_of_a_graph_or_stay_in_the_default_graph() -> None:
    line = b'<http://example.org/s> <http://example.org/p> "a . b" .\n'
    assert as_quads(line, G) == (
        b'<http://example.org/s> <http://example.org/p> "a . b" <http://example.org/g> .\n'
    )
    assert as_quads(line, None) == line


def test_a_graph_and_its_copy_share_their_blank_nodes(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "store"))
    stream = QuadStream(store)
    stream.add(LINES, 2, (G, None))  # None: the default graph, where the union copy lives
    stream.close()
    in_graph = set(store.quads_for_pattern(None, None, None, ox.NamedNode(G)))
    in_copy = set(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert len(in_graph) == len(in_copy) == 2
    assert {ox.Triple(q.subject, q.predicate, q.object) for q in in_graph} == {
        ox.Triple(q.subject, q.predicate, q.object) for q in in_copy
    }
    assert stream.lines == 2


def test_a_file_is_streamed_whole_however_it_is_cut(tmp_path: Path) -> None:
    lines = b"".join(
        f"<http://example.org/s{i}> <http://example.org/p> <http://example.org/o> .\n".encode()
        for i in range(50_000)
    )
    path = tmp_path / "g.nt"
    path.write_bytes(lines[:-1])  # the last line without its line break
    store = ox.Store(str(tmp_path / "store"))
    stream = QuadStream(store)
    stream.add_file(path, (G,))
    stream.close()
    assert len(store) == stream.lines == 50_000


def test_input_the_loader_refuses_fails_the_stream(tmp_path: Path) -> None:
    stream = QuadStream(ox.Store(str(tmp_path / "store")))
    with pytest.raises(StoreError, match="writing the new store failed"):
        for _ in range(200):  # more than the pipe holds: the writer sees the loader stop
            stream.add(b"this is not N-Triples .\n" * 10_000, 10_000, (G,))
        stream.close()


def test_an_aborted_stream_ends_its_load_without_writing_anything(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "store"))
    stream = QuadStream(store)
    stream.add(LINES, 2, (G,))
    stream.abort()
    stream.abort()  # twice is fine
    assert len(store) == 0


def test_writes_interrupted_by_signals_lose_nothing(tmp_path: Path) -> None:
    """A signal that interrupts a write into the pipe leaves it written in part (a profiler
    attaching to `lanka load` did that); the rest still reaches the loader."""
    lines = b"".join(
        f'<http://example.org/s{i}> <http://example.org/p> "{"x" * 200}" .\n'.encode()
        for i in range(20_000)
    )
    previous = signal.signal(signal.SIGALRM, lambda _signum, _frame: None)
    signal.setitimer(signal.ITIMER_REAL, 0.0005, 0.0005)
    try:
        store = ox.Store(str(tmp_path / "store"))
        stream = QuadStream(store)
        for _ in range(5):
            stream.add(lines, 20_000, (G, U))
        stream.close()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert len(store) == 2 * 20_000
