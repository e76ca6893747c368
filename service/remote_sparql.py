"""SPARQL text as a remote server must receive it: the parts of a request that the embedded
store takes as arguments (base IRI, dataset, bound variables) written into the text.

Built on the tokeniser of `service.sparql_text` (keywords at brace depth 0, strings, IRIs and
comments skipped whole); the text is parsed for real by the server afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib.term import BNode, Identifier

from service.sparql_text import tokens

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first query-form keyword at depth 0."""
    for token in tokens(query):
        if token.kind == "word" and token.depth == 0 and token.text.upper() in FORMS:
            return token.text.upper()
    return None


def with_base(text: str, base_iri: str | None) -> str:
    """The text with a BASE declaration in front; one the text makes itself still wins
    (a later BASE in the prologue replaces an earlier one)."""
    return f"BASE <{base_iri}>\n{text}" if base_iri else text


def without_dataset_clauses(query: str) -> str:
    """The query without its FROM / FROM NAMED clauses.

    A dataset named in the request replaces the query's own (SPARQL 1.1 Protocol §2.1.4);
    not every server does so, so the clauses are removed before the request is sent.
    """
    found = list(tokens(query))
    cuts: list[tuple[int, int]] = []
    index = 0
    while index < len(found):
        token = found[index]
        if token.kind == "word" and token.depth == 0 and token.text.upper() == "FROM":
            end = index + 1
            if end < len(found) and found[end].text.upper() == "NAMED":
                end += 1
            if end < len(found):
                cuts.append((token.start, found[end].end))
                index = end
        index += 1
    for start, end in reversed(cuts):
        query = query[:start] + query[end:]
    return query


def with_values(query: str, bindings: Mapping[str, Identifier]) -> str:
    """A SELECT with its variables bound: a VALUES block first in the WHERE group.

    The block is built from typed terms (`n3()`), never from text, and joins before anything
    else in the group, as a substitution of the variables would.
    """
    if not bindings:
        return query
    if any(isinstance(term, BNode) for term in bindings.values()):
        raise ValueError("a blank node cannot be bound in a query sent to another store")
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(term.n3() for term in bindings.values())
    block = f" VALUES ({names}) {{ ({terms}) }} "
    for token in tokens(query):
        if token.kind == "open" and token.depth == 0:
            return query[: token.end] + block + query[token.end :]
    raise ValueError("the query has no WHERE group")
