"""A real uvicorn server with the protocol that sends a response's writes together: what a
client reads is exactly what the app sent, however the app sends it."""

from __future__ import annotations

import asyncio
import http.client
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from starlette.types import Receive, Scope, Send

from service.http_protocol import server_config

BIG = bytes(range(256)) * 40_000  # 10 MB: more than a socket takes at once


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    """/small: one body; /chunks: ten chunks over ten turns of the loop; /big: 10 MB;
    /stream: 10 MB in chunks sent in one turn; /close: a body, then the connection closed."""
    if scope["type"] != "http":
        return
    path = scope["path"]
    headers = [(b"content-type", b"application/octet-stream")]
    if path == "/close":
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    if path == "/chunks":
        for i in range(10):
            await send({"type": "http.response.body", "body": b"%d," % i, "more_body": True})
            await asyncio.sleep(0)
        await send({"type": "http.response.body", "body": b"end"})
    elif path == "/big":
        await send({"type": "http.response.body", "body": BIG})
    elif path == "/stream":  # chunks with no turn of the loop in between
        for start in range(0, len(BIG), 100_000):
            chunk = BIG[start : start + 100_000]
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
    else:
        await send({"type": "http.response.body", "body": b"small"})


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        chosen = int(sock.getsockname()[1])
    server = uvicorn.Server(server_config(app, "127.0.0.1", chosen, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive(), "the server did not start"
        time.sleep(0.01)
    yield chosen
    server.should_exit = True
    thread.join(10)


def get(connection: http.client.HTTPConnection, path: str, method: str = "GET") -> bytes:
    connection.request(method, path)
    response = connection.getresponse()
    assert response.status == 200
    return response.read()


def test_one_connection_reads_every_kind_of_response_in_turn(port: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        for _ in range(3):
            assert get(connection, "/small") == b"small"
            assert get(connection, "/chunks") == b"0,1,2,3,4,5,6,7,8,9,end"
            assert get(connection, "/big") == BIG
            assert get(connection, "/stream") == BIG
            assert get(connection, "/small", "HEAD") == b""
    finally:
        connection.close()


def test_a_response_before_the_connection_closes_is_read_whole(port: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/close")
        response = connection.getresponse()
        assert response.read() == b"small" and response.getheader("connection") == "close"
    finally:
        connection.close()


def test_concurrent_clients_each_get_their_own_answers(port: int) -> None:
    answers: list[bytes] = []

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            answers.extend(get(connection, path) for path in ("/chunks", "/small") * 20)
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(answers)) == [b"0,1,2,3,4,5,6,7,8,9,end", b"small"]
    assert len(answers) == 8 * 40
