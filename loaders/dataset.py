"""A county dataset: the manifest `aineisto.toml` and its sources, read and mapped as one.

The result holds one graph per source plus each source's content digest, which the store
records so that a later start can tell whether the data on disk is older than its sources.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from loaders.errors import LoadError, Location, Problem
from loaders.sources import read_source
from loaders.supertypes import standard_supertypes
from loaders.tables import SourceTables, collector_paused, tables_to_rdf
from ontology.namespaces import DEFAULT_BASE_IRI

MANIFEST = "aineisto.toml"


@dataclass(frozen=True)
class Manifest:
    area: str
    title_fi: str
    title_en: str
    version: str
    county_code: str
    licence: str
    sources: tuple[str, ...]


@dataclass
class MappedSource:
    name: str
    path: Path
    digest: str
    graph: Graph


@dataclass
class MappedDataset:
    manifest: Manifest
    sources: list[MappedSource] = field(default_factory=list)
    # extra graphs a source gave rise to (curated alignments), by name
    extra: dict[str, Graph] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        joined = "".join(f"{s.name}:{s.digest};" for s in self.sources)
        return hashlib.sha256(joined.encode()).hexdigest()


def source_digest(path: Path) -> str:
    """sha256 over the source's files (names and bytes), stable across machines."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(file.relative_to(path if path.is_dir() else path.parent).as_posix().encode())
        digest.update(b"\0")
        with file.open("rb") as data:  # a block at a time: an RDF file may be large
            for block in iter(lambda: data.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST
    where = Location(str(path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))["aineisto"]
        return Manifest(
            area=data["alue"],
            title_fi=data["nimi"],
            title_en=data.get("nimi_en", data["nimi"]),
            version=str(data["versio"]),
            county_code=str(data.get("hyvinvointialuekoodi", "")),
            licence=data.get("lisenssi", ""),
            sources=tuple(data["lahteet"]),
        )
    except FileNotFoundError:
        raise LoadError(
            [Problem(where, "aineiston kuvaus puuttuu", "the manifest is missing")]
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LoadError(
            [
                Problem(
                    where,
                    f"kuvaus ei ole TOML-muotoa: {exc}",
                    f"the manifest is not valid TOML: {exc}",
                )
            ]
        ) from None
    except KeyError as exc:
        raise LoadError(
            [
                Problem(
                    where,
                    f"kuvauksesta puuttuu kenttä {exc}",
                    f"the manifest lacks the field {exc}",
                )
            ]
        ) from None


def is_dataset(path: Path) -> bool:
    return path.is_dir() and (path / MANIFEST).is_file()


def map_sources(
    paths: list[Path], *, area: str, base: str = DEFAULT_BASE_IRI
) -> tuple[list[MappedSource], dict[str, Graph]]:
    """Read and map table sources together, so they may refer to each other's rows."""
    problems: list[Problem] = []
    with collector_paused():  # reading allocates a dict per row and frees none: see tables
        read = [SourceTables(_source_name(p), read_source(p, problems)) for p in paths]
        if problems:
            raise LoadError(problems)
        graphs = tables_to_rdf(read, area=area, base=base, supertypes=standard_supertypes)
    mapped = [
        MappedSource(s.name, p, source_digest(p), graphs.pop(s.name))
        for s, p in zip(read, paths, strict=True)
    ]
    return mapped, graphs


def _source_name(path: Path) -> str:
    return path.stem if path.suffix else path.name


def map_dataset(folder: Path, *, base: str = DEFAULT_BASE_IRI) -> MappedDataset:
    manifest = read_manifest(folder)
    missing = [name for name in manifest.sources if not (folder / name).exists()]
    if missing:
        raise LoadError(
            [
                Problem(Location(str(folder / name)), "lähde puuttuu", "the source is missing")
                for name in missing
            ]
        )
    sources, extra = map_sources(
        [folder / name for name in manifest.sources], area=manifest.area, base=base
    )
    return MappedDataset(manifest, sources, extra)
