"""How each kind of remote server is spoken to: the standard way, and Virtuoso's.

A standard SPARQL 1.1 server (Oxigraph, Jena Fuseki, …) takes the protocols as written. What
Virtuoso Open Source 7.2 does differently, measured against the Debian package (7.2.5):

- It has no default graph of its own: `INSERT DATA { <s> <p> <o> }` fails ("No plain default
  graph specified"), and a query naming no dataset reads the union of *every* graph,
  Virtuoso's own included. lanka's default graph is therefore a named graph on Virtuoso
  (`VIRTUOSO_DEFAULT_GRAPH`), given as `default-graph-uri` with every request.
- It keeps system graphs (`virtrdf#`, `ldp#`, …) among the named graphs; they are hidden.
- `DROP ALL`, `CLEAR ALL`, `DROP NAMED`, `CLEAR NAMED` answer 200 and do nothing; they are
  rewritten into one `DROP SILENT GRAPH` per graph. `DROP GRAPH <g>` fails for a graph that
  was filled by inserts rather than made by `CREATE GRAPH`; it is sent as `DROP SILENT`, so
  dropping a missing graph is not an error there. `DROP DEFAULT` is sent as a clear of the
  stand-in graph.
- A failing operation does not undo the operations before it in the same request (an
  `INSERT DATA ; DROP GRAPH <missing>` keeps the insert): writes that must be all or
  nothing use only operations that cannot fail (`DROP SILENT`, `ADD SILENT`).
- Blank nodes are refused in `INSERT DATA` ("not allowed in a constant clause"): such an
  insert is sent as `INSERT { … } WHERE {}`, whose blank nodes are fresh per request like
  those of INSERT DATA.
- An update compiles to SQL of at most 10,000 lines, about 1,000 triples of INSERT DATA;
  `define sql:big-data-const 1` passes the data as one constant instead (4,900 triples in
  0.4 s, against a failure). Loads are sent in chunks of `CHUNK` triples.
- Results: TSV writes IRIs without angle brackets and JSON uses SPARQL 1.0's
  `typed-literal`, so results are asked for in XML, where blank nodes are labelled
  `nodeID://b10000` (not a valid label: the prefix is removed). A result cut at the
  server's `ResultSetMaxRows` carries `X-SPARQL-MaxRows`; one cut at a time limit (its
  "anytime" queries) carries `X-SQL-State: S1TAT`. Both are refused, never passed on.
- A `GRAPH <g>` whose IRI is not among the dataset's named graphs matches as if it were an
  empty pattern whenever none of its variables is projected: `ASK { GRAPH <missing> { ?s
  ?p ?o } }` answers true and `SELECT (COUNT(*) AS ?n)` over it counts 1. Such an IRI is
  sent as the IRI of a graph that is never written (`EMPTY_GRAPH`, always in the named
  graphs), which matches nothing, as it should.
- It keeps literals as values: `"true"^^xsd:boolean` and `1` with the same subject and
  predicate are one triple there.
- Its Graph Store endpoint is not used; everything goes through SPARQL Update, with an
  explicit Accept (see `service.remote_http`).
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterator, Sequence
from email.message import Message
from typing import IO
from urllib.parse import urljoin

import pyoxigraph as ox

from loaders.errors import QueryFailed, QueryTimeout, ResultTooLarge
from service.sparql_text import Token, tokens
from service.store import STAGING_PREFIX

VIRTUOSO_DEFAULT_GRAPH = "urn:x-lanka:default"
EMPTY_GRAPH = f"{STAGING_PREFIX}empty"  # never written: names an empty graph in a dataset
VIRTUOSO_SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/",
    "http://www.w3.org/2002/07/owl#",
)
_BNODE_PREFIX = b"<bnode>nodeID://"


class Dialect:
    """The standard SPARQL 1.1 Protocol, Update and Graph Store Protocol."""

    name = "standard"
    default_graph: str | None = None  # a named graph standing in for the default graph
    chunk = 10_000  # triples per INSERT DATA when loading without a Graph Store endpoint

    def is_system(self, graph: str) -> bool:
        return False

    def graphs_query(self) -> str:
        """Lists every named graph, empty ones too."""
        return "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"

    def has_graph_query(self, graph: str) -> str:
        return f"ASK {{ GRAPH <{graph}> {{ }} }}"

    def graph_ref(self, graph: str | None) -> str:
        """The graph in a graph management operation (CLEAR, DROP, ADD …)."""
        if graph is None:
            return "DEFAULT" if self.default_graph is None else f"GRAPH <{self.default_graph}>"
        return f"GRAPH <{graph}>"

    def pattern(self, graph: str | None) -> str:
        """A pattern matching every triple of the graph (the default graph: of the store's
        own dataset, which on Virtuoso is the stand-in graph)."""
        return "?s ?p ?o" if graph is None else f"GRAPH <{graph}> {{ ?s ?p ?o }}"

    def dataset(self, default: Sequence[str], named: Sequence[str]) -> list[tuple[str, str]]:
        """`default-graph-uri` and `named-graph-uri`; an empty list names a graph that is never
        written, because a missing parameter would leave the choice to the server."""
        return [("default-graph-uri", g) for g in default or [EMPTY_GRAPH]] + [
            ("named-graph-uri", g) for g in named or [EMPTY_GRAPH]
        ]

    def query(self, text: str, named: Sequence[str] | None) -> str:
        """The query as this server must receive it, sent with these named graphs (None:
        the server's own choice)."""
        return text

    def update(self, text: str, graphs: Callable[[], list[str]]) -> str:
        """The update as this server must receive it; `graphs` lists the named graphs."""
        return text

    def update_params(self) -> list[tuple[str, str]]:
        return []

    def query_params(self, timeout: float) -> list[tuple[str, str]]:
        return []

    def check_answer(self, headers: Message) -> None:
        """Refuse an answer the server cut short."""

    def results(self, stream: IO[bytes]) -> IO[bytes]:
        """SPARQL results XML as pyoxigraph reads it."""
        return stream

    def inserts(self, graph: str, triples: Sequence[ox.Triple]) -> Iterator[str]:
        """INSERT DATA updates adding `triples` to `graph`, a blank node's triples together."""
        for chunk in chunks(triples, self.chunk):
            yield f"INSERT DATA {{ GRAPH <{graph}> {{\n{_ntriples(chunk)}}} }}"


class Virtuoso(Dialect):
    """Virtuoso Open Source 7.2 (see the module docstring for each difference)."""

    name = "virtuoso"
    default_graph = VIRTUOSO_DEFAULT_GRAPH
    chunk = 1_000
    template_chunk = 300  # triples with blank nodes go through INSERT … WHERE, which is slower

    def is_system(self, graph: str) -> bool:
        return graph.startswith(VIRTUOSO_SYSTEM_GRAPHS)

    def graphs_query(self) -> str:
        # `GRAPH ?g {}` finds none; DISTINCT takes seconds where GROUP BY takes milliseconds
        return "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"

    def has_graph_query(self, graph: str) -> str:
        return f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"  # `GRAPH <g> {}` is always true

    def dataset(self, default: Sequence[str], named: Sequence[str]) -> list[tuple[str, str]]:
        named = [*named, EMPTY_GRAPH] if EMPTY_GRAPH not in named else named
        return super().dataset(default, named)

    def query(self, text: str, named: Sequence[str] | None) -> str:
        if named is None:
            return text
        return outside_as_empty(text, {*named, EMPTY_GRAPH})

    def update(self, text: str, graphs: Callable[[], list[str]]) -> str:
        return "define sql:big-data-const 1\n" + virtuoso_update(
            text, graphs, VIRTUOSO_DEFAULT_GRAPH
        )

    def update_params(self) -> list[tuple[str, str]]:
        return [("default-graph-uri", VIRTUOSO_DEFAULT_GRAPH)]

    def query_params(self, timeout: float) -> list[tuple[str, str]]:
        # Stops the query at the server; what it returns then is refused in check_answer.
        return [("timeout", str(int(timeout * 1000)))]

    def check_answer(self, headers: Message) -> None:
        state = headers.get("X-SQL-State")
        if state and state != "S1TAT":
            raise QueryFailed(
                f"etätietovarasto (Virtuoso) ei antanut koko tulosta ({state}): "
                + headers.get("X-SQL-Message", ""),
                f"the remote store (Virtuoso) did not give the whole result ({state}): "
                + headers.get("X-SQL-Message", ""),
            )
        if state:
            raise QueryTimeout(
                "etätietovarasto (Virtuoso) keskeytti kyselyn aikarajalla; tulosta ei anneta: "
                + headers.get("X-SQL-Message", ""),
                "the remote store (Virtuoso) stopped the query at its time limit; no result is "
                "given: " + headers.get("X-SQL-Message", ""),
            )
        cut = headers.get("X-SPARQL-MaxRows")
        if cut:
            raise ResultTooLarge(
                f"etätietovarasto (Virtuoso) katkaisi tuloksen {cut} riviin (ResultSetMaxRows):"
                " rajaa kyselyä",
                f"the remote store (Virtuoso) cut the result at {cut} rows (ResultSetMaxRows): "
                "narrow the query",
            )

    def results(self, stream: IO[bytes]) -> IO[bytes]:
        return io.BufferedReader(_Replacing(stream, _BNODE_PREFIX, b"<bnode>"))

    def inserts(self, graph: str, triples: Sequence[ox.Triple]) -> Iterator[str]:
        plain = [t for t in triples if not _has_blank(t)]
        blank = [t for t in triples if _has_blank(t)]
        for chunk in chunks(plain, self.chunk):
            yield (
                "define sql:big-data-const 1\n"
                f"INSERT DATA {{ GRAPH <{graph}> {{\n{_ntriples(chunk)}}} }}"
            )
        for chunk in chunks(blank, self.template_chunk):
            yield f"INSERT {{ GRAPH <{graph}> {{\n{_ntriples(chunk)}}} }} WHERE {{ }}"


DIALECTS: dict[str, Dialect] = {"standard": Dialect(), "virtuoso": Virtuoso()}


def virtuoso_update(text: str, graphs: Callable[[], list[str]], default_graph: str) -> str:
    """Rewrite the graph management operations Virtuoso ignores or refuses.

    `DROP|CLEAR [SILENT] ALL` → one `DROP|CLEAR SILENT GRAPH` per named graph and the
    stand-in default graph; `… NAMED` → per named graph; `DEFAULT` anywhere at depth 0 (DROP,
    CLEAR, ADD, MOVE, COPY) → the stand-in graph; `DROP GRAPH` → `DROP SILENT GRAPH`;
    `INSERT DATA` holding blank nodes → `INSERT { … } WHERE { }`.
    """
    found = list(tokens(text))
    edits: list[tuple[int, int, str]] = []
    listed: list[str] | None = None
    index = 0
    while index < len(found):
        token = found[index]
        word = token.text.upper() if token.kind == "word" and token.depth == 0 else ""
        if word in ("DROP", "CLEAR"):
            end = index + 1
            if end < len(found) and found[end].text.upper() == "SILENT":
                end += 1
            target = found[end].text.upper() if end < len(found) else ""
            if target in ("ALL", "NAMED"):
                if listed is None:
                    listed = graphs()
                names = [*listed, default_graph] if target == "ALL" else listed
                ops = [f"{word} SILENT GRAPH <{g}>" for g in names] or [
                    f"CLEAR SILENT GRAPH <{EMPTY_GRAPH}>"
                ]
                edits.append((token.start, found[end].end, " ;\n".join(ops)))
                index = end
            elif target == "DEFAULT":
                edits.append(
                    (token.start, found[end].end, f"{word} SILENT GRAPH <{default_graph}>")
                )
                index = end
            elif target == "GRAPH" and word == "DROP":
                edits.append((token.start, found[end].start, "DROP SILENT "))
                index = end
        elif word == "DEFAULT":
            edits.append((token.start, token.end, f"GRAPH <{default_graph}>"))
        elif (
            word == "INSERT" and index + 2 < len(found) and found[index + 1].text.upper() == "DATA"
        ):
            group = _group(found, index + 2)
            if group is not None and _holds_blank_nodes(found, index + 2, group[1]):
                body = text[found[index + 2].start : group[0]]
                edits.append((token.start, group[0], f"INSERT {body} WHERE {{ }}"))
                index = group[1]
        index += 1
    for start, end, replacement in reversed(edits):
        text = text[:start] + replacement + text[end:]
    return text


def outside_as_empty(query: str, named: set[str]) -> str:
    """The query with each `GRAPH <iri>` outside `named` pointed at EMPTY_GRAPH instead."""
    base = ""
    edits = []
    for token, after in itertools.pairwise(tokens(query)):
        if after.kind != "iri":
            continue
        iri = urljoin(base, after.text[1:-1]) if base else after.text[1:-1]
        if _is(token, "BASE"):
            base = iri
        elif _is(token, "GRAPH") and iri not in named:
            edits.append((after.start, after.end))
    for start, end in reversed(edits):
        query = query[:start] + f"<{EMPTY_GRAPH}>" + query[end:]
    return query


def _is(token: Token, keyword: str) -> bool:
    return token.kind == "word" and token.text.upper() == keyword


def _group(found: list[Token], opening: int) -> tuple[int, int] | None:
    """End offset and token index of the group that opens at token `opening`."""
    if found[opening].kind != "open":
        return None
    depth = found[opening].depth
    for index in range(opening + 1, len(found)):
        if found[index].kind == "close" and found[index].depth == depth:
            return found[index].end, index
    return None


def _holds_blank_nodes(found: list[Token], first: int, last: int) -> bool:
    return any(
        (t.kind == "word" and t.text.startswith("_:")) or (t.kind == "other" and t.text == "[")
        for t in found[first : last + 1]
    )


def _has_blank(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _ntriples(triples: Sequence[ox.Triple]) -> str:
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def chunks(triples: Sequence[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    """Chunks of about `size` triples; all triples that share a blank node in one chunk, so
    that each blank node stays one node when the chunks are sent one by one."""
    groups: dict[str, list[ox.Triple]] = {}
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    plain: list[ox.Triple] = []
    for triple in triples:
        labels = [
            term.value for term in (triple.subject, triple.object) if isinstance(term, ox.BlankNode)
        ]
        if not labels:
            plain.append(triple)
            continue
        first = root(labels[0])
        for other in labels[1:]:
            parent[root(other)] = first
    for triple in triples:
        node = triple.subject if isinstance(triple.subject, ox.BlankNode) else triple.object
        if isinstance(node, ox.BlankNode):
            groups.setdefault(root(node.value), []).append(triple)
    current: list[ox.Triple] = []
    for group in [*([t] for t in plain), *groups.values()]:
        if current and len(current) + len(group) > size:
            yield current
            current = []
        current.extend(group)
    if current:
        yield current


class _Replacing(io.RawIOBase):
    """A stream with every `old` byte string replaced by `new`, across read boundaries."""

    def __init__(self, raw: IO[bytes], old: bytes, new: bytes) -> None:
        self.raw = raw
        self.old = old
        self.new = new
        self.pending = b""
        self.done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self.done and len(self.pending) < len(buffer):
            chunk = self.raw.read(max(len(buffer), 65536))
            if not chunk:
                self.done = True
                break
            self.pending += chunk
        keep = 0 if self.done else len(self.old) - 1
        text = self.pending.replace(self.old, self.new)
        cut = max(0, len(text) - keep)
        # never cut inside a possible beginning of `old`
        ready, self.pending = text[:cut], text[cut:]
        size = min(len(buffer), len(ready))
        buffer[:size] = ready[:size]
        self.pending = ready[size:] + self.pending
        return size
