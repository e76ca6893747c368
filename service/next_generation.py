"""The next store generation, built while a load maps its sources.

A load on disk (`EmbeddedStore.stage` and `commit`) used to write every mapped graph to a
staged N-Triples file and, once all were mapped, bulk-load each file into the new
generation and then each again into the union copy (`service.union_graph`): 44 bulk loads
for 22 counties, after the mapping instead of during it. Here the first staged graph opens a
fresh generation and one `QuadStream` into it, and each graph named with its target is
written into the stream as it is staged — into its own graph and the union copy (the
store's default graph) at once — while the next source is mapped. Nobody reads the
generation until the switch, so a load that fails or is killed leaves only a folder that is
removed (`generations`).

What is known only at the commit is settled there:

- the data graphs (the catalog is staged last): a staged graph that turns out not to be one
  (the ontology, the shapes) leaves the copy again (`union_graph.take_out`);
- the graphs of the current generation the load keeps. None (a first or a full load): the
  fresh generation is the new one. A few (fewer triples than the load brings): they are
  dumped into the same stream, and so are the own default triples (into the default graph
  and `union_graph.OWN_GRAPH`, where the Graph Store reads them). Many (one county reloaded
  among many): the fresh generation only held the new graphs; the new generation is a
  checkpoint of the current one (hard links, cheap) without the replaced graphs, and the new
  graphs are loaded into it again, from the fresh generation's dump, into their graphs and
  the copy in one bulk load.

A graph staged without a target, or for a target already streamed, or the catalog is
written to a staged file and loaded at the commit.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Mapping
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from loaders.errors import StoreError
from loaders.ntriples import ntriples_blocks, write_ntriples
from service import generations, union_graph
from service.generations import STAGING_PREFIX
from service.quad_stream import QuadStream

OWN = union_graph.OWN_GRAPH.value
COPY = None  # the union copy's graph in a `QuadStream`: the default graph
# made anew, never copied as graphs of their own
_REBUILT = {union_graph.OWN_GRAPH, union_graph.STATE_GRAPH, union_graph.LEGACY_UNION_GRAPH}


def _into(graph: str, copied: bool) -> tuple[str | None, ...]:
    """Where a graph's triples go: their graph, and the union copy when `copied`."""
    return (graph, COPY) if copied else (graph,)


class NextGeneration:
    """A store generation being built from staged graphs (one load's)."""

    def __init__(self, layout: generations.Layout, catalog: str) -> None:
        self.layout, self.catalog = layout, catalog
        self.folder = generations.next_generation(layout)
        self.store = ox.Store(str(self.folder))
        self.stream = QuadStream(self.store)
        self.files: dict[str, Path] = {}  # staging name → its staged file
        self.streamed: dict[str, str] = {}  # target → the staging name streamed into it
        self.restaged: set[str] = set()  # targets staged again after being streamed

    def stage(self, name: str, graph: Graph, target: str | None) -> None:
        """Stream `graph` into `target` (and speculatively into the union copy), or write
        it to a staged file when it cannot be streamed yet."""
        if target is None or target == self.catalog or target in self.streamed:
            path = generations.stage_file(self.layout, name)
            write_ntriples(graph, path)
            self.files[name] = path
            if target in self.streamed:
                self.restaged.add(target)
            return
        for block, lines in ntriples_blocks(graph):
            self.stream.add(block, lines, (target, COPY))
        self.streamed[target] = name

    def finish(
        self, current: ox.Store, staged: Mapping[str, str], drop: list[str], *, anew: bool = False
    ) -> tuple[Path, ox.Store]:
        """The new generation: the folder and the store to switch to, whole and flushed.

        `staged` maps each target graph to its staging name, `drop` lists graphs to leave
        out; every other graph of `current` is kept. `anew`: every kept graph is copied into
        the fresh generation, never a checkpoint of the current one (which would keep what
        the current one holds beside its graphs: the union copy of an old layout).
        """
        known = {*self.files, *self.streamed.values()}
        missing = [name for name in staged.values() if name not in known]
        if missing:
            raise StoreError(
                f"vaiheistettua graafia {missing[0]} ei ole: lataa uudelleen",
                f"there is no staged graph {missing[0]}: load again",
            )
        catalog = self.files.get(staged.get(self.catalog, ""))
        data = union_graph.data_graphs_after(current, self.catalog, catalog)
        replaced = {*drop, *staged}
        kept = [
            g
            for g in current.named_graphs()
            if g not in _REBUILT
            and not g.value.startswith(STAGING_PREFIX)
            and g.value not in replaced
        ]
        if anew or (self._exact(staged) and self._few(current, kept)):
            return self._fresh(current, staged, data, kept)
        return self._from_checkpoint(current, staged, data, replaced)

    def _exact(self, staged: Mapping[str, str]) -> bool:
        """Whether the streamed graphs are exactly the ones the commit asks for, each under
        the name it was streamed into."""
        return (
            not self.restaged
            and all(staged.get(t) == n for t, n in self.streamed.items())
            and all(n in self.files or self.streamed.get(t) == n for t, n in staged.items())
        )

    def _few(self, current: ox.Store, kept: list[ox.NamedNode | ox.BlankNode]) -> bool:
        """Whether copying the kept graphs costs less than loading the staged ones again:
        they hold no more triples than the load brings."""
        if any(isinstance(g, ox.BlankNode) for g in kept):
            return False  # a graph named by a blank node stays where it is
        limit = self.stream.lines
        own = current.quads_for_pattern(None, None, None, union_graph.own_default(current))
        if next(islice(own, limit, None), None) is not None:
            return False
        if not kept:
            return True
        values = " ".join(f"<{g.value}>" for g in kept)
        return not current.query(
            f"ASK {{ {{ SELECT * WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} "
            f"OFFSET {limit} LIMIT 1 }} }}"
        )

    def _fresh(
        self,
        current: ox.Store,
        staged: Mapping[str, str],
        data: frozenset[str],
        kept: list[ox.NamedNode | ox.BlankNode],
    ) -> tuple[Path, ox.Store]:
        """The fresh generation made whole: staged files and kept graphs streamed in, the
        copy trimmed to the data graphs and recorded."""
        for target, name in staged.items():
            if name in self.files:
                self.stream.add_file(self.files[name], _into(target, target in data))
        for graph in kept:
            self._copy(current, ox.NamedNode(graph.value), _into(graph.value, graph.value in data))
        self._copy(current, union_graph.own_default(current), (OWN, COPY))
        self.stream.close()
        for graph in kept:  # an empty graph has no quad to bring it along
            self.store.add_graph(graph)
        union_graph.take_out(self.store, set(self.streamed) - data, data)
        union_graph.record(self.store, data)
        self.store.flush()
        return self.folder, self.store

    def _copy(
        self,
        current: ox.Store,
        graph: ox.NamedNode | ox.DefaultGraph,
        into: tuple[str | None, ...],
    ) -> None:
        """A graph of the current generation into the graphs `into` of the stream (an
        empty one's only trace, as a named graph, is added by the caller)."""
        if next(current.quads_for_pattern(None, None, None, graph), None) is None:
            return
        dumped = generations.stage_file(self.layout, f"kept-{uuid.uuid4().hex}")
        current.dump(dumped, format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        self.stream.add_file(dumped, into)
        dumped.unlink()

    def _from_checkpoint(
        self,
        current: ox.Store,
        staged: Mapping[str, str],
        data: frozenset[str],
        replaced: set[str],
    ) -> tuple[Path, ox.Store]:
        """The new generation as a checkpoint of the current one without the replaced
        graphs, the staged graphs loaded into it (from their files or the fresh
        generation), the copy kept up in the size of what changed."""
        self.stream.close()
        folder = generations.next_generation(self.layout)
        current.flush()
        current.backup(str(folder))
        store = ox.Store(str(folder))
        copy = union_graph.Refresh(store, data, replaced)
        copy.before_removal()
        for graph in list(store.named_graphs()):
            if graph.value in replaced or graph.value.startswith(STAGING_PREFIX):
                store.remove_graph(graph)
        copied = copy.copied() or frozenset()
        streamed = {name: target for target, name in self.streamed.items()}
        stream = QuadStream(store)
        try:
            for target, name in staged.items():
                into = _into(target, target in copied)
                if name in self.files:
                    stream.add_file(self.files[name], into)
                    continue
                # streamed: the fresh generation holds it, under the name it was streamed into
                dumped = generations.stage_file(self.layout, f"new-{name}")
                self.store.dump(
                    dumped, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(streamed[name])
                )
                stream.add_file(dumped, into)
                dumped.unlink()
        except BaseException:
            stream.abort()
            raise
        stream.close()
        copy.finish(staged)
        store.flush()
        self.discard()
        return folder, store

    def abort(self) -> None:
        """Give up the build: the stream ended, the fresh generation removed."""
        self.stream.abort()
        self.discard()

    def discard(self) -> None:
        """Close the fresh generation and remove it (a second time: nothing to do)."""
        if hasattr(self, "store"):
            del self.store  # the last reference: RocksDB closes
        shutil.rmtree(self.folder, ignore_errors=True)
