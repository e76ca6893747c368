"""The report model and its W3C graph: written, read back, and as N-Triples."""

from __future__ import annotations

import datetime as dt

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from service.validation.report import Report, Result, from_graph


def report() -> Report:
    paths = Graph()
    inverse = BNode()
    paths.add((inverse, SH.inversePath, URIRef("urn:ex:p")))
    results = [
        Result(
            focus=URIRef("urn:ex:a"),
            shape=URIRef("urn:ex:S"),
            component=SH.MinCountConstraintComponent,
            severity=SH.Warning,
            path=inverse,
            path_text="^<urn:ex:p>",
            messages=(Literal("puuttuu", lang="fi"), Literal("missing", lang="en")),
        ),
        Result(
            focus=URIRef("urn:ex:b"),
            shape=URIRef("urn:ex:T"),
            component=SH.DatatypeConstraintComponent,
            severity=SH.Violation,
            value=Literal("x"),
        ),
    ]
    return Report(conforms=False, results=results, engine="fast", paths=paths)


def test_the_graph_reads_back_as_the_same_results() -> None:
    original = report()
    again = from_graph(original.to_graph(), "fast")
    assert again.conforms is False
    assert {r.full_key() for r in again.results} == {r.full_key() for r in original.results}
    assert again.results and {r.message("en") for r in again.results} == {"missing", ""}


def test_n_triples_are_the_same_graph() -> None:
    created = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
    written = report()
    as_nt = Graph().parse(data=written.to_ntriples(created=created).decode(), format="nt")
    assert isomorphic(as_nt, written.to_graph(created=created))


def test_violations_come_first_and_counts_cover_every_severity() -> None:
    written = report()
    assert [r.severity for r in written.sorted_results()] == [SH.Violation, SH.Warning]
    assert written.counts() == {SH.Violation: 1, SH.Warning: 1, SH.Info: 0}


def test_a_value_with_line_breaks_and_quotes_is_valid_n_triples() -> None:
    written = report()
    value = Literal('rivi 1\nrivi "2"\r\\')
    written.results.append(
        Result(
            URIRef("urn:ex:c"), URIRef("urn:ex:T"), SH.InConstraintComponent, SH.Info, value=value
        )
    )
    as_nt = Graph().parse(data=written.to_ntriples().decode(), format="nt")
    assert value in set(as_nt.objects(None, SH.value))


def test_the_digest_is_what_the_report_says_in_any_order() -> None:
    first, second = report(), report()
    second.results.reverse()
    assert first.digest() == second.digest()
    second.conforms = True
    assert first.digest() != second.digest()
    third = report()
    third.results.pop()
    assert first.digest() != third.digest()
