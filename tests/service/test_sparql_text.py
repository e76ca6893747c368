"""Keywords at brace depth 0: a query's own dataset, an update's USING, CLEAR made silent."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service.sparql_text import (
    clear_silently,
    declares_dataset,
    declares_update_dataset,
    is_absolute_iri,
    with_using,
)


@pytest.mark.parametrize(
    ("query", "declared"),
    [
        ("SELECT * FROM <http://g> WHERE { ?s ?p ?o }", True),
        ("ask from named <http://g> {}", True),
        ("CONSTRUCT { ?s ?p ?o } FROM <http://g> WHERE { ?s ?p ?o }", True),
        ("SELECT * WHERE { ?s <http://from> 'FROM' } # FROM <http://g>", False),
        ("PREFIX ex: <http://e/> SELECT ?from WHERE { ?s ex:from ?from }", False),
        ('SELECT * WHERE { ?s ?p """\nFROM <x:y>\n""" }', False),
    ],
)
def test_a_dataset_clause_is_seen_only_outside_strings_iris_comments_and_braces(
    query: str, declared: bool
) -> None:
    assert declares_dataset(query) is declared


def test_an_update_declares_its_dataset_with_using_or_with() -> None:
    assert declares_update_dataset("WITH <x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert declares_update_dataset("DELETE { ?s ?p ?o } USING <x:g> WHERE { ?s ?p ?o }")
    assert not declares_update_dataset("INSERT DATA { <x:a> <x:with> 'USING' }")


def _run(update: str) -> list[str]:
    store = ox.Store()
    store.update("INSERT DATA { GRAPH <x:g1> { <x:a> a <x:T> } GRAPH <x:g2> { <x:b> a <x:T> } }")
    store.update(update)
    return sorted(r["s"].value for r in store.query("SELECT ?s { GRAPH <x:out> { ?s a <x:T> } }"))


def test_using_clauses_go_before_each_top_level_where() -> None:
    update = "INSERT { GRAPH <x:out> { ?s a <x:T> } } WHERE { ?s a <x:T> FILTER(?s != <x:WHERE>) }"
    rewritten = with_using(update, ("x:g1",), ())
    assert "USING <x:g1> WHERE" in rewritten
    assert _run(rewritten) == ["x:a"]


def test_delete_where_takes_the_dataset_through_an_equivalent_modify() -> None:
    rewritten = with_using("DELETE WHERE { GRAPH ?g { ?s a <x:T> } }", (), ("x:g2",))
    assert rewritten.startswith("DELETE { GRAPH ?g { ?s a <x:T> } } USING NAMED <x:g2> WHERE")
    store = ox.Store()
    store.update("INSERT DATA { GRAPH <x:g1> { <x:a> a <x:T> } GRAPH <x:g2> { <x:b> a <x:T> } }")
    store.update(rewritten)
    assert [q.subject.value for q in store] == ["x:a"]


def test_graph_names_for_using_must_be_absolute_iris() -> None:
    with pytest.raises(ValueError):
        with_using("INSERT { <x:a> <x:b> 1 } WHERE {}", ("relative",), ())
    assert is_absolute_iri("http://example.org/g")
    assert not is_absolute_iri("http://example.org/a b")


def test_clear_is_made_silent_so_a_missing_graph_can_be_cleared() -> None:
    assert clear_silently("CLEAR GRAPH <x:g> ; clear silent default") == (
        "CLEAR SILENT GRAPH <x:g> ; clear silent default"
    )
    assert clear_silently("INSERT DATA { <x:a> <x:b> 'CLEAR' }").count("SILENT") == 0
    ox.Store().update(clear_silently("CLEAR GRAPH <x:never-there>"))
