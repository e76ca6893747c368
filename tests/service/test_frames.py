"""Messages to and from the replica process arrive whole, however the bytes are cut."""

from __future__ import annotations

import io

import pytest

from service.frames import Decoder, encode, read_message

MESSAGES: list[object] = [("build", "/tmp/checkpoint", ("urn:g",)), b"x" * 100_000, {"n": [1, 2]}]


@pytest.mark.parametrize("piece", [1, 7, 4096, 1 << 20])
def test_a_stream_cut_anywhere_gives_the_messages_in_order(piece: int) -> None:
    data = b"".join(encode(m) for m in MESSAGES)
    decoder, found = Decoder(), []
    for start in range(0, len(data), piece):
        found += decoder.feed(data[start : start + piece])
    assert found == MESSAGES


def test_a_blocking_reader_reads_one_message_at_a_time_and_then_eof() -> None:
    stream = io.BytesIO(b"".join(encode(m) for m in MESSAGES))
    assert [read_message(stream) for _ in MESSAGES] == MESSAGES
    with pytest.raises(EOFError):
        read_message(stream)


def test_a_message_cut_short_is_eof() -> None:
    with pytest.raises(EOFError):
        read_message(io.BytesIO(encode("whole")[:-1]))
