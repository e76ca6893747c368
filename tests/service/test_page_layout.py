"""Links on the server's pages: local paths for what it resolves, the language carried along."""

from __future__ import annotations

from service.page_layout import href, local_path, with_lang

BASE = "https://w3id.org/lanka/"


def test_minted_iris_and_the_ontology_resolve_here_and_nothing_else() -> None:
    assert local_path(BASE + "id/kainuu/toimenpide/x", BASE) == "/id/kainuu/toimenpide/x"
    assert local_path(BASE + "graph/kainuu/001-strategia", BASE) == "/graph/kainuu/001-strategia"
    assert local_path("https://w3id.org/lanka/ontology#Measure", BASE) == "/ontology#Measure"
    assert local_path("https://w3id.org/lanka/ontology/0.1.0", BASE) == "/ontology/0.1.0"
    assert local_path(BASE + "elsewhere/x", BASE) is None
    assert local_path("http://data.finlex.fi/eli/sd/2021/612", BASE) is None


def test_another_base_iri_moves_the_data_but_not_the_ontology() -> None:
    base = "https://example.org/kg/"
    assert local_path(base + "id/x/toimenpide/y", base) == "/id/x/toimenpide/y"
    assert local_path(BASE + "id/x/toimenpide/y", base) is None
    assert local_path("https://w3id.org/lanka/ontology#owner", base) == "/ontology#owner"


def test_english_pages_link_to_english_pages() -> None:
    assert with_lang("/ontology#Measure", "en") == "/ontology?lang=en#Measure"
    assert with_lang("/id/x?format=ttl", "en") == "/id/x?format=ttl&lang=en"
    assert with_lang("/id/x", "fi") == "/id/x"


def test_only_web_iris_become_links() -> None:
    assert href(BASE + "id/x", base=BASE, root="/app", lang="fi") == "/app/id/x"
    assert href("https://schema.org/Action", base=BASE, root="", lang="fi") == (
        "https://schema.org/Action"
    )
    assert href("urn:isbn:123", base=BASE, root="", lang="fi") is None
