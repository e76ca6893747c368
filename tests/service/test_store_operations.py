"""The store's SPARQL 1.1 operations: queries with limits, updates, whole-graph writes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest

from loaders.errors import (
    GraphNotFound,
    QuerySyntaxError,
    QueryTimeout,
    RdfSyntaxError,
    ResultTooLarge,
)
from service.store import (
    STAGING_PREFIX,
    Dataset,
    EmbeddedStore,
    Limits,
    Payload,
    QueryRequest,
    UpdateRequest,
)

G = "http://example.org/g"
TURTLE = "text/turtle"


def turtle(text: str) -> list[Payload]:
    return [Payload(text.encode(), TURTLE)]


def test_a_query_in_memory_answers_in_process(store: EmbeddedStore) -> None:
    store.update(UpdateRequest("INSERT DATA { GRAPH <http://example.org/g> { <x:a> <x:b> 1 } }"))
    answer = store.query(
        QueryRequest("SELECT ?o { ?s ?p ?o }", accept="text/csv", dataset=Dataset((G,)))
    )
    assert (answer.media_type, answer.body) == ("text/csv", b"o\r\n1\r\n")


def test_in_memory_the_time_limit_is_checked_while_writing(store: EmbeddedStore) -> None:
    values = " ".join(str(i) for i in range(5000))
    query = f"SELECT ?n {{ VALUES ?n {{ {values} }} }}"
    with pytest.raises(QueryTimeout):
        store.query(QueryRequest(query, limits=Limits(timeout=1e-9)))


def test_limits_and_syntax_errors_become_project_errors(store: EmbeddedStore) -> None:
    with pytest.raises(ResultTooLarge):
        store.query(QueryRequest("SELECT ?n { VALUES ?n { 1 2 } }", limits=Limits(max_rows=1)))
    with pytest.raises(QuerySyntaxError) as wrong:
        store.query(QueryRequest("SELECT ?n {\n  ?n ?p \n}"))
    assert (wrong.value.line, wrong.value.column) == (3, 2)


def test_put_replaces_a_graph_and_says_whether_it_was_new(store: EmbeddedStore) -> None:
    assert store.put_graph(G, turtle("<x:a> <x:b> 'one' ."), G) is True
    assert store.put_graph(G, turtle("<x:a> <x:b> 'two' ."), G) is False
    assert store.get_graph(G, "application/n-triples") == b'<x:a> <x:b> "two" .\n'
    assert not any(g.startswith(STAGING_PREFIX) for g in store.graph_names())


@pytest.mark.parametrize("graph", [G, None])
def test_put_keeps_every_term_exactly(store: EmbeddedStore, graph: str | None) -> None:
    """The triples are written through SPARQL Update's INSERT DATA: escapes, `\\u` sequences,
    astral characters, language tags and datatypes come back as they went in."""
    nquads = "\n".join(
        [
            r'<x:a> <x:b> "x\\u0022y \"quoted\" back\\slash } ." .',
            r'<x:a> <x:b> "line\nbreak\ttab 𝄞 ä" .',
            '<x:a> <x:b> "arvo"@fi-x-kainuu .',
            '<x:a> <x:b> "2026-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .',
            "<x:a> <x:b> _:n .",
            '_:n <x:c> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .',
        ]
    )
    store.put_graph(graph, [Payload(nquads.encode(), "application/n-triples")], G)
    written = ox.Dataset(ox.parse(nquads.encode(), format=ox.RdfFormat.N_TRIPLES))
    read = ox.Dataset(
        ox.parse(store.get_graph(graph, "application/n-triples"), format=ox.RdfFormat.N_TRIPLES)
    )
    written.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    read.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    assert read == written


def test_a_write_that_does_not_parse_writes_nothing(store: EmbeddedStore) -> None:
    store.put_graph(G, turtle("<x:a> <x:b> 'one' ."), G)
    good, bad = Payload(b"<x:a> <x:b> 'three' .", TURTLE), Payload(b"<x:a> <x:b> .", TURTLE)
    for write in (store.put_graph, store.post_graph):
        with pytest.raises(RdfSyntaxError):
            write(G, [good, bad], G)
    assert store.get_graph(G, "application/n-triples") == b'<x:a> <x:b> "one" .\n'


def test_blank_nodes_of_two_posts_stay_apart(store: EmbeddedStore) -> None:
    store.post_graph(G, turtle("_:x <x:b> 1 ."), G)
    store.post_graph(G, turtle("_:x <x:b> 2 ."), G)
    answer = store.query(
        QueryRequest(
            "SELECT (COUNT(DISTINCT ?s) AS ?n) { GRAPH ?g { ?s ?p ?o } }", accept="text/csv"
        )
    )
    assert answer.body == b"n\r\n2\r\n"


def test_delete_drops_a_named_graph_and_clears_the_default(store: EmbeddedStore) -> None:
    store.put_graph(None, turtle("<x:a> <x:b> 'one' ."), "http://example.org/")
    store.put_graph(G, turtle("<x:a> <x:b> 'one' ."), G)
    store.delete_graph(G)
    store.delete_graph(None)
    assert not store.has_graph(G)
    assert store.get_graph(None, "application/n-triples") == b""
    with pytest.raises(GraphNotFound):
        store.delete_graph(G)


def test_an_empty_put_creates_an_empty_graph(store: EmbeddedStore) -> None:
    assert store.put_graph(G, turtle(""), G) is True
    assert store.has_graph(G)


KILL_DURING_PUT = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from service.store import EmbeddedStore, Payload

    store = EmbeddedStore(Path(sys.argv[1]))
    real = store._store

    class DiesAtTheSwap:
        '''The real Oxigraph store, except that the process is killed at the swap.'''

        def __getattr__(self, name):
            return getattr(real, name)

        def update(self, *args, **kwargs):
            os.kill(os.getpid(), signal.SIGKILL)

    store._store = DiesAtTheSwap()
    store.put_graph("http://example.org/g", [Payload(b"<x:a> <x:b> 'two' .", "text/turtle")], "x:")
""")


def test_a_put_killed_at_the_swap_leaves_the_previous_graph(tmp_path: Path) -> None:
    first = EmbeddedStore(tmp_path / "store")
    first.put_graph(G, turtle("<x:a> <x:b> 'one' ."), G)
    first.close()
    del first
    result = subprocess.run(
        [sys.executable, "-c", KILL_DURING_PUT, str(tmp_path / "store")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == -9, result.stderr
    reopened = EmbeddedStore(tmp_path / "store")
    reopened.discard_staging()
    assert reopened.get_graph(G, "application/n-triples") == b'<x:a> <x:b> "one" .\n'
    assert reopened.graph_names() == [G]
    reopened.close()
