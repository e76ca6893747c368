"""Results are serialised whole or refused: the row and byte limits are exact, never truncate."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service.result_limits import (
    LimitedSink,
    LimitReached,
    count_solutions,
    drop_unused_prefixes,
    serialize_solutions,
    serialize_triples,
)

FORMATS = [
    ox.QueryResultsFormat.JSON,
    ox.QueryResultsFormat.XML,
    ox.QueryResultsFormat.CSV,
    ox.QueryResultsFormat.TSV,
]
# literals made to fool a naive counter: row separators, line ends, tags, quotes
TRICKY = ['},{"x":1},{', "two\nlines\r\n", "<result>", 'a "quoted" },{ value', "tab\there"]


def store_with(rows: int) -> ox.Store:
    store = ox.Store()
    store.extend(
        ox.Quad(
            ox.NamedNode(f"http://example.org/s{i}"),
            ox.NamedNode("http://example.org/p"),
            ox.Literal(TRICKY[i % len(TRICKY)]),
        )
        for i in range(rows)
    )
    return store


def sink(fmt: ox.QueryResultsFormat | None, max_rows: int) -> LimitedSink:
    return LimitedSink(max_bytes=10**8, max_rows=max_rows, deadline=None, fmt=fmt)


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
def test_exactly_the_limit_passes_one_more_is_refused(fmt: ox.QueryResultsFormat) -> None:
    store = store_with(20)
    query = "SELECT ?s ?o WHERE { ?s ?p ?o }"
    body = serialize_solutions(store.query(query), fmt, sink(fmt, 20))  # type: ignore[arg-type]
    assert count_solutions(body, fmt) == 20
    with pytest.raises(LimitReached) as refused:
        serialize_solutions(store.query(query), fmt, sink(fmt, 19))  # type: ignore[arg-type]
    assert refused.value.what == "rows"


def test_tricky_literals_do_not_count_as_rows() -> None:
    store = store_with(5)
    body = serialize_solutions(
        store.query("SELECT ?o WHERE { ?s ?p ?o }"),  # type: ignore[arg-type]
        ox.QueryResultsFormat.JSON,
        sink(ox.QueryResultsFormat.JSON, 5),
    )
    assert body.count(b"},{") > 5  # the cheap bound overshoots, the exact count decides
    assert count_solutions(body, ox.QueryResultsFormat.JSON) == 5


def test_triples_are_counted_one_by_one() -> None:
    store = store_with(10)
    construct = "CONSTRUCT WHERE { ?s ?p ?o }"
    body = serialize_triples(store.query(construct), ox.RdfFormat.N_TRIPLES, sink(None, 10))  # type: ignore[arg-type]
    assert body.count(b"\n") == 10
    with pytest.raises(LimitReached):
        serialize_triples(store.query(construct), ox.RdfFormat.TURTLE, sink(None, 9))  # type: ignore[arg-type]


def test_the_byte_limit_stops_the_serialiser() -> None:
    store = store_with(2000)
    small = LimitedSink(
        max_bytes=4096, max_rows=10**6, deadline=None, fmt=ox.QueryResultsFormat.TSV
    )
    with pytest.raises(LimitReached) as refused:
        serialize_solutions(
            store.query("SELECT * WHERE { ?s ?p ?o }"),  # type: ignore[arg-type]
            ox.QueryResultsFormat.TSV,
            small,
        )
    assert refused.value.what == "bytes"
    assert len(small.body) <= 4096  # nothing past the limit is kept
    full = store.query("SELECT * WHERE { ?s ?p ?o }").serialize(format=ox.QueryResultsFormat.TSV)  # type: ignore[union-attr]
    assert small.size < len(full or b"")  # and the serialiser stopped early


def test_turtle_keeps_only_the_prefixes_it_uses() -> None:
    turtle = (
        b"@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
        b"@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        b"@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
        b'<http://a> foaf:name "1"^^xsd:integer .\n'
    )
    assert drop_unused_prefixes(turtle) == (
        b"@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        b"@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
        b'<http://a> foaf:name "1"^^xsd:integer .\n'
    )
