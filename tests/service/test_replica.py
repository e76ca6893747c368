"""The read replica: the default graph in memory answers what it can, exactly as the disk
would; everything else, and everything after a write until a new replica is built, goes to
disk; a query past its time limit stops the replica and nothing is lost."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from loaders.errors import QueryTimeout
from queries.registry import load_registry
from service.app import create_app
from service.catalog import data_graphs
from service.loading import load_paths
from service.named_queries import run_named
from service.query_worker import QueryJob
from service.replica import Replica, background_loop, reads_default_graph_only
from service.settings import Settings
from service.store import EmbeddedStore, Limits, QueryRequest, UpdateRequest

JSON = "application/sparql-results+json"
MEASURES = "SELECT ?m WHERE { ?m a <https://w3id.org/lanka/ontology#Measure> } ORDER BY ?m"
# 100 numbers joined four ways: minutes of work for one row
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?w . ?b ?p ?x . ?c ?p ?y . ?d ?p ?z "
    "FILTER(?w + ?x + ?y + ?z > 1000) }"
)
NUMBERS = " ".join(f"<http://example.org/s{i}> <http://example.org/p> {i} ." for i in range(100))


def ready(store: EmbeddedStore, seconds: float = 60.0) -> Replica:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        replica = store.replica
        if replica is not None and replica.state != "building":
            return replica
        time.sleep(0.05)
    raise AssertionError("the replica was not built in time")


@pytest.fixture
def replicated(settings: Settings, county: Path) -> Iterator[tuple[EmbeddedStore, Settings]]:
    store = EmbeddedStore(settings.store)
    load_paths(store, [county], settings)
    store.replicate()
    try:
        yield store, settings
    finally:
        store.close()


def request(store: EmbeddedStore, settings: Settings, query: str, **limits: float) -> QueryRequest:
    return QueryRequest(
        query,
        accept=JSON,
        data_graphs=tuple(data_graphs(store, settings.base_iri)),
        limits=Limits(**limits) if limits else Limits(),
        fresh=True,
    )


def rows(body: bytes) -> list[dict[str, str]]:
    bindings = json.loads(body)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def test_the_replica_answers_the_default_graph_as_the_disk_does(
    replicated: tuple[EmbeddedStore, Settings],
) -> None:
    store, settings = replicated
    replica = ready(store)
    assert replica.state == "ready" and replica.triples > 0
    answer = store.query(request(store, settings, MEASURES))
    assert replica.answered == 1
    graphs = data_graphs(store, settings.base_iri)
    _names, expected = store.select_rows(MEASURES, default_graphs=graphs)  # in this process
    assert rows(answer.body) == [{"m": str(row["m"])} for row in expected]
    assert len(expected) > 0


def test_queries_of_named_graphs_go_to_disk(replicated: tuple[EmbeddedStore, Settings]) -> None:
    store, settings = replicated
    replica = ready(store)
    by_graph = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    graphs = {row["g"] for row in rows(store.query(request(store, settings, by_graph)).body)}
    assert set(data_graphs(store, settings.base_iri)) <= graphs
    assert replica.answered == 0


def test_a_write_is_read_at_once_and_a_new_replica_follows(
    replicated: tuple[EmbeddedStore, Settings],
) -> None:
    store, settings = replicated
    before = ready(store)
    store.update(UpdateRequest(f"INSERT DATA {{ {NUMBERS} }}"))
    found = "SELECT ?s WHERE { ?s <http://example.org/p> 99 }"
    assert rows(store.query(request(store, settings, found)).body) == [
        {"s": "http://example.org/s99"}
    ]
    assert before.answered == 0 and before.state == "lost"  # stale: stopped, not asked
    after = ready(store)
    assert after is not before and after.generation == store.generation
    assert rows(store.query(request(store, settings, found)).body) == [
        {"s": "http://example.org/s99"}
    ]
    assert after.answered == 1


def test_a_query_past_its_time_limit_stops_the_replica_and_the_next_is_answered(
    replicated: tuple[EmbeddedStore, Settings],
) -> None:
    store, settings = replicated
    store.update(UpdateRequest(f"INSERT DATA {{ {NUMBERS} }}"))
    store.query(request(store, settings, "ASK {}"))  # starts a replica of the new data
    replica = ready(store)
    with pytest.raises(QueryTimeout):
        store.query(request(store, settings, SLOW, timeout=0.5))
    assert replica.state == "lost" and replica.process.poll() is not None
    answer = store.query(request(store, settings, "ASK { ?s ?p 99 }"))
    assert json.loads(answer.body)["boolean"] is True  # from disk, while no replica is ready


def test_a_query_taking_long_does_not_hold_up_the_next(
    replicated: tuple[EmbeddedStore, Settings],
) -> None:
    """The replica's first thread is busy with a long query: the next query goes to its
    second thread and is answered meanwhile."""
    store, settings = replicated
    store.update(UpdateRequest(f"INSERT DATA {{ {NUMBERS} }}"))
    store.query(request(store, settings, "ASK {}"))  # starts a replica of the new data
    replica = ready(store)
    with ThreadPoolExecutor(1) as pool:
        long = pool.submit(store.query, request(store, settings, SLOW, timeout=5))
        time.sleep(0.5)
        answer = store.query(request(store, settings, "ASK { ?s ?p 99 }"))
        assert json.loads(answer.body)["boolean"] is True
        assert replica.answered == 1 and not long.done()  # by the replica, meanwhile
        with pytest.raises(QueryTimeout):
            long.result()


def test_a_replica_that_dies_loses_no_query(replicated: tuple[EmbeddedStore, Settings]) -> None:
    store, settings = replicated
    replica = ready(store)
    replica.process.kill()
    replica.process.wait()
    answer = store.query(request(store, settings, MEASURES))
    assert rows(answer.body)  # answered on disk
    assert replica.state == "lost"


@pytest.mark.parametrize(
    ("query", "alone"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", True),
        ('SELECT * WHERE { ?s ?p "GRAPH" } # GRAPH in a comment', True),
        ("SELECT * WHERE { ?s <http://example.org/graph> ?graph }", True),
        ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", False),
        ("select * where { graph <http://example.org/g> { ?s ?p ?o } }", False),
        ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", False),
    ],
)
def test_what_reads_the_default_graph_only(query: str, alone: bool) -> None:
    assert reads_default_graph_only(query) is alone


def test_a_request_dataset_is_answered_only_when_it_lists_the_data_graphs(
    replicated: tuple[EmbeddedStore, Settings],
) -> None:
    store, settings = replicated
    replica = ready(store)
    graphs = tuple(data_graphs(store, settings.base_iri))
    listed = QueryJob("ASK {}", None, tuple(reversed(graphs)), (), (), None, 1.0, 1, 1)
    assert replica.holds_listed and replica.can_answer(listed)
    more = (*graphs, "http://example.org/another")
    assert not replica.can_answer(replace(listed, default_graphs=more))
    assert replica.can_answer(
        replace(listed, default_graphs=None, named_graphs=None, data_graphs=graphs)
    )
    assert not replica.can_answer(replace(listed, query="ASK { GRAPH ?g {} }"))


def test_named_queries_are_answered_by_the_replica(
    replicated: tuple[EmbeddedStore, Settings],
) -> None:
    store, settings = replicated
    replica = ready(store)
    query = load_registry().get("measures-without-owner-violation")
    limits = Limits()
    through_replica = run_named(store, query, {}, settings.base_iri, limits)
    assert replica.answered == 1
    in_process = run_named(store, query, {}, settings.base_iri)  # no limits: this thread
    assert through_replica.rows == in_process.rows


def test_the_replica_is_off_unless_asked_for(settings: Settings, county: Path) -> None:
    store = EmbeddedStore(settings.store)
    try:
        load_paths(store, [county], settings)
        store.query(QueryRequest(MEASURES, accept=JSON))
        assert store.replica is None
    finally:
        store.close()


def test_a_lost_replica_is_replaced_only_after_as_long_as_it_took_to_build(
    replicated: tuple[EmbeddedStore, Settings],
) -> None:
    store, settings = replicated
    replica = ready(store)
    assert replica.build_seconds is not None
    replica.stop()
    assert not replica.may_be_replaced()
    store.query(request(store, settings, MEASURES))  # on disk; no new replica yet
    assert store.replica is replica
    time.sleep(replica.build_seconds + 0.05)
    assert replica.may_be_replaced()
    store.query(request(store, settings, MEASURES))
    assert store.replica is not replica


def test_a_server_reads_its_replica_on_its_own_event_loop(settings: Settings, county: Path) -> None:
    """Served, the replica's answers reach `/sparql` on the server's loop (no thread in
    between); a thread of the server that is not the loop's is answered by it too."""
    disk = EmbeddedStore(settings.store)
    try:
        load_paths(disk, [county], settings)
        with TestClient(create_app(settings, disk)) as client:
            replica = ready(disk)
            assert replica.state == "ready" and replica.loop is not background_loop()
            served = client.post(
                "/sparql",
                content=MEASURES,
                headers={"Content-Type": "application/sparql-query", "Accept": JSON},
            )
            assert served.status_code == 200 and replica.answered == 1
            from_a_thread = disk.query(request(disk, settings, MEASURES))
            assert replica.answered == 2
            assert rows(from_a_thread.body) == rows(served.content)
    finally:
        disk.close()
