"""The next generation a load builds: its graphs, its union copy, and what it keeps."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS

from service import union_graph
from service.generations import Layout
from service.next_generation import NextGeneration

CATALOG = "http://example.org/catalog"
DATASET = URIRef("http://example.org/dataset")
P = URIRef("http://example.org/p")
G1, G2, KEPT, SYSTEM = (f"http://example.org/{name}" for name in ("g1", "g2", "kept", "system"))


def graph(*objects: str, subject: str = "http://example.org/s") -> Graph:
    made = Graph()
    for value in objects:
        made.add((URIRef(subject), P, URIRef(f"http://example.org/{value}")))
    return made


def catalog(*parts: str) -> Graph:
    made = Graph()
    for part in parts:
        made.add((DATASET, DCTERMS.hasPart, URIRef(part)))
    return made


def triples(store: ox.Store, name: str | ox.NamedNode | ox.DefaultGraph) -> set[ox.Triple]:
    node = ox.NamedNode(name) if isinstance(name, str) else name
    return {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(None, None, None, node)
    }


def copy_is_the_union(store: ox.Store, *data: str) -> bool:
    """Whether the default graph is the union of `data`, plus the own default triples."""
    union = set().union(*(triples(store, g) for g in data), triples(store, union_graph.OWN_GRAPH))
    return union_graph.covered(store) == set(data) and triples(store, ox.DefaultGraph()) == union


@pytest.fixture
def layout(tmp_path: Path) -> Layout:
    layout = Layout(tmp_path / "store")
    layout.generations.mkdir(parents=True)
    return layout


@pytest.fixture
def current(layout: Layout) -> ox.Store:
    """The current generation: empty, as before a first load."""
    return ox.Store(str(layout.generations / "g000001"))


def build(layout: Layout, staged: dict[str, Graph]) -> tuple[NextGeneration, dict[str, str]]:
    """A build with `staged` staged, each for its target."""
    building = NextGeneration(layout, CATALOG)
    names = {}
    for target, content in staged.items():
        names[target] = f"n{len(names)}"
        building.stage(names[target], content, target)
    return building, names


def test_a_first_load_is_the_fresh_generation_with_its_copy(
    layout: Layout, current: ox.Store
) -> None:
    building, names = build(
        layout, {G1: graph("a", "b"), G2: graph("b", "c"), CATALOG: catalog(G1, G2)}
    )
    folder, store = building.finish(current, names, [])
    assert folder == building.folder
    assert triples(store, G1) == triples(graph_store(graph("a", "b"), G1), G1)
    assert len(triples(store, G2)) == 2 and len(triples(store, CATALOG)) == 2
    assert copy_is_the_union(store, G1, G2)
    assert len(triples(store, ox.DefaultGraph())) == 3  # the shared triple once


def test_a_staged_graph_that_is_no_data_graph_leaves_the_copy(
    layout: Layout, current: ox.Store
) -> None:
    building, names = build(
        layout, {SYSTEM: graph("a", "only"), G1: graph("a", "b"), CATALOG: catalog(G1)}
    )
    _folder, store = building.finish(current, names, [])
    assert len(triples(store, SYSTEM)) == 2
    assert copy_is_the_union(store, G1)  # "a" stays: G1 holds it too; "only" is gone


def test_a_blank_node_is_the_same_node_in_its_graph_and_in_the_copy(
    layout: Layout, current: ox.Store
) -> None:
    blank = Graph()
    node = BNode()
    blank.add((node, P, URIRef("http://example.org/o")))
    blank.add((URIRef("http://example.org/s"), P, node))
    building, names = build(layout, {G1: blank, CATALOG: catalog(G1)})
    _folder, store = building.finish(current, names, [])
    assert copy_is_the_union(store, G1)
    assert len({t.subject for t in triples(store, G1) if isinstance(t.subject, ox.BlankNode)}) == 1


def test_a_few_kept_graphs_are_copied_into_the_fresh_generation(
    layout: Layout, current: ox.Store
) -> None:
    current.extend(
        [
            ox.Quad(
                ox.NamedNode("http://example.org/k"),
                ox.NamedNode(P),
                ox.Literal("k"),
                ox.NamedNode(KEPT),
            ),
            ox.Quad(ox.NamedNode("http://example.org/d"), ox.NamedNode(P), ox.Literal("d")),
        ]
    )
    current.add_graph(ox.NamedNode(G2))  # empty, yet there
    building, names = build(layout, {G1: graph("a", "b", "c"), CATALOG: catalog(G1, KEPT)})
    folder, store = building.finish(current, names, [])
    assert folder == building.folder
    assert triples(store, KEPT) == triples(current, KEPT)
    assert store.contains_named_graph(ox.NamedNode(G2))
    own = {ox.Triple(ox.NamedNode("http://example.org/d"), ox.NamedNode(P), ox.Literal("d"))}
    assert triples(store, union_graph.OWN_GRAPH) == own  # the store's own default triple
    assert own <= triples(store, ox.DefaultGraph())
    assert copy_is_the_union(store, G1, KEPT)


def test_many_kept_graphs_make_the_new_generation_a_checkpoint(
    layout: Layout, current: ox.Store
) -> None:
    current.extend(
        ox.Quad(
            ox.NamedNode(f"http://example.org/k{i}"),
            ox.NamedNode(P),
            ox.Literal("k"),
            ox.NamedNode(KEPT),
        )
        for i in range(20)
    )
    current.extend(triple_in(G1, "old"))
    union_graph.rebuild(current, [KEPT, G1])
    building, names = build(layout, {G1: graph("new"), CATALOG: catalog(G1, KEPT)})
    folder, store = building.finish(current, names, [])
    assert folder != building.folder and not building.folder.exists()
    assert triples(store, KEPT) == triples(current, KEPT)
    assert triples(store, G1) == triples(graph_store(graph("new"), G1), G1)
    assert copy_is_the_union(store, G1, KEPT)


def test_a_dropped_graph_is_left_out(layout: Layout, current: ox.Store) -> None:
    current.extend(triple_in(KEPT, "gone"))
    building, names = build(layout, {G1: graph("a"), CATALOG: catalog(G1)})
    _folder, store = building.finish(current, names, [KEPT])
    assert not store.contains_named_graph(ox.NamedNode(KEPT))
    assert copy_is_the_union(store, G1)


def test_a_graph_staged_twice_for_one_target_holds_the_last(
    layout: Layout, current: ox.Store
) -> None:
    building = NextGeneration(layout, CATALOG)
    building.stage("first", graph("old"), G1)
    building.stage("second", graph("new"), G1)
    building.stage("catalog", catalog(G1), CATALOG)
    _folder, store = building.finish(current, {G1: "second", CATALOG: "catalog"}, [])
    assert triples(store, G1) == triples(graph_store(graph("new"), G1), G1)
    assert copy_is_the_union(store, G1)


def test_a_graph_staged_without_its_target_is_loaded_at_the_commit(
    layout: Layout, current: ox.Store
) -> None:
    building = NextGeneration(layout, CATALOG)
    building.stage("unnamed", graph("a"), None)
    building.stage("catalog", catalog(G1), CATALOG)
    _folder, store = building.finish(current, {G1: "unnamed", CATALOG: "catalog"}, [])
    assert len(triples(store, G1)) == 1
    assert copy_is_the_union(store, G1)


def test_an_abandoned_build_leaves_no_folder(layout: Layout) -> None:
    building, _names = build(layout, {G1: graph("a")})
    building.abort()
    assert not building.folder.exists()


def triple_in(name: str, value: str) -> list[ox.Quad]:
    return [
        ox.Quad(
            ox.NamedNode("http://example.org/s"),
            ox.NamedNode(P),
            ox.NamedNode(f"http://example.org/{value}"),
            ox.NamedNode(name),
        )
    ]


def graph_store(content: Graph, name: str) -> ox.Store:
    """`content` as the named graph `name` of an in-memory store, to compare with."""
    store = ox.Store()
    store.load(
        content.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name)
    )
    return store
