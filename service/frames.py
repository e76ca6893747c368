"""Messages between the server and its replica process: a length, then a pickle.

The server reads them on its event loop (`Decoder`, fed by an asyncio protocol), so that an
answer reaches the waiting request with no thread in between; the replica process reads them
with blocking calls (`read_message`). Both ends are this project's own processes, over a
socket pair nobody else holds.
"""

from __future__ import annotations

import pickle
import struct
from typing import BinaryIO

_LENGTH = struct.Struct("!Q")


def encode(message: object) -> bytes:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(payload)) + payload


def read_message(stream: BinaryIO) -> object:
    """The next message; EOFError when the other end has closed."""
    header = stream.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        raise EOFError
    (length,) = _LENGTH.unpack(header)
    payload = stream.read(length)
    if len(payload) < length:
        raise EOFError
    return pickle.loads(payload)


class Decoder:
    """The messages in a stream of bytes that arrives in pieces of any size."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[object]:
        buffer = self._buffer
        buffer += data
        messages: list[object] = []
        start, end = 0, len(buffer)
        with memoryview(buffer) as view:
            while end - start >= _LENGTH.size:
                (length,) = _LENGTH.unpack_from(view, start)
                stop = start + _LENGTH.size + length
                if stop > end:
                    break
                messages.append(pickle.loads(view[start + _LENGTH.size : stop]))
                start = stop
        if start:
            del buffer[:start]
        return messages
