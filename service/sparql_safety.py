"""Refuse requests that would make the server fetch a URL: SPARQL `SERVICE` and `LOAD`.

The embedded Oxigraph has an HTTP client, so a `SERVICE <http://...>` in a query (or in an
update's WHERE) or a `LOAD <http://...>` would make this server connect wherever the request
says — to the internal network too. Such targets must be in the allow-list
(`LANKA_FETCH_ALLOW`, empty by default); a `SERVICE ?variable` is always refused.

The decision is taken on rdflib's SPARQL parse tree (a real parse, not a pattern on the text),
with prefixed names and relative IRIs resolved as the prologue declares them. Parsing with
rdflib is slow (tens of milliseconds), so it is skipped only when the text cannot contain the
keywords at all: SPARQL keywords are case-insensitive ASCII, so if neither `service` nor
`load` occurs in the lower-cased text (after undoing `\\u` escapes, which some engines
decode before parsing) no SERVICE or LOAD operation can be in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import urljoin

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef, Variable

from loaders.errors import FetchRefused, QuerySyntaxError

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_KEYWORDS = ("service", "load")


def _unescaped(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code < 0x110000 else match.group(0)

    return _ESCAPE.sub(replace, text) if "\\u" in text or "\\U" in text else text


def may_fetch(text: str) -> bool:
    """False when the text cannot hold a SERVICE or LOAD operation; True means: parse it."""
    lowered = _unescaped(text).lower()
    return any(keyword in lowered for keyword in _KEYWORDS)


def allowed(target: str, allow: Iterable[str]) -> bool:
    """An entry allows itself, and everything under it when it ends with / or #."""
    return any(
        target == entry or (entry.endswith(("/", "#")) and target.startswith(entry))
        for entry in allow
    )


def _nodes(root: object) -> Iterator[CompValue]:
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend(node)


class _Prologue:
    """BASE and PREFIX declarations in force, to turn a parsed term into an IRI."""

    def __init__(self) -> None:
        self.base: str | None = None
        self.prefixes: dict[str, str] = {}

    def read(self, declarations: Iterable[object]) -> None:
        for decl in declarations:
            if not isinstance(decl, CompValue):
                continue
            if decl.name == "Base":
                self.base = self.absolute(str(decl["iri"]))
            elif decl.name == "PrefixDecl":
                self.prefixes[str(decl.get("prefix") or "")] = self.absolute(str(decl["iri"]))

    def absolute(self, iri: str) -> str:
        return urljoin(self.base, iri) if self.base else iri

    def iri(self, term: object) -> str | None:
        """The IRI the term names, or None for a variable or an undeclared prefix."""
        if isinstance(term, URIRef):
            return self.absolute(str(term))
        if isinstance(term, CompValue) and term.name == "pname":
            namespace = self.prefixes.get(str(term.get("prefix") or ""))
            return None if namespace is None else namespace + str(term.get("localname") or "")
        return None


def _targets(root: object, prologue: _Prologue) -> Iterator[tuple[str, str | None, object]]:
    for node in _nodes(root):
        if node.name == "ServiceGraphPattern":
            yield "SERVICE", prologue.iri(node.get("term")), node.get("term")
        elif node.name == "Load":
            yield "LOAD", prologue.iri(node.get("iri")), node.get("iri")


def _shown(term: object) -> str:
    if isinstance(term, Variable):
        return f"?{term}"
    if isinstance(term, CompValue) and term.name == "pname":
        return f"{term.get('prefix') or ''}:{term.get('localname') or ''}"
    return str(term)


def _refuse(targets: Iterable[tuple[str, str | None, object]], allow: Iterable[str]) -> None:
    allow = list(allow)
    for keyword, iri, term in targets:
        if iri is not None and allowed(iri, allow):
            continue
        shown = iri if iri is not None else _shown(term)
        raise FetchRefused(
            f"{keyword} {shown} on estetty: kohde ei ole sallittujen listalla (LANKA_FETCH_ALLOW)",
            f"{keyword} {shown} is refused: the target is not in the allow-list "
            "(LANKA_FETCH_ALLOW)",
        )


def _syntax_error(exc: ParseBaseException) -> QuerySyntaxError:
    where = f"rivi {exc.lineno}, sarake {exc.col}"
    return QuerySyntaxError(
        f"syntaksivirhe ({where}): {exc.msg}",
        f"syntax error (line {exc.lineno}, column {exc.col}): {exc.msg}",
        exc.lineno,
        exc.col,
    )


def check_query(query: str, allow: Iterable[str] = ()) -> None:
    """Raise FetchRefused if the query has a SERVICE whose target is not allowed."""
    if not may_fetch(query):
        return
    try:
        prologue_part, body = parseQuery(query)
    except ParseBaseException as exc:
        raise _syntax_error(exc) from None
    prologue = _Prologue()
    prologue.read(prologue_part)
    _refuse(_targets(body, prologue), allow)


def check_update(update: str, allow: Iterable[str] = ()) -> None:
    """Raise FetchRefused if the update has a LOAD or SERVICE whose target is not allowed."""
    if not may_fetch(update):
        return
    try:
        parsed = parseUpdate(update)
    except ParseBaseException as exc:
        raise _syntax_error(exc) from None
    prologue = _Prologue()
    for declarations, operation in zip(parsed.prologue, parsed.request, strict=False):
        prologue.read(declarations)
        _refuse(_targets(operation, prologue), allow)
