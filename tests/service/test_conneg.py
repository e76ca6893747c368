"""Content negotiation follows the q-values of Accept, the most specific range first."""

from __future__ import annotations

import pytest

from service.conneg import negotiate, parse_accept

RESULTS = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
]


def test_no_accept_header_gets_the_servers_first_choice() -> None:
    assert negotiate(None, RESULTS) == "application/sparql-results+json"
    assert negotiate("", RESULTS) == "application/sparql-results+json"


def test_the_highest_q_wins_whatever_the_order() -> None:
    accept = "application/sparql-results+xml;q=0.5, text/csv;q=0.9, */*;q=0.1"
    assert negotiate(accept, RESULTS) == "text/csv"


def test_a_more_specific_range_overrides_a_wildcard() -> None:
    # text/* would give TSV 1.0, but text/csv;q=0 refuses CSV outright
    assert negotiate("text/*, text/csv;q=0", RESULTS) == "text/tab-separated-values"


def test_q_zero_refuses_and_nothing_acceptable_gives_none() -> None:
    assert negotiate("text/html", RESULTS) is None
    assert negotiate("application/sparql-results+json;q=0", RESULTS[:1]) is None


def test_ties_go_to_the_servers_order() -> None:
    assert negotiate("text/csv, application/sparql-results+xml", RESULTS) == (
        "application/sparql-results+xml"
    )


def test_parameters_other_than_q_are_ignored_when_matching() -> None:
    assert negotiate("text/turtle; charset=utf-8", ["application/n-triples", "text/turtle"]) == (
        "text/turtle"
    )


def test_media_types_match_case_insensitively() -> None:
    assert negotiate("Text/CSV", RESULTS) == "text/csv"


@pytest.mark.parametrize("header", ["garbage", "text", "*/json", "text/csv;q=2"])
def test_malformed_ranges_are_skipped_not_fatal(header: str) -> None:
    assert parse_accept(header) == []
    assert negotiate(header, RESULTS) == RESULTS[0]


def test_a_browsers_accept_header_prefers_xml_over_the_wildcard() -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert negotiate(browser, [*RESULTS, "application/xml"]) == "application/xml"
