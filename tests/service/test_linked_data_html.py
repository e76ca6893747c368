"""The HTML view of a description: escaped text, links to this server, the page's language."""

from __future__ import annotations

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.term import Identifier

from ontology.namespaces import DCT, LANKA
from service.linked_data import Description
from service.linked_data_html import View, in_language, render

BASE = "https://w3id.org/lanka/"
THING = URIRef(BASE + "id/t/toimenpide/x")


def test_text_from_the_data_is_escaped_and_odd_iris_are_not_links() -> None:
    desc = Description(
        THING,
        statements=[
            (RDF.type, LANKA.Measure),
            (DCT.description, Literal('<script>alert("x")</script>', lang="fi")),
            (DCT.source, URIRef("javascript:alert(1)")),
        ],
        labels={THING: [(RDFS.label, Literal("A & <b>", lang="fi"))]},
    )
    page = render(desc, View("fi", BASE, ""), self_href="/id/t/toimenpide/x")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "<h1>A &amp; &lt;b&gt;</h1>" in page
    assert 'href="javascript:' not in page


def test_links_to_this_server_keep_the_mount_path_and_the_language() -> None:
    other = URIRef(BASE + "id/t/toimija/y")
    desc = Description(THING, statements=[(LANKA.owner, other)])
    page = render(desc, View("en", BASE, "/lanka"), self_href="/lanka/id/t/toimenpide/x?lang=en")
    assert 'href="/lanka/id/t/toimija/y?lang=en"' in page
    assert 'href="/lanka/ontology?lang=en#owner"' in page
    assert 'href="/lanka/id/t/toimenpide/x?lang=en&amp;format=ttl"' in page


def test_a_text_in_the_pages_language_hides_its_translations() -> None:
    statements: list[tuple[URIRef, Identifier]] = [
        (DCT.description, Literal("Kuvaus", lang="fi")),
        (DCT.description, Literal("Description", lang="en")),
        (LANKA.rationale, Literal("Vain suomeksi", lang="fi")),
        (LANKA.unit, Literal("%")),
    ]
    assert in_language(statements, "en") == [
        (DCT.description, Literal("Description", lang="en")),
        (LANKA.rationale, Literal("Vain suomeksi", lang="fi")),
        (LANKA.unit, Literal("%")),
    ]
