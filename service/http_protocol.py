"""uvicorn's HTTP protocol with each response's writes sent together.

uvicorn writes a response's status line and headers, then its body, each with a system call
of its own: with 8 clients sending small queries, these two writes were a quarter of the
server's time (a write over loopback TCP delivers to the client in the same call), and the
client woke up twice. Here the writes of one turn of the event loop are gathered and sent at
its end, as one (what TCP_CORK does in the kernel). Nothing waits longer than that turn.
"""

from __future__ import annotations

import asyncio
from typing import Any

import uvicorn
from starlette.types import ASGIApp
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

# what is written at once instead of at the end of the turn
AT_ONCE = 64 * 1024


class GatheringTransport:
    """A transport whose writes go out together once the current turn of the loop ends."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._gathered: list[bytes] = []
        self._size = 0

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not self._gathered:
            self._loop.call_soon(self.flush)
        self._gathered.append(bytes(data))
        self._size += len(data)
        if self._size >= AT_ONCE:  # a big body goes now, so the transport can push back
            self.flush()

    def writelines(self, lines: Any) -> None:
        for data in lines:
            self.write(data)

    def flush(self) -> None:
        gathered, self._gathered, self._size = self._gathered, [], 0
        if gathered and not self._transport.is_closing():
            self._transport.write(b"".join(gathered))

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + self._size

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:  # everything else: the transport's own
        return getattr(self._transport, name)


class GatheringHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol over a `GatheringTransport`."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        gathering = GatheringTransport(transport, self.loop)
        super().connection_made(gathering)  # type: ignore[arg-type]


def server_config(app: ASGIApp, host: str, port: int, **options: Any) -> uvicorn.Config:
    """uvicorn's settings for serving `app`, with the protocol above: for `lanka serve`
    and for every test or benchmark that runs a real server."""
    return uvicorn.Config(app, host=host, port=port, http=GatheringHttpToolsProtocol, **options)
