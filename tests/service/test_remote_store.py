"""The remote store: what it writes into SPARQL text, how it stages and swaps, and that it
answers as the embedded store does — against a real Oxigraph server and a real Virtuoso.

The W3C suites and the loader tests run against all three stores (see conftest.py); these
tests cover what is particular to a store on another server.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from email.message import Message
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from loaders.errors import QueryTimeout, ResultTooLarge, StoreError
from service.loading import load_paths, read_graph
from service.remote_dialects import (
    EMPTY_GRAPH,
    VIRTUOSO_DEFAULT_GRAPH,
    Virtuoso,
    chunks,
    outside_as_empty,
    virtuoso_update,
)
from service.remote_sparql import query_form, with_base, with_values, without_dataset_clauses
from service.remote_store import RemoteStore
from service.settings import Settings
from service.store import STAGING_PREFIX, EmbeddedStore, Limits, QueryRequest, UpdateRequest
from tests.conftest import SMALL_COUNTY, write_county
from tests.service.conftest import remote_server
from tests.service.remote_servers import Server

SOURCE_GRAPH = "https://w3id.org/lanka/graph/testi/lahde"
NEW_ACTOR = "ASK { GRAPH ?g { <https://w3id.org/lanka/id/testi/toimija/uusi> ?p ?o } }"


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> Server:
    found = remote_server(request, request.param)
    assert found is not None
    found.emptied()
    return found


# What goes into the text


def test_the_query_form_is_the_first_form_keyword_outside_braces() -> None:
    assert query_form("PREFIX ask: <http://a/> # SELECT\nCONSTRUCT { ?s ?p 'ASK' } {}") == (
        "CONSTRUCT"
    )
    assert query_form("BASE <x:> ASK {}") == "ASK"
    assert query_form("INSERT DATA {}") is None


def test_a_request_dataset_replaces_the_querys_own() -> None:
    query = "SELECT * FROM <http://a/> FROM NAMED ex:b WHERE { GRAPH ?g { ?s ?p '<FROM>' } }"
    assert without_dataset_clauses(query) == "SELECT *   WHERE { GRAPH ?g { ?s ?p '<FROM>' } }"


def test_bound_variables_become_a_values_block_from_typed_terms() -> None:
    bound = with_values(
        "SELECT ?label WHERE { ?s <http://l> ?label }",
        {"s": URIRef("http://x/a"), "label": Literal('say "hi"', lang="fi")},
    )
    assert bound == (
        'SELECT ?label WHERE { VALUES (?s ?label) { (<http://x/a> "say \\"hi\\""@fi) } '
        " ?s <http://l> ?label }"
    )
    assert with_base("ASK {}", "http://e/sparql") == "BASE <http://e/sparql>\nASK {}"


def test_virtuoso_gets_explicit_graph_operations_for_all_named_and_default() -> None:
    rewritten = virtuoso_update(
        "DROP ALL ; CLEAR SILENT NAMED ; DROP DEFAULT ; DROP GRAPH <http://g> ; "
        "ADD DEFAULT TO GRAPH <http://h>",
        lambda: ["http://g", "http://h"],
        VIRTUOSO_DEFAULT_GRAPH,
    )
    assert rewritten == (
        "DROP SILENT GRAPH <http://g> ;\nDROP SILENT GRAPH <http://h> ;\n"
        f"DROP SILENT GRAPH <{VIRTUOSO_DEFAULT_GRAPH}> ; "
        "CLEAR SILENT GRAPH <http://g> ;\nCLEAR SILENT GRAPH <http://h> ; "
        f"DROP SILENT GRAPH <{VIRTUOSO_DEFAULT_GRAPH}> ; DROP SILENT GRAPH <http://g> ; "
        f"ADD GRAPH <{VIRTUOSO_DEFAULT_GRAPH}> TO GRAPH <http://h>"
    )


def test_virtuoso_gets_blank_nodes_in_an_insert_template() -> None:
    plain = "INSERT DATA { <http://s> <http://p> 1 }"
    assert virtuoso_update(plain, list, VIRTUOSO_DEFAULT_GRAPH) == plain
    blank = "INSERT DATA { GRAPH <http://g> { _:a <http://p> [ <http://q> 1 ] } }"
    assert virtuoso_update(blank, list, VIRTUOSO_DEFAULT_GRAPH) == (
        "INSERT { GRAPH <http://g> { _:a <http://p> [ <http://q> 1 ] } } WHERE { }"
    )


def test_on_virtuoso_a_graph_outside_the_dataset_matches_nothing() -> None:
    query = "BASE <http://e/> ASK { GRAPH <in> { ?s ?p ?o } GRAPH <http://out> { ?s ?p ?o } }"
    assert outside_as_empty(query, {"http://e/in"}) == (
        f"BASE <http://e/> ASK {{ GRAPH <in> {{ ?s ?p ?o }} GRAPH <{EMPTY_GRAPH}> {{ ?s ?p ?o }} }}"
    )


def test_chunks_keep_every_blank_node_whole() -> None:
    node = ox.NamedNode("http://s")
    blanks = [ox.BlankNode(f"b{i}") for i in range(3)]
    triples = [ox.Triple(node, ox.NamedNode("http://p"), ox.Literal(str(i))) for i in range(5)]
    triples += [
        ox.Triple(blanks[0], ox.NamedNode("http://p"), blanks[1]),
        ox.Triple(node, ox.NamedNode("http://q"), blanks[0]),
        ox.Triple(blanks[1], ox.NamedNode("http://p"), ox.Literal("x")),
        ox.Triple(blanks[2], ox.NamedNode("http://p"), ox.Literal("y")),
    ]
    found = list(chunks(triples, 2))
    assert sorted(map(str, (t for chunk in found for t in chunk))) == sorted(map(str, triples))
    for blank in blanks:
        holding = [c for c in found if any(blank in (t.subject, t.object) for t in c)]
        assert len(holding) == 1


def test_an_answer_virtuoso_cut_short_is_refused() -> None:
    cut = Message()
    cut["X-SPARQL-MaxRows"] = "10000"
    with pytest.raises(ResultTooLarge, match="ResultSetMaxRows"):
        Virtuoso().check_answer(cut)
    partial = Message()
    partial["X-SQL-State"] = "S1TAT"
    with pytest.raises(QueryTimeout):
        Virtuoso().check_answer(partial)


def test_virtuoso_blank_node_labels_are_made_valid_across_reads() -> None:
    body = b"<binding><bnode>nodeID://b1</bnode></binding>" * 5000
    read = Virtuoso().results(io.BytesIO(body)).read()
    assert read == b"<binding><bnode>b1</bnode></binding>" * 5000


# Against the real servers


def test_a_graph_with_blank_nodes_loads_whole_in_small_chunks(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = server.store()
    monkeypatch.setattr(store.endpoint, "store_url", None)  # by SPARQL Update, not GSP
    monkeypatch.setattr(store.dialect, "chunk", 3)
    monkeypatch.setattr(store.dialect, "template_chunk", 3, raising=False)
    graph = Graph().parse(
        data="""@prefix ex: <http://example.org/> .
        ex:a ex:list ( 1 2 3 4 5 ) ; ex:b [ ex:c [ ex:d "ä–😀" ] ] .
        ex:e ex:f "x", "y", "z", 1, 2.5 ; ex:g true .""",
        format="turtle",
    )
    store.commit({"http://example.org/g": store.stage(graph)})
    assert isomorphic(read_graph(store, "http://example.org/g"), graph)


def test_answers_are_the_same_bytes_as_the_embedded_stores(
    server: Server, settings: Settings, county: Path
) -> None:
    embedded = EmbeddedStore(None)
    remote = server.store()
    query = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?s ?label (LANG(?label) AS ?lang) WHERE { ?s rdfs:label ?label }
        ORDER BY ?s ?lang STR(?label)"""
    for store in (embedded, remote):
        load_paths(store, [county], settings)
    for accept in ("application/sparql-results+json", "text/csv", "text/tab-separated-values"):
        answers = [
            store.query(
                QueryRequest(query, accept=accept, data_graphs=(SOURCE_GRAPH,), base_iri="x:")
            )
            for store in (embedded, remote)
        ]
        assert answers[0] == answers[1]
        assert answers[0].body.count(b"Kajaani") == 2  # in Finnish and in English
    embedded.close()


def test_a_result_over_a_limit_is_refused_never_cut(server: Server) -> None:
    store = server.store()
    store.update(UpdateRequest("INSERT DATA { GRAPH <http://g> { <http://s> <http://p> 1, 2, 3 }}"))
    over = Limits(max_rows=2)
    for query, accept in [
        ("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }", "application/sparql-results+json"),
        ("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }", "text/tab-separated-values"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", "text/turtle"),
    ]:
        with pytest.raises(ResultTooLarge):
            store.query(QueryRequest(query, accept=accept, limits=over))


def test_a_query_past_its_time_limit_is_stopped(server: Server) -> None:
    store = server.store()
    triples = " ".join(f"<http://s{i}> <http://p> 'value {i}' ." for i in range(3000))
    store.update(UpdateRequest(f"INSERT DATA {{ GRAPH <http://big> {{ {triples} }} }}"))
    slow = """SELECT (COUNT(*) AS ?n) WHERE {
        GRAPH <http://big> { ?a ?b ?c } GRAPH <http://big> { ?d ?e ?f }
        FILTER (CONCAT(STR(?c), "x") < CONCAT(STR(?f), "y"))
    }"""
    with pytest.raises(QueryTimeout, match="LANKA_QUERY_TIMEOUT"):
        store.query(QueryRequest(slow, limits=Limits(timeout=0.5)))


def test_the_default_graph_of_a_query_is_the_data_graphs(
    server: Server, settings: Settings, county: Path
) -> None:
    store = server.store()
    load_paths(store, [county], settings)
    measure = "ASK { ?m a <https://w3id.org/lanka/ontology#Measure> }"
    request = QueryRequest(measure, accept="application/sparql-results+json")
    assert b"false" in store.query(request).body
    with_data = QueryRequest(
        measure, accept="application/sparql-results+json", data_graphs=(SOURCE_GRAPH,)
    )
    assert b"true" in store.query(with_data).body


def test_data_is_there_for_any_later_process(
    server: Server, settings: Settings, county: Path
) -> None:
    """The service holds nothing: a new process over the same server sees the same store."""
    store = server.store()
    load_paths(store, [county], settings)
    code = "from service.remote_store import RemoteStore; from service.settings import Settings; "
    code += "print(RemoteStore.from_settings(Settings()).triple_count())"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **server.env},
    )
    assert int(result.stdout) == store.triple_count() > 50


KILL_DURING = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from service.loading import load_paths
    from service.remote_store import RemoteStore
    from service.settings import Settings

    settings = Settings(area="testi")  # the remote store from LANKA_REMOTE_*
    store = RemoteStore.from_settings(settings)
    moment = sys.argv[2]
    calls = {"stage": 0}
    real_stage, real_update = store._stage_triples, store._update

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    # The real steps of a load, except that the process is killed at the chosen one.
    def stage(triples):
        calls["stage"] += 1
        if moment == "staging" and calls["stage"] == 2:  # one graph staged, one not
            die()
        return real_stage(triples)

    def update(text):
        if moment == "swap" and "ADD SILENT" in text:  # all staged, the swap not sent
            die()
        return real_update(text)

    store._stage_triples, store._update = stage, update
    load_paths(store, [Path(sys.argv[1])], settings)
""")


@pytest.mark.parametrize("moment", ["staging", "swap"])
def test_a_load_killed_midway_leaves_the_previous_data(
    server: Server, settings: Settings, county: Path, tmp_path: Path, moment: str
) -> None:
    store = server.store()
    load_paths(store, [county], settings)
    before = store.export("nq")
    changed = dict(SMALL_COUNTY)
    changed["toimijat"] = [
        *SMALL_COUNTY["toimijat"],
        {"avain": "uusi", "laji": "jarjesto", "nimi": "Uusi ry", "lahde": "s-visio"},
    ]
    newer = write_county(tmp_path / "newer", changed)
    result = subprocess.run(
        [sys.executable, "-c", KILL_DURING, str(newer), moment],
        capture_output=True,
        text=True,
        env={**os.environ, **server.env},
    )
    assert result.returncode == -9, result.stderr
    after = server.store()
    assert after.export("nq") == before
    assert not any(g.startswith(STAGING_PREFIX) for g in after.graph_names())
    load_paths(after, [newer], settings)
    assert after.ask(NEW_ACTOR)


def test_a_swap_is_refused_when_a_staged_graph_is_gone(
    server: Server, settings: Settings, county: Path
) -> None:
    store = server.store()
    load_paths(store, [county], settings)
    before = store.export("nq")
    graph = Graph().parse(data="<http://s> <http://p> 'new' .", format="turtle")
    staged = store.stage(graph)
    other = server.store()  # another process, removing every staging graph
    other.update(UpdateRequest(f"DROP SILENT GRAPH <{staged}>"))
    with pytest.raises(StoreError, match="is gone from the remote store"):
        store.commit({SOURCE_GRAPH: staged})
    assert store.export("nq") == before


def test_only_own_and_stale_staging_graphs_are_discarded(server: Server) -> None:
    store = server.store()
    stale = f"{STAGING_PREFIX}1000000000-0123"
    insert = "INSERT DATA { GRAPH <%s> { <http://s> <http://p> 1 } }"
    store.update(UpdateRequest(insert % stale))
    running = server.store().stage(Graph().parse(data="<http://s> <http://p> 2 .", format="turtle"))
    own = store.stage(Graph().parse(data="<http://s> <http://p> 3 .", format="turtle"))
    store.discard_staging()
    left = store._graphs(staging=True)
    assert running in left
    assert stale not in left and own not in left


def test_wrong_credentials_are_a_store_error(virtuoso_server: Server) -> None:
    store = RemoteStore.from_settings(virtuoso_server.settings(remote_password="wrong"))
    with pytest.raises(StoreError, match="HTTP 401"):
        store.update(UpdateRequest("INSERT DATA { GRAPH <http://g> { <http://s> <http://p> 1 } }"))


def test_the_app_opens_the_remote_store_its_settings_name(server: Server) -> None:
    from fastapi.testclient import TestClient

    from service.app import create_app

    settings = server.settings(update_token="remote-token-0123456789")
    with TestClient(create_app(settings)) as client:
        assert isinstance(client.app.state.store, RemoteStore)  # type: ignore[attr-defined]
        written = client.put(
            "/store?graph=http://example.org/g",
            content='<http://example.org/s> <http://example.org/p> "o" .',
            headers={
                "content-type": "application/n-triples",
                "authorization": "Bearer remote-token-0123456789",
            },
        )
        assert written.status_code == 201
        asked = client.get(
            "/sparql",
            params={"query": "ASK { GRAPH <http://example.org/g> { ?s ?p 'o' } }"},
            headers={"accept": "application/sparql-results+json"},
        )
        assert asked.json()["boolean"] is True
