"""Kept answers: served for the same request over the same data, dropped at the next write."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pyoxigraph as ox

from service.result_cache import ResultCache
from service.store import EmbeddedStore, QueryRequest, UpdateRequest

COUNT = QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", accept="text/csv")


@dataclass(frozen=True)
class Body:
    body: bytes


def test_an_answer_is_kept_for_its_generation_only() -> None:
    cache: ResultCache[Body] = ResultCache(1000)
    cache.put(1, "q", Body(b"one"))
    assert cache.get(1, "q") == Body(b"one")
    assert cache.get(2, "q") is None


def test_an_answer_evaluated_before_a_write_is_not_kept_after_it() -> None:
    cache: ResultCache[Body] = ResultCache(1000)
    cache.put(2, "new", Body(b"after"))
    cache.put(1, "old", Body(b"before"))
    assert cache.get(2, "new") == Body(b"after")
    assert cache.get(1, "old") is None and cache.get(2, "old") is None


def test_the_least_recently_used_answers_go_first_when_memory_runs_out() -> None:
    cache: ResultCache[Body] = ResultCache(800)
    for name in "abcdefgh":
        cache.put(1, name, Body(b"x" * 100))
    cache.get(1, "a")
    cache.put(1, "i", Body(b"x" * 100))
    assert cache.get(1, "a") is not None
    assert cache.get(1, "b") is None
    assert len(cache) == 8


def test_an_answer_over_an_eighth_of_the_memory_is_not_kept() -> None:
    cache: ResultCache[Body] = ResultCache(800)
    cache.put(1, "big", Body(b"x" * 101))
    assert cache.get(1, "big") is None


def test_a_write_through_the_store_gives_the_next_query_the_new_answer() -> None:
    store = EmbeddedStore(None)
    store.cache_results(1)
    assert store.query(COUNT).body.splitlines()[1] == b"0"
    store.update(UpdateRequest("INSERT DATA { GRAPH <http://example.org/g> { <x:a> <x:b> 1 } }"))
    assert store.query(COUNT).body.splitlines()[1] == b"1"


def test_a_fresh_request_is_evaluated_again() -> None:
    store = EmbeddedStore(None)
    store.cache_results(1)
    store.query(COUNT)
    # a change the store did not make itself (as a second process could on a remote server)
    store._store.add(
        ox.Quad(ox.NamedNode("x:a"), ox.NamedNode("x:b"), ox.Literal("1"), ox.NamedNode("x:g"))
    )
    assert store.query(COUNT).body.splitlines()[1] == b"0"  # the kept answer
    assert store.query(replace(COUNT, fresh=True)).body.splitlines()[1] == b"1"


def test_values_worked_out_from_the_data_are_remembered_until_the_next_write() -> None:
    store = EmbeddedStore(None)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert store.remembered("key", compute) == 1
    assert store.remembered("key", compute) == 1
    store.update(UpdateRequest("INSERT DATA { GRAPH <http://example.org/g> { <x:a> <x:b> 1 } }"))
    assert store.remembered("key", compute) == 2


def test_a_kept_answer_is_found_without_evaluating_only_once_there_is_one() -> None:
    store = EmbeddedStore(None)
    assert not store.keeps_answers and store.kept(COUNT) is None
    store.cache_results(1)
    assert store.keeps_answers and store.kept(COUNT) is None
    evaluated = store.query(COUNT)
    assert store.kept(COUNT) == evaluated
    assert store.kept(replace(COUNT, fresh=True)) is None  # Cache-Control: no-cache
