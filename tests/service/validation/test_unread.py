"""Leaving out N-Triples lines no check reads: only plain lines of frequent unread predicates
go, and the store then holds exactly the file's triples of the predicates the checks read."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from service.validation import unread
from service.validation.reads import Reads
from service.validation.unread import LineFilter, load_ntriples

READ = "urn:ex:read"
SKIPPED = "urn:ex:skipped"


def lines(*triples: str) -> bytes:
    return "".join(f"{t}\n" for t in triples).encode()


def test_plain_lines_of_an_unread_predicate_are_left_out() -> None:
    chunk = lines(
        f"<urn:ex:a> <{READ}> <urn:ex:b> .",
        f"<urn:ex:a> <{SKIPPED}> <urn:ex:c> .",
        f'_:b1 <{SKIPPED}> "kissa"@fi .',
        f'<urn:ex:a> <{SKIPPED}> "7"^^<http://www.w3.org/2001/XMLSchema#integer> .',
        f'<urn:ex:a> <{SKIPPED}> "a \\"quoted\\" word\\n" .',
        f'<urn:ex:a> <{READ}> "x" .',
    )
    assert LineFilter(Reads.all_of({READ})).keep(chunk) == lines(
        f"<urn:ex:a> <{READ}> <urn:ex:b> .", f'<urn:ex:a> <{READ}> "x" .'
    )


def test_of_a_predicate_read_with_given_objects_only_the_lines_of_others_are_left_out() -> None:
    role = "urn:ex:role"
    reads = Reads(frozenset({READ, role}), {role: frozenset({"urn:ex:Baseline"})})
    chunk = lines(
        f"<urn:ex:o1> <{role}> <urn:ex:Baseline> .",
        f"<urn:ex:o2> <{role}> <urn:ex:Target> .",
        f"<urn:ex:o3> <{role}> <urn:ex:Baseline2> .",
        f'<urn:ex:o4> <{role}> "urn:ex:Baseline" .',
        f"<urn:ex:o5> <{role}>\t<urn:ex:Target> .",  # not plain: kept
    )
    assert LineFilter(reads).keep(chunk) == lines(
        f"<urn:ex:o1> <{role}> <urn:ex:Baseline> .", f"<urn:ex:o5> <{role}>\t<urn:ex:Target> ."
    )


@pytest.mark.parametrize(
    "line",
    [
        f"<urn:ex:a>\t<{SKIPPED}>\t<urn:ex:c> .",  # other white space
        f"<urn:ex:a> <{SKIPPED}>  <urn:ex:c> .",
        f"  <urn:ex:a> <{SKIPPED}> <urn:ex:c> .",
        f"<urn:ex:a> <{SKIPPED}> <urn:ex:c> . # a comment",
        f'<urn:ex:a> <{SKIPPED}> "k\\u00e4" .',  # escapes Oxigraph checks
        f'<urn:ex:a> <{SKIPPED}> "kä" .',  # not ASCII
        f"<urn:ex:a> <{SKIPPED}> <relative> .",  # resolved against the base IRI
        f"<urn:ex:a> <{SKIPPED}> <urn:ex:c>",  # no dot: a syntax error Oxigraph must report
        f'<urn:ex:a> <{SKIPPED}> "open .',
        f'<urn:ex:a> <{SKIPPED}> "x"@fi--ltr .',
        f"# <urn:ex:a> <{SKIPPED}> <urn:ex:c> .",
        f"<urn:ex:a> <urn:ex:other> <urn:ex:x> . <urn:ex:a> <{SKIPPED}> <urn:ex:c> .",
        f"<urn:ex:a> <urn:ex:p> <urn:ex:x> .\r<urn:ex:a> <{SKIPPED}> <urn:ex:c> .",
    ],
)
def test_lines_not_plain_are_kept_for_oxigraph_to_read(line: str) -> None:
    chunk = lines(line, f"<urn:ex:a> <{SKIPPED}> <urn:ex:c> .")
    assert LineFilter(Reads.all_of({READ})).keep(chunk) == lines(line)


def test_a_predicate_is_judged_as_oxigraph_reads_it() -> None:
    """Oxigraph keeps the dot segments of an absolute IRI, so the written predicate is
    another IRI than the one read, and its line goes; a relative one is resolved, and stays."""
    base = "file:///data/data.nt"
    dotted = lines("<urn:ex:a> <http://example.org/a/../p> <urn:ex:c> .")
    read = next(ox.parse(dotted, format=ox.RdfFormat.N_TRIPLES, base_iri=base, lenient=True))
    assert read.predicate.value == "http://example.org/a/../p"
    assert LineFilter(Reads.all_of({"http://example.org/p"}), base).keep(dotted) == b""
    relative = lines("<urn:ex:a> <p> <urn:ex:c> .")  # file:///data/p
    assert LineFilter(Reads.all_of({"file:///data/p"}), base).keep(relative) == relative
    assert LineFilter(Reads.all_of({"urn:ex:other"}), base).keep(relative) == relative


def test_a_predicate_rare_in_the_first_lines_is_not_looked_for() -> None:
    common = [f"<urn:ex:s{i}> <{READ}> <urn:ex:o> ." for i in range(99)]
    chunk = lines(f"<urn:ex:a> <{SKIPPED}> <urn:ex:c> .", *common)
    assert LineFilter(Reads.all_of({READ})).keep(chunk) == chunk  # 1 in 100: below `FREQUENT`


def quads(store: ox.Store) -> set[str]:
    return {str(q) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def file_of(tmp_path: Path, text: bytes) -> Path:
    path = tmp_path / "data.nt"
    path.write_bytes(text)
    return path


def test_the_store_holds_the_triples_of_the_predicates_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(unread, "CHUNK_BYTES", 64)  # many chunks
    triples = [f"<urn:ex:s{i}> <{(READ, SKIPPED)[i % 2]}> <urn:ex:o{i}> ." for i in range(40)]
    path = file_of(tmp_path, lines(*triples))
    filtered, whole = ox.Store(), ox.Store()
    load_ntriples(filtered, path, path.as_uri(), Reads.all_of({READ}))
    whole.load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    assert quads(filtered) == {q for q in quads(whole) if f"<{READ}>" in q}
    assert len(quads(filtered)) == 20


def test_a_blank_node_named_in_two_chunks_is_one_node(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(unread, "CHUNK_BYTES", 64)
    triples = [f"<urn:ex:s{i}> <{READ}> <urn:ex:o> ." for i in range(10)]
    triples += ["_:b1 <urn:ex:p> <urn:ex:x> .", *triples, "_:b1 <urn:ex:q> <urn:ex:y> ."]
    store = ox.Store()
    path = file_of(tmp_path, lines(*triples))
    load_ntriples(store, path, path.as_uri(), Reads.all_of({READ, "urn:ex:p", "urn:ex:q"}))
    query = "SELECT ?b WHERE { ?b <urn:ex:p> <urn:ex:x> ; <urn:ex:q> <urn:ex:y> }"
    assert len(list(store.query(query))) == 1


def test_a_syntax_error_names_the_line_of_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(unread, "CHUNK_BYTES", 64)
    triples = [f"<urn:ex:s{i}> <{(READ, SKIPPED)[i % 2]}> <urn:ex:o> ." for i in range(20)]
    path = file_of(tmp_path, lines(*triples, f"<urn:ex:bad> <{READ}> ."))
    with pytest.raises(SyntaxError) as caught:
        load_ntriples(ox.Store(), path, path.as_uri(), Reads.all_of({READ}))
    assert caught.value.lineno == 21
