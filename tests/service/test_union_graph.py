"""The default graph's copy: always the union of the data graphs, or not used at all; the
triples users write to the default graph seen as before the copy moved into it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from service import union_graph
from service.catalog import catalog_iri
from service.loading import load_paths
from service.next_generation import NextGeneration
from service.settings import Settings
from service.store import Answer, EmbeddedStore, Payload, QueryRequest, UpdateRequest
from tests.conftest import write_county
from tests.service.w3c import AUTH, endpoint

CATALOG = catalog_iri("https://w3id.org/lanka/")
HAS_PART = "http://purl.org/dc/terms/hasPart"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
NT = "application/n-triples"
G1, G2, OTHER = "http://example.org/g1", "http://example.org/g2", "http://example.org/other"


def quad(s: str, o: str, graph: str | ox.NamedNode) -> ox.Quad:
    name = graph if isinstance(graph, ox.NamedNode) else ox.NamedNode(graph)
    return ox.Quad(ox.NamedNode(s), ox.NamedNode("http://example.org/p"), ox.NamedNode(o), name)


def listed(store: ox.Store, *graphs: str) -> None:
    """Make `graphs` data graphs: parts of a dataset in the catalog."""
    dataset = ox.NamedNode("http://example.org/dataset")
    store.extend(
        ox.Quad(dataset, ox.NamedNode(HAS_PART), ox.NamedNode(g), ox.NamedNode(CATALOG))
        for g in graphs
    )


def copy_of(store: ox.Store) -> set[str]:
    """The store's default graph, where the copy lives (the tests here write no own
    default triples unless they say so)."""
    return {
        str(ox.Triple(q.subject, q.predicate, q.object))
        for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    }


def union_of(store: ox.Store, *graphs: str) -> set[str]:
    return {
        str(ox.Triple(q.subject, q.predicate, q.object))
        for g in graphs
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))
    }


def test_a_rebuild_copies_the_union_of_the_data_graphs_and_records_which() -> None:
    store = ox.Store()
    store.extend(
        [
            quad("x:a", "x:b", G1),
            quad("x:a", "x:b", G2),
            quad("x:c", "x:d", G2),
            quad("x:e", "x:f", OTHER),
        ]
    )
    listed(store, G1, G2)
    union_graph.rebuild(store, union_graph.data_graphs(store, CATALOG))
    assert union_graph.covered(store) == {G1, G2}
    assert (
        copy_of(store)
        == union_of(store, G1, G2)
        == {"<x:a> <http://example.org/p> <x:b>", "<x:c> <http://example.org/p> <x:d>"}
    )


def test_the_copy_answers_only_for_exactly_the_graphs_it_holds() -> None:
    store = ox.Store()
    store.extend([quad("x:a", "x:b", G1), quad("x:c", "x:d", G2)])
    union_graph.rebuild(store, [G1, G2])
    assert union_graph.default_graph(store, [G2, G1], with_store_default=False) == [
        ox.DefaultGraph()
    ]
    assert union_graph.default_graph(store, [G1], with_store_default=False) == [ox.NamedNode(G1)]
    assert union_graph.default_graph(store, [G1, G2], with_store_default=True) == [
        ox.DefaultGraph()
    ]
    union_graph.invalidate(store)  # a server write of the store's own default graph
    store.add(ox.Quad(ox.NamedNode("x:s"), ox.NamedNode("x:p"), ox.NamedNode("x:o")))
    union_graph.rebuild(store, [G1, G2])
    assert union_graph.default_graph(store, [G1, G2], with_store_default=True) == [
        ox.DefaultGraph()
    ]
    # the default graph holds more than asked for: the listed graphs alone
    assert union_graph.default_graph(store, [G1, G2], with_store_default=False) == [
        ox.NamedNode(G1),
        ox.NamedNode(G2),
    ]
    assert union_graph.default_graph(store, [G1], with_store_default=True) == [
        union_graph.OWN_GRAPH,
        ox.NamedNode(G1),
    ]


def test_a_copy_without_its_record_is_never_used() -> None:
    store = ox.Store()
    store.add(quad("x:a", "x:b", G1))
    union_graph.rebuild(store, [G1])
    union_graph.invalidate(store)
    assert union_graph.covered(store) is None
    assert union_graph.default_graph(store, [G1], with_store_default=False) == [ox.NamedNode(G1)]


def load(refresh: union_graph.Refresh, quads: list[ox.Quad]) -> None:
    """What a load does after `before_removal`: the new graphs in place, with their part of
    the copy when it has one to keep up (`copied`), then `finish`."""
    copied = refresh.copied() or frozenset()
    refresh.store.extend(quads)
    refresh.store.extend(
        ox.Quad(q.subject, q.predicate, q.object)
        for q in quads
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in copied
    )
    refresh.finish({q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)})


def checkpoint(old: ox.Store) -> ox.Store:
    """What a new generation starts as: everything the current one holds."""
    new = ox.Store()
    new.extend(old.quads_for_pattern(None, None, None, None))
    return new


def test_a_load_keeps_in_the_copy_a_triple_another_data_graph_still_holds() -> None:
    old = ox.Store()
    old.extend(
        [quad("x:shared", "x:v", G1), quad("x:only1", "x:v", G1), quad("x:shared", "x:v", G2)]
    )
    union_graph.rebuild(old, [G1, G2])
    new = checkpoint(old)
    refresh = union_graph.Refresh(new, frozenset({G1, G2}), {G1})
    refresh.before_removal()
    new.remove_graph(ox.NamedNode(G1))
    load(refresh, [quad("x:new1", "x:v", G1)])
    assert union_graph.covered(new) == {G1, G2}
    assert copy_of(new) == union_of(new, G1, G2)
    assert "<x:shared> <http://example.org/p> <x:v>" in copy_of(new)
    assert "<x:only1> <http://example.org/p> <x:v>" not in copy_of(new)


def test_a_reloaded_graph_keeps_in_the_copy_what_it_still_holds() -> None:
    old = ox.Store()
    old.extend([quad("x:kept", "x:v", G1), quad("x:gone", "x:v", G1)])
    union_graph.rebuild(old, [G1])
    new = checkpoint(old)
    refresh = union_graph.Refresh(new, frozenset({G1}), {G1})
    refresh.before_removal()
    new.remove_graph(ox.NamedNode(G1))
    load(refresh, [quad("x:kept", "x:v", G1)])
    assert copy_of(new) == {"<x:kept> <http://example.org/p> <x:v>"}


def test_a_graph_leaving_the_catalog_leaves_the_copy() -> None:
    old = ox.Store()
    old.extend([quad("x:a", "x:v", G1), quad("x:b", "x:v", G2)])
    union_graph.rebuild(old, [G1, G2])
    new = checkpoint(old)
    refresh = union_graph.Refresh(new, frozenset({G2}), set())
    refresh.before_removal()
    refresh.finish([])
    assert union_graph.covered(new) == {G2}
    assert copy_of(new) == union_of(new, G2)


def test_a_graph_joining_the_catalog_joins_the_copy() -> None:
    old = ox.Store()
    old.extend([quad("x:a", "x:v", G1), quad("x:b", "x:v", G2)])
    union_graph.rebuild(old, [G1])
    new = checkpoint(old)
    refresh = union_graph.Refresh(new, frozenset({G1, G2}), set())
    refresh.before_removal()
    refresh.finish([])
    assert copy_of(new) == union_of(new, G1, G2)


def test_a_store_without_a_copy_gets_one_afresh() -> None:
    blank = ox.BlankNode()
    quads = [
        ox.Quad(blank, ox.NamedNode("http://example.org/p"), ox.Literal("1"), ox.NamedNode(G1)),
        quad("x:a", "x:b", G2),
    ]
    store = ox.Store()
    refresh = union_graph.Refresh(store, frozenset({G1, G2}), {G1, G2})
    refresh.before_removal()
    assert refresh.copied() is None
    load(refresh, quads)
    assert union_graph.covered(store) == {G1, G2}
    assert copy_of(store) == union_of(store, G1, G2)  # the blank node is the same one


def test_the_data_graphs_after_a_load_come_from_the_catalog_it_stages(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.nt"
    catalog.write_text(f"<http://example.org/d> <{HAS_PART}> <{G2}> .\n", encoding="utf-8")
    store = ox.Store()
    listed(store, G1)
    assert union_graph.data_graphs_after(store, CATALOG, None) == {G1}
    assert union_graph.data_graphs_after(store, CATALOG, catalog) == {G2}


# the embedded store keeps the copy in step with every kind of write


def construct_default(store: EmbeddedStore, data: list[str]) -> set[str]:
    answer: Answer = store.query(
        QueryRequest("CONSTRUCT WHERE { ?s ?p ?o }", accept=NT, data_graphs=tuple(data))
    )
    return {str(t) for t in ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)}


def exported_union(store: EmbeddedStore, data: list[str]) -> set[str]:
    return {
        str(t) for g in data for t in ox.parse(store.export("nt", g), format=ox.RdfFormat.N_TRIPLES)
    }


def data_of(store: EmbeddedStore) -> list[str]:
    _names, rows = store.select_rows(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH <{CATALOG}> {{ ?d <{HAS_PART}> ?g }} }}"
    )
    return sorted(str(row["g"]) for row in rows)


def recorded(path: Path) -> frozenset[str] | None:
    """What the copy on disk holds, read from a read-only view of the current generation."""
    return union_graph.covered(ox.Store.read_only(str(path.resolve())))


@pytest.fixture
def disk_store(settings: Settings) -> Iterator[EmbeddedStore]:
    opened = EmbeddedStore(settings.store, query_workers=1)
    yield opened
    opened.close()


def test_after_a_load_the_default_graph_is_the_union_of_the_data_graphs(
    disk_store: EmbeddedStore, settings: Settings, county: Path, tmp_path: Path
) -> None:
    other = write_county(tmp_path / "other", area="toinen")
    load_paths(disk_store, [county, other], settings)
    data = data_of(disk_store)
    assert len(data) == 2
    assert construct_default(disk_store, data) == exported_union(disk_store, data)
    disk_store.close()
    assert recorded(settings.store) == set(data)


def test_reloading_one_county_of_two_updates_only_its_part_of_the_copy(
    disk_store: EmbeddedStore, settings: Settings, county: Path, tmp_path: Path
) -> None:
    other = write_county(tmp_path / "other", area="toinen")
    load_paths(disk_store, [county, other], settings)
    changed = write_county(tmp_path / "changed", area="toinen", version="2.0")
    (changed / "lahde" / "havainnot.csv").write_text(
        (changed / "lahde" / "havainnot.csv").read_text(encoding="utf-8").replace("41,5", "43"),
        encoding="utf-8",
    )
    load_paths(disk_store, [changed], settings)
    data = data_of(disk_store)
    union = construct_default(disk_store, data)
    assert union == exported_union(disk_store, data)
    assert any('"43"' in t for t in union) and not any(
        '"41.5"' in t and "toinen" in t for t in union
    )
    disk_store.close()
    assert recorded(settings.store) == set(data)


def test_an_update_of_a_data_graph_shows_in_the_default_graph(
    disk_store: EmbeddedStore, settings: Settings, county: Path
) -> None:
    load_paths(disk_store, [county], settings)
    data = data_of(disk_store)
    disk_store.update(
        UpdateRequest(f"INSERT DATA {{ GRAPH <{data[0]}> {{ <x:new> <x:p> <x:o> }} }}")
    )
    assert "<x:new> <x:p> <x:o>" in construct_default(disk_store, data)
    disk_store.update(
        UpdateRequest(f"DELETE DATA {{ GRAPH <{data[0]}> {{ <x:new> <x:p> <x:o> }} }}")
    )
    assert construct_default(disk_store, data) == exported_union(disk_store, data)


def test_graph_store_writes_of_a_data_graph_show_in_the_default_graph(
    disk_store: EmbeddedStore, settings: Settings, county: Path
) -> None:
    load_paths(disk_store, [county], settings)
    data = data_of(disk_store)
    disk_store.put_graph(
        data[0], [Payload(b"<x:only> <x:p> <x:o> .", "application/n-triples")], "x:"
    )
    assert construct_default(disk_store, data) == {"<x:only> <x:p> <x:o>"}
    disk_store.delete_graph(data[0])
    assert construct_default(disk_store, data) == set()


def test_the_copy_is_hidden_from_graph_listings_and_the_graph_store(
    disk_store: EmbeddedStore, settings: Settings, county: Path
) -> None:
    load_paths(disk_store, [county], settings)
    assert not any(g.startswith("urn:x-lanka:") for g in disk_store.graph_names())
    answer = disk_store.query(
        QueryRequest("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", accept="text/csv")
    )
    assert b"urn:x-lanka:" not in answer.body
    assert not disk_store.has_graph(union_graph.OWN_GRAPH.value)


def test_named_queries_reach_no_bookkeeping_graph_with_graph_variables(
    disk_store: EmbeddedStore, settings: Settings, county: Path
) -> None:
    load_paths(disk_store, [county], settings)
    _names, rows = disk_store.select_rows(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", default_graphs=data_of(disk_store)
    )
    assert sorted(str(row["g"]) for row in rows) == disk_store.graph_names()


def test_a_triple_two_data_graphs_hold_matches_once_as_in_an_rdf_merge(
    disk_store: EmbeddedStore, settings: Settings, county: Path, tmp_path: Path
) -> None:
    load_paths(disk_store, [county, write_county(tmp_path / "other", area="toinen")], settings)
    first, second = data_of(disk_store)
    disk_store.update(
        UpdateRequest(
            f"INSERT DATA {{ GRAPH <{first}> {{ <x:s> <x:p> <x:o> }} "
            f"GRAPH <{second}> {{ <x:s> <x:p> <x:o> }} }}"
        )
    )
    answer = disk_store.query(
        QueryRequest(
            "SELECT ?o WHERE { <x:s> <x:p> ?o }",
            accept="text/csv",
            data_graphs=(first, second),
        )
    )
    assert answer.body.splitlines() == [b"o", b"x:o"]


# the copy lives in the store's default graph; what users wrote there is seen as before

OWN_TRIPLE = "<x:a> <x:b> <x:c>"
SPARQL_UPDATE = {"content-type": "application/sparql-update", **AUTH}


def own_default(client: TestClient) -> set[str]:
    """The store's default graph as the Graph Store Protocol shows it."""
    answer = client.get("/store?default", headers={"accept": NT})
    assert answer.status_code == 200
    return {str(t) for t in ox.parse(answer.content, format=ox.RdfFormat.N_TRIPLES)}


def service_default(client: TestClient) -> set[str]:
    """The endpoint's default graph: a query that names no dataset."""
    answer = client.get(
        "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"accept": NT}
    )
    assert answer.status_code == 200
    return {str(t) for t in ox.parse(answer.content, format=ox.RdfFormat.N_TRIPLES)}


@pytest.fixture
def loaded(settings: Settings, county: Path, tmp_path: Path) -> Iterator[TestClient]:
    """The endpoint over a store on disk holding two counties."""
    opened = EmbeddedStore(settings.store, query_workers=1)
    load_paths(opened, [county, write_county(tmp_path / "other", area="toinen")], settings)
    yield from endpoint(tmp_path, opened)


def store_of(client: TestClient) -> EmbeddedStore:
    store: EmbeddedStore = client.app.state.store  # type: ignore[attr-defined]
    return store


def test_after_a_load_the_default_graph_holds_the_union_and_no_union_graph_remains(
    disk_store: EmbeddedStore, settings: Settings, county: Path, tmp_path: Path
) -> None:
    load_paths(disk_store, [county, write_county(tmp_path / "other", area="toinen")], settings)
    data = data_of(disk_store)
    on_disk = disk_store._store
    assert copy_of(on_disk) == union_of(on_disk, *data)
    assert not on_disk.contains_named_graph(union_graph.LEGACY_UNION_GRAPH)
    assert not on_disk.contains_named_graph(union_graph.OWN_GRAPH)  # nothing of its own


def test_a_triple_written_to_the_default_graph_is_all_the_graph_store_shows_of_it(
    loaded: TestClient,
) -> None:
    data = service_default(loaded)
    assert own_default(loaded) == set()
    answer = loaded.post(
        "/sparql", content=f"INSERT DATA {{ {OWN_TRIPLE} }}", headers=SPARQL_UPDATE
    )
    assert answer.status_code == 204
    assert own_default(loaded) == {OWN_TRIPLE}
    assert service_default(loaded) == data | {OWN_TRIPLE}
    store = store_of(loaded)
    assert union_graph.covered(store._store) is not None  # the copy is in use again
    _names, rows = store.select_rows("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", default_graphs=None)
    assert len(rows) == 1


def test_deleting_a_data_triple_from_the_default_graph_removes_nothing(
    loaded: TestClient,
) -> None:
    data = service_default(loaded)
    held = sorted(data)[0]
    answer = loaded.post("/sparql", content=f"DELETE DATA {{ {held} }}", headers=SPARQL_UPDATE)
    assert answer.status_code == 204
    assert service_default(loaded) == data  # it was never in the store's own default graph
    assert own_default(loaded) == set()


def test_graph_store_writes_of_the_default_graph_leave_the_union_whole(
    loaded: TestClient,
) -> None:
    data = service_default(loaded)
    turtle = {"content-type": "text/turtle", **AUTH}
    assert loaded.put("/store?default", content=f"{OWN_TRIPLE} .", headers=turtle).is_success
    assert own_default(loaded) == {OWN_TRIPLE}
    assert service_default(loaded) == data | {OWN_TRIPLE}
    assert loaded.post("/store?default", content="<x:d> <x:e> <x:f> .", headers=turtle).is_success
    assert own_default(loaded) == {OWN_TRIPLE, "<x:d> <x:e> <x:f>"}
    assert loaded.delete("/store?default", headers=AUTH).is_success
    assert own_default(loaded) == set()
    assert service_default(loaded) == data


def test_reloading_one_county_keeps_the_own_default_triples_and_shared_triples(
    disk_store: EmbeddedStore,
    settings: Settings,
    county: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    load_paths(disk_store, [county, write_county(tmp_path / "other", area="toinen")], settings)
    first, second = data_of(disk_store)
    reloaded, staying = (second, first) if "toinen" in second else (first, second)
    shared, also_own = "<x:shared> <x:p> <x:o>", "<x:also> <x:p> <x:own>"
    disk_store.update(
        UpdateRequest(
            f"INSERT DATA {{ {OWN_TRIPLE} . {also_own} . GRAPH <{staying}> {{ {shared} }} "
            f"GRAPH <{reloaded}> {{ {shared} . {also_own} }} }}"
        )
    )
    checkpoints = []
    from_checkpoint = NextGeneration._from_checkpoint

    def counted(self: NextGeneration, *args: Any) -> Any:
        checkpoints.append(args)
        return from_checkpoint(self, *args)

    monkeypatch.setattr(NextGeneration, "_from_checkpoint", counted)
    load_paths(disk_store, [write_county(tmp_path / "again", area="toinen")], settings)
    assert checkpoints, "the reload took the checkpoint path"
    data = data_of(disk_store)
    union = construct_default(disk_store, data)
    assert union == exported_union(disk_store, data) | {OWN_TRIPLE, also_own}
    assert shared in union
    own = disk_store.get_graph(None, NT)
    assert {str(t) for t in ox.parse(own, format=ox.RdfFormat.N_TRIPLES)} == {
        OWN_TRIPLE,
        also_own,
    }
    on_disk = disk_store._store
    assert copy_of(on_disk) == union_of(on_disk, *data) | {OWN_TRIPLE, also_own}


def to_old_layout(path: Path) -> set[str]:
    """Rewrite the store at `path` as lanka wrote it while the copy lived in a named graph
    of its own: the default graph holding only the own triples, the copy and its record
    under the graph `urn:x-lanka:internal:union`. Returns the default graph then."""
    store = ox.Store(str(path.resolve()))
    union = ox.NamedNode("urn:x-lanka:internal:union")
    own = list(store.quads_for_pattern(None, None, None, union_graph.OWN_GRAPH))
    covered = union_graph.covered(store) or frozenset()
    copy = list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    for graph in (ox.DefaultGraph(), union_graph.OWN_GRAPH, union_graph.STATE_GRAPH):
        store.clear_graph(graph)
    store.remove_graph(union_graph.OWN_GRAPH)
    store.extend(ox.Quad(q.subject, q.predicate, q.object, union) for q in copy if q not in own)
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in own)
    state = union_graph.STATE_GRAPH
    store.add(
        ox.Quad(
            union, ox.NamedNode(RDF_TYPE), ox.NamedNode("urn:x-lanka:internal:UnionGraph"), state
        )
    )
    covers = ox.NamedNode("urn:x-lanka:internal:covers")
    store.extend(ox.Quad(union, covers, ox.NamedNode(g), state) for g in covered)
    store.flush()
    return copy_of(store)


def test_a_store_with_the_copy_in_a_named_graph_is_converted_when_opened(
    settings: Settings, county: Path
) -> None:
    opened = EmbeddedStore(settings.store, query_workers=1)
    load_paths(opened, [county], settings)
    data = data_of(opened)
    opened.update(UpdateRequest(f"INSERT DATA {{ {OWN_TRIPLE} }}"))
    opened.close()
    del opened  # RocksDB closes with the last reference
    assert to_old_layout(settings.store) == {OWN_TRIPLE}
    converted = EmbeddedStore(settings.store, query_workers=1)
    try:
        assert union_graph.covered(converted._store) == set(data)
        assert not converted._store.contains_named_graph(union_graph.LEGACY_UNION_GRAPH)
        own = {
            str(t) for t in ox.parse(converted.get_graph(None, NT), format=ox.RdfFormat.N_TRIPLES)
        }
        assert own == {OWN_TRIPLE}
        assert construct_default(converted, data) == exported_union(converted, data) | own
        assert copy_of(converted._store) == union_of(converted._store, *data) | own
    finally:
        converted.close()


class PausingStore:
    """An Oxigraph store that stops where a read and a write overlap worst: the first query
    over the default graph alone, after it was chosen for its copy; the write whose text
    holds `marker`, after the copy was taken out of the default graph (`invalidate`)."""

    def __init__(self, store: ox.Store, marker: str) -> None:
        self.store, self.marker = store, marker
        self.reading, self.read_on = threading.Event(), threading.Event()
        self.writing, self.write_on = threading.Event(), threading.Event()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def __contains__(self, quad: ox.Quad) -> bool:
        return quad in self.store

    def query(self, text: str, **options: Any) -> Any:
        if options.get("default_graph") == [ox.DefaultGraph()] and not self.reading.is_set():
            self.reading.set()
            self.read_on.wait(timeout=5)
        return self.store.query(text, **options)

    def update(self, text: str, **options: Any) -> None:
        if self.marker in text:
            self.writing.set()
            self.write_on.wait(timeout=5)
        self.store.update(text, **options)


def test_a_read_of_the_live_store_never_sees_the_default_graph_without_its_copy(
    settings: Settings, county: Path
) -> None:
    """A write has the copy out of the default graph for a moment (`union_graph.invalidate`
    to `rebuild`); a reader of the live store that chose the copy before reads again."""
    store = EmbeddedStore(None)
    try:
        load_paths(store, [county], settings)
        data = data_of(store)
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        expected = int(store.select_rows(count, default_graphs=data)[1][0]["n"])
        pausing = PausingStore(store._store, "x:marker")
        store._store = pausing  # type: ignore[assignment]
        counts: list[int] = []
        reader = threading.Thread(
            target=lambda: counts.append(
                int(store.select_rows(count, default_graphs=data)[1][0]["n"])
            )
        )
        reader.start()
        assert pausing.reading.wait(timeout=5)  # the copy chosen, not read yet
        update = UpdateRequest("INSERT DATA { GRAPH <x:g> { <x:marker> <x:p> <x:o> } }")
        writer = threading.Thread(target=store.update, args=(update,))
        writer.start()
        assert pausing.writing.wait(timeout=5)  # the copy out of the default graph
        pausing.read_on.set()
        reader.join(timeout=0.5)  # the read overlapped the write: it waits to read again
        pausing.write_on.set()
        reader.join()
        writer.join()
        assert counts == [expected]
    finally:
        store.close()
