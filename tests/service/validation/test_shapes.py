"""Where shapes come from, and their patterns under another base IRI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import SH

from loaders.errors import LoadError
from ontology import iris
from ontology.namespaces import SHAPES_NS
from service.loading import load_paths
from service.settings import Settings
from service.store import EmbeddedStore
from service.validation.shapes import packaged_shapes, read_shapes, store_shapes

MEASURE_IRI = URIRef(SHAPES_NS + "MeasureIriShape")


def test_patterns_follow_another_base_iri() -> None:
    base = "https://data.example.fi/lanka/"
    pattern = str(packaged_shapes(base).value(MEASURE_IRI, SH.pattern))
    assert pattern == iris.TEMPLATES["measure"].pattern(base)
    assert re.search(pattern, str(iris.mint("measure", "m1", area="oulu", base=base)))


def test_the_store_shapes_are_the_loaded_ones_or_else_the_packaged(
    store: EmbeddedStore, settings: Settings, county: Path
) -> None:
    assert len(store_shapes(store, settings.base_iri)) == len(packaged_shapes())
    load_paths(store, [county], settings, with_system=True)
    assert len(store_shapes(store, settings.base_iri)) == len(packaged_shapes())


def test_shapes_files_in_other_syntaxes_merge(tmp_path: Path) -> None:
    nt = tmp_path / "a.nt"
    nt.write_text(
        f'<{SHAPES_NS}X> <{SH.minCount}> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    )
    ttl = tmp_path / "b.ttl"
    ttl.write_text(f"<{SHAPES_NS}X> <{SH.path}> <urn:ex:p> .\n")
    assert len(read_shapes([nt, ttl])) == 2


def test_unreadable_shapes_are_a_load_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle")
    with pytest.raises(LoadError) as caught:
        read_shapes([broken, tmp_path / "missing.ttl"])
    assert len(caught.value.problems) == 2
