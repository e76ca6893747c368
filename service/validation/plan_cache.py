"""Compiled plans kept between runs, so `lanka validate` compiles the shapes once.

Compiling the shapes is about a tenth of a second, as long as running the compiled checks on
a county: a command that starts afresh for every validation would pay it every time. A plan
depends on the shapes, the severities that may pass and the data's class hierarchy, and on
the compiler itself; its key is a digest of all four (`plan_key`). Plans are kept in memory
(a server compiles once) and, when the cache has a folder (`LANKA_CACHE_DIR`), as pickles
there, written atomically. The folder is the user's own cache, trusted like their code: a
pickle runs code when read. A file that cannot be read or written is recompiled, never an
error: the cache only saves time.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib.term import Node

from service.validation.compiler import Plan

log = logging.getLogger(__name__)

_MEMORY_PLANS = 16  # plans a server keeps in memory; a few shapes graphs at most


@cache
def compiler_fingerprint() -> str:
    """A digest of the fast path's source files: a plan compiled by other code is not used."""
    digest = hashlib.sha256(ox.__version__.encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def plan_key(
    shapes_key: str, allowed: Iterable[Node], hierarchy: Iterable[tuple[Node, Node]]
) -> str:
    """The key of the plan compiled from these shapes, severities and class hierarchy."""
    digest = hashlib.sha256(compiler_fingerprint().encode())
    digest.update(shapes_key.encode())
    for part in (sorted(map(str, allowed)), sorted(f"{s} {o}" for s, o in hierarchy)):
        digest.update(b"\x00" + "\n".join(part).encode())
    return digest.hexdigest()


class PlanCache:
    """Plans by key, in memory and in `folder` when given."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._memory: dict[str, Plan] = {}

    def plan(self, key: str, build: Callable[[], Plan]) -> Plan:
        found = self._memory.get(key) or self._read(key)
        if found is None:
            found = build()
            self._write(key, found)
        if len(self._memory) >= _MEMORY_PLANS:
            self._memory.pop(next(iter(self._memory)))
        self._memory[key] = found
        return found

    def _path(self, key: str) -> Path | None:
        return None if self.folder is None else self.folder / "plans" / f"{key}.pickle"

    def _read(self, key: str) -> Plan | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            found = pickle.loads(path.read_bytes())
        except Exception as exc:  # a damaged or foreign file: compile again
            log.debug("compiled plan %s not read: %s", path, exc)
            return None
        return found if isinstance(found, Plan) else None

    def _write(self, key: str, plan: Plan) -> None:
        path = self._path(key)
        if path is None:
            return
        written: Path | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
                written = Path(handle.name)
                handle.write(pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(written, path)
        except (OSError, pickle.PicklingError) as exc:
            log.debug("compiled plan %s not kept: %s", path, exc)
            if written is not None:
                written.unlink(missing_ok=True)


@cache
def plan_cache(folder: Path | None) -> PlanCache:
    """One cache per folder in a process, so a server reuses what it compiled."""
    return PlanCache(folder)
