"""Leaving out the lines of N-Triples that no check reads, before Oxigraph parses them.

The fast path's checks match the triples of a known set of predicates (`Plan.reads`, some
with given objects only), and most of the time of reading a big file goes to storing its
triples, so the triples of frequent other predicates (an observation's `qb:dataSet`, say) are
best left out at the byte level, where that costs little. It is done only where it is certain
to change nothing:

- a line is left out only when it is one whole triple written in a plain subset of N-Triples
  (one space between the terms, printable ASCII, absolute IRIs without escapes, strings with
  the simple escapes only) that no check reads (its predicate is not read, or read with other
  objects only): a line Oxigraph reads without error, as a triple no check matches. Every
  other line is kept, for Oxigraph to read (and, when it is wrong, to report);
- a predicate is left out only when Oxigraph reads its IRI, as written, as that same IRI
  (resolving it against the base IRI could change it);
- which predicates are worth looking for is learnt from the first lines of each chunk: those
  frequent there (a rare one would cost a scan of the chunk for little).

`load_ntriples` reads a file in chunks: while Oxigraph stores one chunk (without the GIL), the
next is filtered, so the filtering takes no time of its own on a machine with two cores.
Oxigraph gives each load its own blank nodes, so from the first chunk that may name a blank
node (holds `_:`), the rest of the file is stored in one load.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from service.validation.reads import Reads

_IRI = rb"<[a-zA-Z][a-zA-Z0-9+.\-]*+:[!#-;=?-\[\]_a-z~]*+>"  # absolute, no escapes
_BLANK = rb"_:[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?"
_STRING = rb'"(?:[ !#-\[\]-~]|\\[tbnrf"\'\\])*+"'
_LITERAL = _STRING + rb"(?:@[a-zA-Z]++(?:-[a-zA-Z0-9]++)*+|\^\^" + _IRI + rb")?"
_SUBJECT = rb"(?:" + _IRI + rb"|" + _BLANK + rb")"
_OBJECT = rb"(?:" + _IRI + rb"|" + _BLANK + rb"|" + _LITERAL + rb")"
_PREDICATE = re.compile(_IRI)

CHUNK_BYTES = 32 << 20
SAMPLE_BYTES = 1 << 19  # the first lines of a chunk, where frequent predicates are counted
FREQUENT = 0.02  # a predicate on at least this share of the sampled lines is looked for


class LineFilter:
    """Keeps the lines of N-Triples chunks that may hold a triple the checks read."""

    def __init__(self, reads: Reads, base_iri: str | None = None) -> None:
        self.reads = reads
        self.base_iri = base_iri
        self._lines: dict[bytes, re.Pattern[bytes] | None] = {}  # by predicate as written

    def keep(self, chunk: bytes) -> bytes:
        """`chunk` (whole lines) without the plain lines, of frequent predicates, that no
        check reads."""
        spans: list[tuple[int, int]] = []
        for written in self._frequent(chunk):
            line = self._line(written)
            if line is not None:
                spans += _lines_of(chunk, written, line)
        if not spans:
            return chunk
        spans.sort()
        view = memoryview(chunk)
        kept, at = [], 0
        for start, end in spans:
            kept.append(view[at:start])
            at = end
        kept.append(view[at:])
        return b"".join(kept)

    def _frequent(self, chunk: bytes) -> list[bytes]:
        lines = chunk[:SAMPLE_BYTES].split(b"\n")[:-1]
        counts = Counter(parts[1] for parts in (line.split(b" ", 2) for line in lines) if parts[1:])
        least = max(1, int(len(lines) * FREQUENT))
        return sorted(written for written, count in counts.items() if count >= least)

    def _line(self, written: bytes) -> re.Pattern[bytes] | None:
        """The pattern of a plain line with predicate `written` that no check reads, if
        there are such lines."""
        if written not in self._lines:
            self._lines[written] = self._unread(written)
        return self._lines[written]

    def _unread(self, written: bytes) -> re.Pattern[bytes] | None:
        if not _PREDICATE.fullmatch(written) or not self._as_written(written):
            return None
        iri = written[1:-1].decode("ascii")
        if self.reads.reads_all(iri):
            return None
        line = _SUBJECT + b" " + re.escape(written) + b" "
        if iri in self.reads.objects:  # an object read is written the one plain way, as <iri>
            read = b"|".join(re.escape(f"<{o}>".encode()) for o in sorted(self.reads.objects[iri]))
            line += rb"(?!(?:" + read + rb") \.)"
        return re.compile(line + _OBJECT + rb" \.\r?")

    def _as_written(self, written: bytes) -> bool:
        """Whether Oxigraph reads predicate `written` as the IRI written."""
        try:  # the IRI Oxigraph makes of it, resolved against the base IRI as the file is
            triple = next(
                ox.parse(
                    b"<urn:x-lanka:s> " + written + b" <urn:x-lanka:o> .\n",
                    format=ox.RdfFormat.N_TRIPLES,
                    base_iri=self.base_iri,
                    lenient=True,
                )
            )
        except (SyntaxError, StopIteration, ValueError):
            return False
        return bool(triple.predicate.value == written[1:-1].decode("ascii"))


def _lines_of(chunk: bytes, written: bytes, line: re.Pattern[bytes]) -> list[tuple[int, int]]:
    """(start, end) of each plain line of `chunk` with predicate `written`, its newline
    included: each place the predicate is written, checked to be the predicate of its line."""
    token = b" " + written + b" "
    find, rfind, fullmatch = chunk.find, chunk.rfind, line.fullmatch
    spans = []
    at = find(token)
    while at >= 0:
        start = rfind(b"\n", 0, at) + 1
        end = find(b"\n", at)
        if end < 0:
            end = len(chunk)
        if fullmatch(chunk, start, end):
            spans.append((start, end + 1))
            at = find(token, end)
        else:
            at = find(token, at + 1)
    return spans


def load_ntriples(store: ox.Store, path: Path, base_iri: str, reads: Reads) -> None:
    """Store the triples of N-Triples file `path` into the store's default graph, leaving out
    lines no check reads. A syntax error raises `SyntaxError` with the line of the file."""
    lines = LineFilter(reads, base_iri)
    rest: list[bytes] = []  # from the first chunk that may name a blank node, to the end
    with path.open("rb") as file, ThreadPoolExecutor(1, "lanka-load") as loader:
        pending: Future[None] | None = None
        try:
            for chunk in _chunks(file):
                kept = lines.keep(chunk)
                if rest or b"_:" in chunk:
                    rest.append(kept)
                    continue
                if pending is not None:
                    pending.result()
                pending = loader.submit(_load, store, kept, base_iri)
            if pending is not None:
                pending.result()
            if rest:
                _load(store, b"".join(rest), base_iri)
        except SyntaxError:
            # the chunk's line numbers are not the file's: read it whole for the error
            ox.Store().load(
                path=str(path), format=ox.RdfFormat.N_TRIPLES, base_iri=base_iri, lenient=True
            )
            raise


def _load(store: ox.Store, data: bytes, base_iri: str) -> None:
    store.load(data, format=ox.RdfFormat.N_TRIPLES, base_iri=base_iri, lenient=True)


def _chunks(file: BinaryIO) -> Iterator[bytes]:
    """The file in chunks of whole lines (the last one may lack its newline); the first one
    small, so that storing starts soon."""
    carried, size = b"", max(1, CHUNK_BYTES // 8)
    while block := file.read(size):
        size = CHUNK_BYTES
        block = carried + block
        cut = block.rfind(b"\n") + 1
        carried = block[cut:]
        if cut:
            yield block[:cut]
    if carried:
        yield carried
