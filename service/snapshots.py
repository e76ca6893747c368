"""Read-only checkpoints of the on-disk store for the query worker processes.

RocksDB leaves opening a database read-only while another process writes to it undefined, so
workers never open the live store: they open a checkpoint (`pyoxigraph.Store.backup`, made of
hard links, so cheap) that nobody writes. A new checkpoint is made the first time a query
arrives after a write, so a client that has just written reads its own write. A checkpoint is
deleted once it is no longer the newest and no query is using it.
"""

from __future__ import annotations

import shutil
import threading
import uuid
from pathlib import Path

import pyoxigraph as ox


class Snapshots:
    def __init__(self, store: ox.Store, folder: Path) -> None:
        self._store = store
        self.folder = folder
        self._current: tuple[int, Path] | None = None
        self._users: dict[Path, int] = {}
        self._lock = threading.Lock()
        shutil.rmtree(folder, ignore_errors=True)

    def acquire(self, generation: int) -> Path:
        """The newest checkpoint, made now if the store changed since the last one.

        `generation` counts the writes so far; a checkpoint of an older one is stale.
        """
        with self._lock:
            if self._current is None or self._current[0] != generation:
                path = self.folder / f"{generation}-{uuid.uuid4().hex}"
                self.folder.mkdir(parents=True, exist_ok=True)
                self._store.backup(str(path))
                previous, self._current = self._current, (generation, path)
                if previous is not None:
                    self._drop_if_unused(previous[1])
            path = self._current[1]
            self._users[path] = self._users.get(path, 0) + 1
            return path

    def release(self, path: Path) -> None:
        with self._lock:
            self._users[path] -= 1
            if self._current is None or self._current[1] != path:
                self._drop_if_unused(path)

    def _drop_if_unused(self, path: Path) -> None:
        if self._users.get(path, 0) == 0:
            self._users.pop(path, None)
            shutil.rmtree(path, ignore_errors=True)

    def follow(self, store: ox.Store) -> None:
        """Take checkpoints of `store` from now on: the store moved to a new generation."""
        with self._lock:
            self._store = store

    @property
    def on_disk(self) -> list[Path]:
        return sorted(self.folder.iterdir()) if self.folder.exists() else []

    def close(self) -> None:
        with self._lock:
            self._current = None
            self._users.clear()
            shutil.rmtree(self.folder, ignore_errors=True)
