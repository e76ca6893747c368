"""The store on a remote SPARQL 1.1 server: the same `Store` operations over HTTP.

The service keeps nothing between requests; the server holds the data. Each operation is
sent the way the server's dialect reads it (`service.remote_dialects`):

- Queries from the endpoint are parsed here first (pyoxigraph over an empty store), so a
  syntax error is the same 400 with line and column on every store, and never reaches the
  server. The server answers in one format (SPARQL results XML, N-Triples), read as a
  stream and written in the negotiated media type by the same serialisers and limits as
  the embedded store's — the answer is the same on every store, and a result over a limit
  is refused, never cut. Bound variables become a VALUES block, the endpoint's base IRI a
  BASE declaration, the request's dataset `default-graph-uri` / `named-graph-uri`.
- The default graph of a query that names no dataset: on Virtuoso, the stand-in default
  graph and the data graphs; on a standard server, the data graphs — or, while none is
  loaded, the server's own default graph (the Protocol has no name for a server's default
  graph, so it cannot be merged with named ones). Named graphs: every graph but load
  staging (and Virtuoso's own).
- Writes are all or nothing as on the embedded store: a graph is first written to a staging
  graph (Graph Store PUT, or INSERT DATA in chunks that keep each blank node whole), then one
  SPARQL Update of operations that cannot fail moves it in. `commit` first checks that every
  staging graph it moves is still there (another process may have removed it), so a load
  never swaps an empty graph in.
- Staging graph names carry their creation time: `discard_staging` removes this process's
  own and those older than `STALE_STAGING`, never a load another process is running now.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from http.client import HTTPException, HTTPResponse
from typing import IO, TYPE_CHECKING, Any, cast

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Identifier, URIRef

from loaders.errors import (
    GraphNotFound,
    LankaError,
    QueryFailed,
    QueryTimeout,
    StoreError,
)
from loaders.rdf_files import to_rdflib
from ontology.namespaces import PREFIXES
from service.conneg import negotiate
from service.query_worker import QueryOutcome
from service.remote_dialects import DIALECTS, Dialect
from service.remote_http import Credentials, RemoteEndpoint
from service.remote_sparql import query_form, with_base, with_values, without_dataset_clauses
from service.result_limits import (
    BOOLEAN_TYPES,
    GRAPH_TYPES,
    SOLUTION_TYPES,
    DeadlinePassed,
    LimitedSink,
    LimitReached,
    drop_unused_prefixes,
    serialize_solutions,
    serialize_triples,
)
from service.settings import Settings
from service.sparql_safety import may_fetch
from service.sparql_text import declares_dataset
from service.store import (
    COUNT_GRAPH_TRIPLES,
    EXPORT_FORMATS,
    PREFIXED_FORMATS,
    QUAD_FORMATS,
    STAGING_PREFIX,
    Answer,
    Limits,
    Payload,
    QueryRequest,
    Store,
    UpdateRequest,
    _answer,
    _parse,
    syntax_error,
    update_text,
)

XML_RESULTS = "application/sparql-results+xml"
N_TRIPLES = "application/n-triples"
READ_TIMEOUT = 300.0  # seconds, for the service's own reads (the endpoint's have their limit)
WRITE_TIMEOUT = 3600.0  # seconds, for updates and loads
STALE_STAGING = 3600  # seconds after which a staging graph is taken as left by a dead load
_STAMP = re.compile(rf"{re.escape(STAGING_PREFIX)}(\d+)-")
_PREFIXED = (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML, ox.RdfFormat.TRIG)


class RemoteStore:
    """A remote SPARQL 1.1 server (query, update and optionally Graph Store endpoints)."""

    def __init__(self, endpoint: RemoteEndpoint, dialect: Dialect) -> None:
        self.endpoint = endpoint
        self.dialect = dialect
        self._empty = ox.Store()  # never written: queries are parsed against it
        self._staged: dict[str, int] = {}  # staging graphs of this process → triples
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoteStore:
        assert settings.remote_query_url is not None
        password = settings.remote_password
        token = settings.remote_token
        credentials = Credentials(
            user=settings.remote_user,
            password=password.get_secret_value() if password else None,
            auth=settings.remote_auth,
            token=token.get_secret_value() if token else None,
        )
        endpoint = RemoteEndpoint(
            settings.remote_query_url,
            settings.remote_update_url,
            settings.remote_store_url,
            credentials,
        )
        return cls(endpoint, DIALECTS[settings.remote_dialect])

    # the SPARQL 1.1 Protocol
    def query(self, request: QueryRequest) -> Answer:
        """Parse here, evaluate there, serialise here under the request's limits."""
        self._check_query(request.query, request.base_iri)
        form = query_form(request.query)
        if form is None:
            raise syntax_error("kyselyn", "query", "no SELECT, ASK, CONSTRUCT or DESCRIBE")
        offered = list(
            BOOLEAN_TYPES if form == "ASK" else SOLUTION_TYPES if form == "SELECT" else GRAPH_TYPES
        )
        chosen = negotiate(request.accept, offered)
        limits = request.limits
        if chosen is None:
            return _answer(QueryOutcome("not-acceptable", offered=tuple(offered)), limits)
        text, params = self._dataset(request)
        deadline = time.monotonic() + limits.timeout
        try:
            response = self._send(
                with_base(text, request.base_iri),
                accept=N_TRIPLES if form in ("CONSTRUCT", "DESCRIBE") else XML_RESULTS,
                params=params,
                timeout=limits.timeout,
            )
        except QueryTimeout:  # the same answer as the embedded store's
            return _answer(QueryOutcome("timeout"), limits)
        try:
            self.dialect.check_answer(response.headers)
            outcome = self._serialise(form, chosen, response, limits, deadline)
        except QueryTimeout:
            outcome = QueryOutcome("timeout")
        finally:
            response.close()
        return _answer(outcome, limits)

    def _serialise(
        self, form: str, chosen: str, response: HTTPResponse, limits: Limits, deadline: float
    ) -> QueryOutcome:
        """The server's answer, read as it arrives, in the chosen media type."""
        max_bytes, max_rows = limits.max_bytes, limits.max_rows
        try:
            if form in ("CONSTRUCT", "DESCRIBE"):
                sink = LimitedSink(max_bytes=max_bytes, max_rows=max_rows, deadline=deadline)
                triples = _triples(cast(IO[bytes], response))
                body = serialize_triples(triples, GRAPH_TYPES[chosen], sink, PREFIXES)
                return QueryOutcome("ok", chosen, body)
            parsed = ox.parse_query_results(
                self.dialect.results(cast(IO[bytes], response)), format=ox.QueryResultsFormat.XML
            )
            if isinstance(parsed, ox.QueryBoolean):
                if form != "ASK":
                    return QueryOutcome("failed", message="the remote store answered a boolean")
                return QueryOutcome(
                    "ok", chosen, parsed.serialize(format=BOOLEAN_TYPES[chosen]) or b""
                )
            fmt = SOLUTION_TYPES[chosen]
            sink = LimitedSink(max_bytes=max_bytes, max_rows=max_rows, deadline=deadline, fmt=fmt)
            return QueryOutcome("ok", chosen, serialize_solutions(parsed, fmt, sink))
        except LimitReached as exc:
            return QueryOutcome(exc.what, message=str(exc.limit))
        except (DeadlinePassed, TimeoutError):
            return QueryOutcome("timeout")
        except (SyntaxError, ValueError, OSError, HTTPException) as exc:
            return QueryOutcome("failed", message=f"the remote store's answer: {exc}")

    def _send(
        self,
        query: str,
        *,
        accept: str,
        params: list[tuple[str, str]],
        timeout: float = READ_TIMEOUT,
    ) -> HTTPResponse:
        """Every query goes to the server through here, in the dialect's form."""
        named = [value for name, value in params if name == "named-graph-uri"] if params else None
        return self.endpoint.query(
            self.dialect.query(query, named),
            accept=accept,
            params=[*params, *self.dialect.query_params(timeout)],
            timeout=timeout,
        )

    def _check_query(self, query: str, base_iri: str | None) -> None:
        """A syntax error found here, with the same message as the embedded store's.

        A text that may hold SERVICE is not evaluated here (an allowed SERVICE would be
        called twice); the server parses it. Over an empty store, only an ASK is evaluated
        at all, and over nothing.
        """
        if may_fetch(query):
            return
        try:
            self._empty.query(query, base_iri=base_iri)
        except SyntaxError as exc:
            raise syntax_error("kyselyn", "query", str(exc)) from None
        except (OSError, ValueError, RuntimeError):
            pass  # evaluation over nothing: the server decides

    def _dataset(self, request: QueryRequest) -> tuple[str, list[tuple[str, str]]]:
        """The query text and the dataset parameters to send with it."""
        if request.dataset is not None:
            dataset = request.dataset
            text = without_dataset_clauses(request.query)
            return text, self.dialect.dataset(dataset.default_graphs, dataset.named_graphs)
        if declares_dataset(request.query):
            return request.query, []
        default = [
            *([self.dialect.default_graph] if self.dialect.default_graph else []),
            *request.data_graphs,
        ]
        if not default:
            return request.query, []
        return request.query, self.dialect.dataset(default, self.graph_names())

    def update(self, request: UpdateRequest) -> None:
        """A SPARQL Update, parsed here first; the server runs it."""
        text = update_text(request)
        if not may_fetch(text):
            try:
                ox.Store().update(text, base_iri=request.base_iri)
            except SyntaxError as exc:
                raise syntax_error("päivityksen", "update", str(exc)) from None
            except (OSError, ValueError, RuntimeError):
                pass  # e.g. DROP GRAPH of a graph that is not in an empty store
        self._update(with_base(text, request.base_iri))

    def _update(self, text: str) -> None:
        sent = self.dialect.update(text, lambda: self._graphs(staging=True))
        self.endpoint.update(sent, params=self.dialect.update_params(), timeout=WRITE_TIMEOUT)

    # the SPARQL 1.1 Graph Store HTTP Protocol
    def has_graph(self, graph: str | None) -> bool:
        if graph is None:
            return True
        if graph.startswith(STAGING_PREFIX) or self._hidden(graph):
            return False
        return self.ask(self.dialect.has_graph_query(graph))

    def get_graph(self, graph: str | None, media_type: str) -> bytes:
        if not self.has_graph(graph):
            raise _missing(graph)
        fmt = GRAPH_TYPES[media_type]
        options: dict[str, Any] = {"prefixes": PREFIXES} if fmt in _PREFIXED else {}
        body = ox.serialize(self._graph_triples(graph), format=fmt, **options) or b""
        return drop_unused_prefixes(body) if fmt == ox.RdfFormat.TURTLE else body

    def put_graph(self, graph: str | None, payloads: Sequence[Payload], base_iri: str) -> bool:
        """Replace the graph's content, all or nothing; True when the graph is new."""
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in _parse(payloads, base_iri)]
        created = not self._has_content(graph)
        staging = self._stage_triples(triples)
        target = self.dialect.graph_ref(graph)
        create = []
        if graph is not None and self.dialect.default_graph is None:  # standard: keep it empty
            create = [f"CREATE SILENT GRAPH <{graph}>"]
        self._move([f"DROP SILENT {target}", *create], staging, target)
        return created

    def post_graph(self, graph: str | None, payloads: Sequence[Payload], base_iri: str) -> bool:
        """Add to the graph, all or nothing; True when the graph is new."""
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in _parse(payloads, base_iri)]
        created = not self._has_content(graph)
        staging = self._stage_triples(triples)
        target = self.dialect.graph_ref(graph)
        create = []
        if graph is not None and created and self.dialect.default_graph is None:
            create = [f"CREATE SILENT GRAPH <{graph}>"]
        self._move(create, staging, target)
        return created

    def _move(self, before: list[str], staging: str, target: str) -> None:
        self._verify({staging: self._staged.get(staging, 0)})
        self._update(
            " ;\n".join(
                [
                    *before,
                    f"ADD SILENT GRAPH <{staging}> TO {target}",
                    f"DROP SILENT GRAPH <{staging}>",
                ]
            )
        )
        self._forget([staging])

    def delete_graph(self, graph: str | None) -> None:
        if not self.has_graph(graph):
            raise _missing(graph)
        if graph is None:
            self._update(f"CLEAR SILENT {self.dialect.graph_ref(None)}")
        else:
            self._update(f"DROP SILENT GRAPH <{graph}>")

    def _has_content(self, graph: str | None) -> bool:
        if graph is not None:
            return self.has_graph(graph)
        return self.ask(f"ASK {{ {self.dialect.pattern(None)} }}")

    def _graph_triples(self, graph: str | None) -> list[ox.Triple]:
        if self.endpoint.store_url is not None and self.dialect.default_graph is None:
            response = self.endpoint.get_graph(graph, READ_TIMEOUT)
            if response is None:
                return []
        else:
            query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {self.dialect.pattern(graph)} }}"
            response = self._send(query, accept=N_TRIPLES, params=self._own_dataset())
        try:
            return list(_triples(cast(IO[bytes], response)))
        except (SyntaxError, OSError, HTTPException) as exc:
            raise _bad_answer(exc) from None
        finally:
            response.close()

    # reading
    def ask(self, query: str) -> bool:
        response = self._send(query, accept=XML_RESULTS, params=self._own_dataset())
        try:
            parsed = ox.parse_query_results(
                self.dialect.results(cast(IO[bytes], response)), format=ox.QueryResultsFormat.XML
            )
        except (SyntaxError, OSError, HTTPException) as exc:
            raise _bad_answer(exc) from None
        finally:
            response.close()
        if not isinstance(parsed, ox.QueryBoolean):
            raise TypeError("ask() needs an ASK query")
        return bool(parsed)

    def select(self, query: str) -> list[dict[str, str]]:
        _names, rows = self._solutions(query, self._own_dataset())
        return [{name: _term_text(term) for name, term in row.items()} for row in rows]

    def select_rows(
        self,
        query: str,
        *,
        bindings: Mapping[str, Identifier] | None = None,
        default_graphs: list[str] | None = None,
        limits: Limits | None = None,
    ) -> tuple[list[str], list[dict[str, Identifier]]]:
        """A SELECT with variables bound to typed terms (a VALUES block), over the given
        default graph (`[]`: an empty one; None: the store's own). With `limits`, the
        server is asked to stop at the time limit, and the request gives up then."""
        text = with_values(query, bindings) if bindings else query
        if default_graphs is None:
            params = self._own_dataset()
        else:
            params = self.dialect.dataset(default_graphs, self.graph_names())
        timeout = READ_TIMEOUT if limits is None else limits.timeout
        names, rows = self._solutions(text, params, timeout)
        return names, [{name: to_rdflib(term) for name, term in row.items()} for row in rows]

    def _solutions(
        self, query: str, params: list[tuple[str, str]], timeout: float = READ_TIMEOUT
    ) -> tuple[list[str], list[dict[str, Any]]]:
        response = self._send(query, accept=XML_RESULTS, params=params, timeout=timeout)
        try:
            self.dialect.check_answer(response.headers)
            parsed = ox.parse_query_results(
                self.dialect.results(cast(IO[bytes], response)), format=ox.QueryResultsFormat.XML
            )
            if not isinstance(parsed, ox.QuerySolutions):
                raise TypeError("select() needs a SELECT query")
            names = [v.value for v in parsed.variables]
            rows = [{name: row[name] for name in names if row[name] is not None} for row in parsed]
        except (SyntaxError, OSError, HTTPException) as exc:
            raise _bad_answer(exc) from None
        finally:
            response.close()
        return names, rows

    def _own_dataset(self) -> list[tuple[str, str]]:
        """The dataset of the service's own reads: the store's default graph and every
        graph (staging too, as on the embedded store). A standard server's own dataset is
        exactly that; Virtuoso's is named."""
        if self.dialect.default_graph is None:
            return []
        return self.dialect.dataset([self.dialect.default_graph], self._graphs(staging=True))

    def _graphs(self, *, staging: bool) -> list[str]:
        """Named graphs on the server, without the dialect's own and the stand-in default."""
        response = self._send(self.dialect.graphs_query(), accept=XML_RESULTS, params=[])
        try:
            parsed = ox.parse_query_results(
                self.dialect.results(cast(IO[bytes], response)), format=ox.QueryResultsFormat.XML
            )
            found = [
                row["g"].value
                for row in cast(ox.QuerySolutions, parsed)
                if isinstance(row["g"], ox.NamedNode)
            ]
        except (SyntaxError, OSError, HTTPException) as exc:
            raise _bad_answer(exc) from None
        finally:
            response.close()
        return sorted(
            g
            for g in set(found)
            if not self._hidden(g) and (staging or not g.startswith(STAGING_PREFIX))
        )

    def _hidden(self, graph: str) -> bool:
        return graph == self.dialect.default_graph or self.dialect.is_system(graph)

    keeps_answers = False  # others may write the server at any time

    def kept(self, request: QueryRequest) -> Answer | None:
        return None

    def remembered(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """Always `compute()`: others may write the server at any time."""
        return compute()

    def graph_names(self) -> list[str]:
        return self._graphs(staging=False)

    def triple_count(self, graph: str | None = None) -> int:
        if graph is not None:
            _names, counted = self.select_rows(COUNT_GRAPH_TRIPLES, bindings={"g": URIRef(graph)})
            return int(counted[0]["n"]) if counted else 0
        names = set(self.graph_names())
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return sum(int(row["n"]) for row in rows if row.get("g") in names)

    def export(self, fmt: str, graph: str | None = None) -> bytes:
        """As the embedded store's: one graph in any format, the whole store in a quad format.
        Quads are written sorted, so that the same data exports the same bytes."""
        rdf_format = EXPORT_FORMATS[fmt]
        options: dict[str, Any] = {"prefixes": PREFIXES} if fmt in PREFIXED_FORMATS else {}
        if graph is not None:
            if graph not in self.graph_names():
                raise StoreError(f"graafia {graph} ei ole", f"there is no graph {graph}")
            triples = self._graph_triples(graph)
            if fmt in QUAD_FORMATS and fmt != "jsonld":
                quads = _sorted([ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))
                                 for t in triples])  # fmt: skip
                return ox.serialize(quads, format=rdf_format, **options) or b""
            return ox.serialize(triples, format=rdf_format, **options) or b""
        if fmt not in QUAD_FORMATS:
            raise StoreError(
                f"muoto {fmt} ei tallenna nimettyjä graafeja: valitse --graph tai nq/trig",
                f"format {fmt} cannot hold named graphs: pick --graph or nq/trig",
            )
        _names, rows = self._solutions(
            "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
            self.dialect.dataset([], self.graph_names()),
        )
        quads = [ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in rows]
        return ox.serialize(_sorted(quads), format=rdf_format, **options) or b""

    # writing
    def replace_graphs(self, graphs: Mapping[str, Graph], drop: list[str] | None = None) -> None:
        """Swap in `graphs` (and drop `drop`) in one update; readers see old or new."""
        self.discard_staging()
        self.commit({name: self.stage(graph) for name, graph in graphs.items()}, drop)

    def stage(self, graph: Graph, target: str | None = None) -> str:
        """Write a graph to a fresh staging graph on the server; returns its name."""
        data = graph.serialize(format="nt", encoding="utf-8")
        triples = [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
        ]
        return self._stage_triples(triples)

    def _stage_triples(self, triples: list[ox.Triple]) -> str:
        staging = f"{STAGING_PREFIX}{int(time.time())}-{uuid.uuid4().hex}"
        with self._lock:
            self._staged[staging] = len(triples)
        if self.endpoint.store_url is not None and self.dialect.default_graph is None:
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            self.endpoint.put_graph(staging, body, WRITE_TIMEOUT)
        else:
            for text in self.dialect.inserts(staging, triples):
                self.endpoint.update(
                    text, params=self.dialect.update_params(), timeout=WRITE_TIMEOUT
                )
        return staging

    def commit(self, staged: Mapping[str, str], drop: list[str] | None = None) -> None:
        """Move staged graphs over their targets (and drop `drop`) in one SPARQL Update,
        after checking that every staging graph is still there."""
        self._verify({s: self._staged.get(s, 1) for s in staged.values()})
        operations = [f"DROP SILENT GRAPH <{name}>" for name in (drop or [])]
        for name, staging in staged.items():
            operations += [
                f"DROP SILENT GRAPH <{name}>",
                f"ADD SILENT GRAPH <{staging}> TO GRAPH <{name}>",
                f"DROP SILENT GRAPH <{staging}>",
            ]
        if operations:
            self._update(" ;\n".join(operations))
        self._forget(staged.values())

    def _verify(self, expected: Mapping[str, int]) -> None:
        """Every staging graph that should hold triples still holds some."""
        wanted = [name for name, size in expected.items() if size > 0]
        if not wanted:
            return
        values = " ".join(f"<{name}>" for name in wanted)
        found = {
            row["g"]
            for row in self.select(
                f"SELECT DISTINCT ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
            )
        }
        missing = [name for name in wanted if name not in found]
        if missing:
            raise StoreError(
                f"latauksen välivaihe {missing[0]} on kadonnut etätietovarastosta (poistiko "
                "toinen prosessi sen?); mitään ei muutettu, lataa uudelleen",
                f"the staged graph {missing[0]} is gone from the remote store (did another "
                "process remove it?); nothing was changed, load again",
            )

    def _forget(self, names: Iterable[str]) -> None:
        with self._lock:
            for name in names:
                self._staged.pop(name, None)

    def discard_staging(self) -> None:
        """Remove this process's staging graphs and those a dead load left (older than
        STALE_STAGING); a load another process is running keeps its own."""
        now = time.time()
        with self._lock:
            own = set(self._staged)
        old = [
            g
            for g in self._graphs(staging=True)
            if g.startswith(STAGING_PREFIX) and (g in own or _age(g, now) > STALE_STAGING)
        ]
        if old:
            self._update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in old))
        self._forget(old)

    def close(self) -> None:
        """Nothing is held open between requests."""


if TYPE_CHECKING:  # the type checker verifies that the remote store keeps the protocol
    _REMOTE_IS_A_STORE: type[Store] = RemoteStore


def _triples(stream: IO[bytes]) -> Iterator[ox.Triple]:
    for quad in ox.parse(stream, format=ox.RdfFormat.N_TRIPLES):
        yield ox.Triple(quad.subject, quad.predicate, quad.object)


def _sorted(quads: list[ox.Quad]) -> list[ox.Quad]:
    return sorted(quads, key=str)


def _age(graph: str, now: float) -> float:
    found = _STAMP.match(graph)
    return now - int(found.group(1)) if found else float("inf")


def _term_text(term: object) -> str:
    return str(term.value) if hasattr(term, "value") else str(term)


def _missing(graph: str | None) -> GraphNotFound:
    return GraphNotFound(f"graafia <{graph}> ei ole", f"there is no graph <{graph}>")


def _bad_answer(exc: BaseException) -> LankaError:
    """An answer that broke off or does not parse."""
    if isinstance(exc, TimeoutError):
        return QueryTimeout(
            f"etätietovarasto ei vastannut loppuun aikarajassa: {exc}",
            f"the remote store did not finish its answer within the time limit: {exc}",
        )
    return QueryFailed(
        f"etätietovaraston vastaus ei jäsenny: {exc}",
        f"the remote store's answer does not parse: {exc}",
    )
