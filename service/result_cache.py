"""Answers kept for repeated queries, until the store changes.

Analysts and dashboards send the same queries again and again (a report page, a spreadsheet
refreshing from a URL, a wall screen polling). An answer depends only on the request (query,
dataset, Accept, base IRI, limits) and on the data, so the embedded store keeps the last
answers by request and drops them all at its next write (its `generation` moves on). The
memory this takes is capped (`LANKA_RESULT_CACHE_MB`); answers larger than an eighth of the
cap are not kept. A client that wants the query evaluated again sends
`Cache-Control: no-cache`, as HTTP has it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, Protocol, TypeVar


class Sized(Protocol):
    @property
    def body(self) -> bytes: ...


AnswerT = TypeVar("AnswerT", bound=Sized)


class ResultCache(Generic[AnswerT]):
    """Least recently used answers for one store generation, within `max_bytes`."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._answers: OrderedDict[Hashable, AnswerT] = OrderedDict()
        self._bytes = 0
        self._generation = -1
        self._lock = threading.Lock()

    def get(self, generation: int, key: Hashable) -> AnswerT | None:
        with self._lock:
            if generation != self._generation:
                return None
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def put(self, generation: int, key: Hashable, answer: AnswerT) -> None:
        size = len(answer.body)
        if size > self.max_bytes // 8:
            return
        with self._lock:
            if generation < self._generation:  # evaluated before a write: already stale
                return
            if generation > self._generation:
                self._answers.clear()
                self._bytes, self._generation = 0, generation
            if key in self._answers:
                return
            self._answers[key] = answer
            self._bytes += size
            while self._bytes > self.max_bytes:
                _key, dropped = self._answers.popitem(last=False)
                self._bytes -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._answers)
