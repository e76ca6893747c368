"""The W3C SPARQL 1.1 Graph Store Protocol test suite, transcribed: one test per entry,
each named after its id.

Source: w3c/rdf-tests, sparql/sparql11/graph-store-protocol/manifest.ttl (12 entries, the
suite that replaced http-rdf-update/) and manifest-indirect.ttl (its two entries not in
manifest.ttl, on percent-encoding of indirectly named graphs) — 14 in all. Transcription
rules, as the manifest asks:
- the `/gsp` path prefix is this server's `/store`; the authority is www.example;
- every test starts from an empty store and runs its requests in order;
- an expected body is compared as a graph (isomorphism), the Content-Type by its value;
- `mf:expectedLocation "$LOCATION$"`: the Location of the answer replaces $LOCATION$ in the
  requests that follow;
- writes carry the bearer token (the suite assumes an endpoint open to writes).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from rdflib import Graph
from rdflib.compare import isomorphic

from tests.service.conftest import BACKENDS
from tests.service.w3c import AUTH, boolean, emptied, endpoint_on, graph

TURTLE = {"content-type": "text/turtle; charset=utf-8", **AUTH}
ACCEPT = {"accept": "text/turtle"}
CREATED, OK, NO_CONTENT, NOT_FOUND = 201, 200, 204, 404

JOHN = """
    @prefix foaf: <http://xmlns.com/foaf/0.1/> .
    @prefix v: <http://www.w3.org/2006/vcard/ns#> .

    <http://www.example/gsp/person/1> a foaf:Person;
        foaf:businessCard [
            a v:VCard;
            v:fn "John Doe"
        ].
"""
JANE = JOHN.replace("John Doe", "Jane Doe")
ALICE = """
    @prefix foaf: <http://xmlns.com/foaf/0.1/> .
    @prefix v: <http://www.w3.org/2006/vcard/ns#> .

    []  a foaf:Person;
        foaf:businessCard [
            a v:VCard;
            v:given-name "Alice"
        ] .
"""
JANE_FULL = """
    @prefix foaf: <http://xmlns.com/foaf/0.1/> .
    @prefix v: <http://www.w3.org/2006/vcard/ns#> .

    <http://www.example/gsp/person/1> a foaf:Person;
        foaf:givenName      "Jane";
        foaf:familyName     "Doe";
        foaf:businessCard [
            a               v:VCard;
            v:fn            "Jane Doe"
        ] .
"""
MULTIPART = (
    "--a6fe4cd636164618814be9f8d3d1a0de\r\n"
    'Content-Disposition: form-data; name="lastName.ttl"; filename="lastName.ttl"\r\n'
    "Content-Type: text/turtle; charset=utf-8\r\n"
    "\r\n"
    "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\r\n"
    '<http://www.example/gsp/person/1> foaf:familyName "Doe" .\r\n'
    "\r\n"
    "--a6fe4cd636164618814be9f8d3d1a0de\r\n"
    'Content-Disposition: form-data; name="firstName.ttl"; filename="firstName.ttl"\r\n'
    "Content-Type: text/turtle; charset=utf-8\r\n"
    "\r\n"
    "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\r\n"
    '<http://www.example/gsp/person/1> foaf:givenName "Jane" .\r\n'
    "\r\n"
    "--a6fe4cd636164618814be9f8d3d1a0de--\r\n"
)
MULTIPART_TYPE = {
    "content-type": "multipart/form-data; boundary=a6fe4cd636164618814be9f8d3d1a0de",
    **AUTH,
}
DIRECT_1 = "/store/person/1.ttl"
INDIRECT_1 = "/store?graph=http%3A%2F%2Fwww.example%2Fgsp%2Fperson%2F1.ttl"


@pytest.fixture(scope="module", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    yield from endpoint_on(request, tmp_path_factory.mktemp("graph-store"))


@pytest.fixture
def client(server: TestClient) -> TestClient:
    return emptied(server)


def turtle_answer(response: Response, expected: str) -> None:
    """200, Content-Type text/turtle; charset=utf-8, and a graph isomorphic to `expected`."""
    assert response.status_code == OK, response.text
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    got = Graph().parse(data=response.text, format="turtle")
    assert isomorphic(got, Graph().parse(data=expected, format="turtle"))


def put_get_repeat(client: TestClient, path: str) -> None:
    assert client.put(path, content=JOHN, headers=TURTLE).status_code == CREATED
    turtle_answer(client.get(path, headers=ACCEPT), JOHN)
    assert client.put(path, content=JANE, headers=TURTLE).status_code in (OK, NO_CONTENT)
    turtle_answer(client.get(path, headers=ACCEPT), JANE)


def test_put_get_repeat_direct(client: TestClient) -> None:
    put_get_repeat(client, DIRECT_1)


def test_put_get_repeat_indirect(client: TestClient) -> None:
    put_get_repeat(client, INDIRECT_1)


def test_put_get_default(client: TestClient) -> None:
    put = client.put("/store?default", content=ALICE, headers=TURTLE)
    assert put.status_code in (OK, CREATED, NO_CONTENT)
    turtle_answer(client.get("/store?default", headers=ACCEPT), ALICE)


def put_delete_get_delete(client: TestClient, path: str) -> None:
    assert client.put(path, content=ALICE, headers=TURTLE).status_code in (
        CREATED,
        OK,
        NO_CONTENT,
    )
    assert client.delete(path, headers=AUTH).status_code in (OK, NO_CONTENT)
    assert client.get(path).status_code == NOT_FOUND
    assert client.delete(path, headers=AUTH).status_code in (NOT_FOUND, OK, NO_CONTENT)


def test_put_delete_get_delete_direct(client: TestClient) -> None:
    put_delete_get_delete(client, "/store/person/2.ttl")


def test_put_delete_get_delete_indirect(client: TestClient) -> None:
    put_delete_get_delete(client, "/store?graph=http%3A%2F%2Fwww.example%2Fgsp%2Fperson%2F2.ttl")


def post_get_post_get(client: TestClient, path: str) -> None:
    first = client.post(path, content=JANE, headers=TURTLE)
    assert first.status_code in (OK, CREATED, NO_CONTENT)
    turtle_answer(client.get(path, headers=ACCEPT), JANE)
    second = client.post(path, content=MULTIPART, headers=MULTIPART_TYPE)
    assert second.status_code in (OK, NO_CONTENT)
    turtle_answer(client.get(path, headers=ACCEPT), JANE_FULL)


def test_post_get_post_get_direct(client: TestClient) -> None:
    post_get_post_get(client, DIRECT_1)


def test_post_get_post_get_indirect(client: TestClient) -> None:
    post_get_post_get(client, INDIRECT_1)


def test_post_get_new_graph(client: TestClient) -> None:
    created = client.post("/store", content=ALICE, headers=TURTLE)
    assert created.status_code == CREATED
    location = created.headers["location"]  # mf:expectedLocation "$LOCATION$"
    turtle_answer(client.get(f"/store?graph={location}", headers=ACCEPT), ALICE)


def head_existing(client: TestClient, path: str) -> None:
    assert client.put(path, content=JOHN, headers=TURTLE).status_code in (
        OK,
        CREATED,
        NO_CONTENT,
    )
    head = client.head(path, headers={"accept": "text/turtle; charset=utf-8"})
    assert head.status_code == OK
    assert head.headers["content-type"] == "text/turtle; charset=utf-8"
    assert head.content == b""


def test_head_existing_direct(client: TestClient) -> None:
    head_existing(client, DIRECT_1)


def test_head_existing_indirect(client: TestClient) -> None:
    head_existing(client, INDIRECT_1)


def test_head_non_existing_direct(client: TestClient) -> None:
    head = client.head("/store/person/4.ttl", headers={"accept": "text/turtle; charset=utf-8"})
    assert head.status_code == NOT_FOUND


def test_head_non_existing_indirect(client: TestClient) -> None:
    head = client.head(
        "/store?graph=http%3A%2F%2Fwww.example%2Fgsp%2Fperson%2F4.ttl",
        headers={"accept": "text/turtle; charset=utf-8"},
    )
    assert head.status_code == NOT_FOUND


def test_put_get_uri_pct_encoded_indirect(client: TestClient) -> None:
    assert client.put(INDIRECT_1, content=JOHN, headers=TURTLE).status_code == CREATED
    answer = client.get("/store?graph=http://www.example/gsp/person/1.ttl", headers=ACCEPT)
    turtle_answer(answer, JOHN)


def test_put_get_uri_pct_encoded_twice(client: TestClient) -> None:
    put = client.put(
        "/store?graph=http://www.example/gsp/person/1.ttl", content=JOHN, headers=TURTLE
    )
    assert put.status_code == CREATED
    once = client.get("/store?graph=http://www.example/gsp/person/%31.ttl", headers=ACCEPT)
    turtle_answer(once, JOHN)
    twice = client.get("/store?graph=http://www.example/gsp/person/%2531.ttl", headers=ACCEPT)
    assert twice.status_code == NOT_FOUND


def test_the_transcription_covers_every_manifest_entry() -> None:
    entries = [
        "put_get_repeat_direct",
        "put_get_repeat_indirect",
        "put_get_default",
        "put_delete_get_delete_direct",
        "put_delete_get_delete_indirect",
        "post_get_post_get_direct",
        "post_get_post_get_indirect",
        "post_get_new_graph",
        "head_existing_direct",
        "head_existing_indirect",
        "head_non_existing_direct",
        "head_non_existing_indirect",
        "put_get_uri_pct_encoded_indirect",
        "put_get_uri_pct_encoded_twice",
    ]
    assert len(entries) == 14
    assert all(f"test_{entry}" in globals() for entry in entries)


# Beyond the suite: what the protocol leaves to the server, and this server's choices.


def test_a_put_that_does_not_parse_changes_nothing(client: TestClient) -> None:
    client.put(DIRECT_1, content=JOHN, headers=TURTLE)
    broken = client.put(DIRECT_1, content=JANE + " this is not turtle", headers=TURTLE)
    assert broken.status_code == 400
    turtle_answer(client.get(DIRECT_1, headers=ACCEPT), JOHN)


def test_a_multipart_post_with_one_bad_part_writes_no_part(client: TestClient) -> None:
    client.put(DIRECT_1, content=JOHN, headers=TURTLE)
    bad = MULTIPART.replace('foaf:givenName "Jane" .', 'foaf:givenName "Jane')
    assert client.post(DIRECT_1, content=bad, headers=MULTIPART_TYPE).status_code == 400
    turtle_answer(client.get(DIRECT_1, headers=ACCEPT), JOHN)


def test_a_payload_in_an_unknown_media_type_is_415(client: TestClient) -> None:
    sent = client.put(DIRECT_1, content="{}", headers={"content-type": "application/x-foo", **AUTH})
    assert sent.status_code == 415
    assert client.put(DIRECT_1, content=JOHN, headers=AUTH).status_code == 415


@pytest.mark.parametrize(
    "media", ["text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"]
)
def test_a_graph_is_given_in_the_format_asked_for(client: TestClient, media: str) -> None:
    client.put(DIRECT_1, content=JOHN, headers=TURTLE)
    answer = client.get(DIRECT_1, headers={"accept": media})
    assert answer.headers["content-type"].split(";")[0] == media
    assert len(graph(answer)) == 4


def test_a_graph_cannot_be_given_as_query_results(client: TestClient) -> None:
    client.put(DIRECT_1, content=JOHN, headers=TURTLE)
    answer = client.get(DIRECT_1, headers={"accept": "application/sparql-results+json"})
    assert answer.status_code == 406


@pytest.mark.parametrize(
    "query", ["graph=http://example.org/g&default", "graph=relative", "graph=a&graph=b"]
)
def test_a_request_must_name_one_graph_clearly(client: TestClient, query: str) -> None:
    assert client.get(f"/store?{query}").status_code == 400


def test_the_store_itself_cannot_be_read_or_replaced(client: TestClient) -> None:
    assert client.get("/store").status_code == 400
    assert client.put("/store", content=JOHN, headers=TURTLE).status_code == 400


def test_load_staging_graphs_are_out_of_reach(client: TestClient) -> None:
    assert client.get("/store?graph=urn:x-lanka:staging:anything").status_code == 400


def test_a_written_graph_is_queryable_at_once(client: TestClient) -> None:
    client.put(DIRECT_1, content=JOHN, headers=TURTLE)
    query = "ASK { GRAPH <http://www.example/store/person/1.ttl> { ?s ?p 'John Doe' } }"
    assert boolean(client.get("/sparql", params={"query": query}))
