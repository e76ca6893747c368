"""Store generations on disk: `LANKA_STORE` is a symbolic link to the current generation.

A load does not write into the live store. It builds the next generation beside it — the
new graphs bulk-loaded into a fresh store while they are mapped, plus what it keeps of the
current one (`service.next_generation`) — and then moves the link over with one
`os.replace`. A crash at any moment leaves the link pointing at a whole generation:
the old one until the switch, the new one after it. Leftovers (staged files, a half-built
generation, an old one not yet removed) are removed the next time the store is opened.

This replaces a single SPARQL Update `DROP; ADD <staging> TO <g>` that Oxigraph runs as one
in-memory transaction: measured here, moving 1M staged triples that way took 160 s and most
of the 11.7 GB peak of a national load; a bulk load of the same triples takes seconds.

For `LANKA_STORE=var/store`:

    var/store              -> store.generations/g000002   (relative symbolic link)
    var/store.generations/  one RocksDB folder per generation
    var/store.staging/      N-Triples files of the load in progress (the few not streamed)
    var/store.lock          held (flock) by the one process that has the store open

A store written before generations existed (a plain folder) is moved under
`store.generations/` the first time it is opened.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from loaders.errors import StoreError

STAGING_PREFIX = "urn:x-lanka:staging:"  # names of staged graphs; never shown, never queried
MIGRATED = "g000000"  # the name a plain store folder gets when it is moved under generations/
_NAME = re.compile(r"g(\d{6,})")


@dataclass(frozen=True)
class Layout:
    """Where the parts of one on-disk store live, all beside the configured path."""

    link: Path

    @property
    def generations(self) -> Path:
        return self.link.with_name(self.link.name + ".generations")

    @property
    def staging(self) -> Path:
        return self.link.with_name(self.link.name + ".staging")

    @property
    def lock(self) -> Path:
        return self.link.with_name(self.link.name + ".lock")


class StoreLock:
    """An exclusive lock on the store for the life of one process's use of it.

    RocksDB locks the folder it opens too, but a load opens and switches folders; this lock
    covers the moments between, so a second process (a server, another load) is refused
    instead of opening a generation that is about to be replaced.
    """

    def __init__(self, layout: Layout) -> None:
        layout.lock.parent.mkdir(parents=True, exist_ok=True)
        self._fd: int | None = os.open(layout.lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self._fd)
            self._fd = None
            raise StoreError(
                f"tietovarasto {layout.link} on toisen prosessin käytössä (onko palvelin jo "
                "käynnissä?)",
                f"the store {layout.link} is in use by another process (is the server already "
                "running?)",
            ) from None

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None


def current(layout: Layout) -> Path:
    """The folder of the current generation: made, migrated or completed as needed.

    Call with the lock held. Removes everything a crash left behind: staged files and every
    generation but the current one.
    """
    layout.generations.mkdir(parents=True, exist_ok=True)
    if layout.link.is_symlink():
        target = layout.link.resolve()
        if not target.is_dir():  # the link points nowhere: start again from an empty store
            target = _fresh(layout)
            switch(layout, target)
    elif layout.link.is_dir():  # a store from before generations: move it under them
        target = layout.generations / MIGRATED
        shutil.rmtree(target, ignore_errors=True)
        os.rename(layout.link, target)
        switch(layout, target)
    elif (layout.generations / MIGRATED).is_dir():  # a migration cut short after the move
        target = layout.generations / MIGRATED
        switch(layout, target)
    else:
        target = _fresh(layout)
        switch(layout, target)
    remove_leftovers(layout, target)
    return target


def _fresh(layout: Layout) -> Path:
    target = next_generation(layout)
    target.mkdir(parents=True)
    return target


def next_generation(layout: Layout) -> Path:
    """A new, not yet existing, folder for the next generation."""
    numbers = [
        int(found.group(1))
        for child in layout.generations.iterdir()
        if (found := _NAME.fullmatch(child.name))
    ]
    return layout.generations / f"g{max(numbers, default=0) + 1:06d}"


def switch(layout: Layout, target: Path) -> None:
    """Point the link at `target` in one step (a new link renamed over the old one)."""
    staged_link = layout.link.with_name(f".{layout.link.name}.{uuid.uuid4().hex}.link")
    os.symlink(os.path.relpath(target, layout.link.parent), staged_link)
    os.replace(staged_link, layout.link)
    _sync_folder(layout.link.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable, not only the files."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_leftovers(layout: Layout, keep: Path) -> None:
    """Staged files, and every generation folder and stray link but `keep`."""
    shutil.rmtree(layout.staging, ignore_errors=True)
    for child in layout.generations.iterdir():
        if child.resolve() != keep.resolve():
            shutil.rmtree(child, ignore_errors=True)
    for child in layout.link.parent.glob(f".{layout.link.name}.*.link"):
        child.unlink(missing_ok=True)


def stage_file(layout: Layout, name: str) -> Path:
    """The path for a new staged N-Triples file (the folder is made when needed)."""
    layout.staging.mkdir(parents=True, exist_ok=True)
    return layout.staging / f"{name}.nt"
