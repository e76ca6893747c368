"""Lexical facts about SPARQL text that the Protocol needs and pyoxigraph does not expose.

The SPARQL 1.1 Protocol lets a request name the dataset (`default-graph-uri`,
`using-graph-uri`, ...), which overrides the query's own `FROM` and must not be combined with
an update's `USING`/`WITH`. pyoxigraph takes a query dataset but no update dataset and parses
only while executing, so this module tokenises the text just enough to see keywords at brace
depth 0 (strings, IRIs and comments are skipped whole) and to insert `USING` clauses before
each top-level `WHERE`. The text is still parsed for real by the store afterwards; these
helpers never decide whether a request is safe (see `service.sparql_safety`).
Standard library only, so query worker processes can import it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

IRI_REF = r"<[^<>\"{}|^`\\\x00-\x20]*>"
_TOKEN = re.compile(
    "|".join(
        (
            r"(?P<comment>#[^\n\r]*)",
            rf"(?P<iri>{IRI_REF})",
            r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
            r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
            r'|"(?:[^"\\\n\r]|\\.)*"'
            r"|'(?:[^'\\\n\r]|\\.)*')",
            r"(?P<open>\{)",
            r"(?P<close>\})",
            r"(?P<word>[^\s{}()\[\]<>\"'#,;]+)",
            r"(?P<other>\S)",
        )
    ),
    re.DOTALL,
)
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int
    depth: int


def tokens(text: str) -> Iterator[Token]:
    """Tokens with their brace depth; comments are dropped."""
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind == "comment":
            continue
        if kind == "close":
            depth = max(0, depth - 1)
        yield Token(kind, match.group(), match.start(), match.end(), depth)
        if kind == "open":
            depth += 1


def _top_keywords(text: str) -> Iterator[tuple[str, Token]]:
    for token in tokens(text):
        if token.kind == "word" and token.depth == 0:
            yield token.text.upper(), token


def declares_dataset(query: str) -> bool:
    """Does the query name its own dataset with FROM or FROM NAMED?"""
    if "from" not in query.lower():
        return False
    return any(keyword == "FROM" for keyword, _ in _top_keywords(query))


def declares_update_dataset(update: str) -> bool:
    """Does any operation of the update name its dataset with USING, USING NAMED or WITH?"""
    lowered = update.lower()
    if "using" not in lowered and "with" not in lowered:
        return False
    return any(keyword in ("USING", "WITH") for keyword, _ in _top_keywords(update))


def is_absolute_iri(value: str) -> bool:
    return _ABSOLUTE_IRI.fullmatch(value) is not None


def with_using(update: str, using: tuple[str, ...], using_named: tuple[str, ...]) -> str:
    """The update with `USING <g>` / `USING NAMED <g>` before each top-level WHERE.

    `DELETE WHERE { P }` takes no USING clause, so it is rewritten to the equivalent
    `DELETE { P } USING ... WHERE { P }`. Graph names must be absolute IRIs.
    """
    if not using and not using_named:
        return update
    for iri in (*using, *using_named):
        if not is_absolute_iri(iri):
            raise ValueError(iri)
    clause = "".join(f" USING <{g}>" for g in using) + "".join(
        f" USING NAMED <{g}>" for g in using_named
    )
    found = list(tokens(update))
    edits: list[tuple[int, int, str]] = []
    for index, token in enumerate(found):
        if token.kind != "word" or token.depth != 0 or token.text.upper() != "WHERE":
            continue
        before = found[index - 1] if index else None
        if before is not None and before.kind == "word" and before.text.upper() == "DELETE":
            pattern = _group_after(found, index)
            if pattern is None:
                continue
            start, end = pattern
            body = update[start:end]
            edits.append((token.start, end, f"{body}{clause} WHERE {body}"))
        else:
            edits.append((token.start, token.start, f"{clause.lstrip()} "))
    for start, end, replacement in reversed(edits):
        update = update[:start] + replacement + update[end:]
    return update


def clear_silently(update: str) -> str:
    """The update with every `CLEAR` made `CLEAR SILENT`.

    Oxigraph records empty graphs, so `CLEAR GRAPH <g>` of a graph it never held fails. Many
    stores keep no empty graphs and clear any graph, and clients rely on it: the W3C Protocol
    test update_base_uri begins with exactly such a CLEAR. Clearing a graph that is not there
    leaves the store as clearing an empty one would, so it is allowed to succeed.
    """
    if "clear" not in update.lower():
        return update
    found = list(tokens(update))
    edits = [
        token.end
        for index, token in enumerate(found)
        if token.kind == "word"
        and token.depth == 0
        and token.text.upper() == "CLEAR"
        and not (index + 1 < len(found) and found[index + 1].text.upper() == "SILENT")
    ]
    for position in reversed(edits):
        update = update[:position] + " SILENT" + update[position:]
    return update


def _group_after(found: list[Token], index: int) -> tuple[int, int] | None:
    """Start and end offsets of the braced group that follows token `index`."""
    if index + 1 >= len(found) or found[index + 1].kind != "open":
        return None
    opening = found[index + 1]
    for token in found[index + 2 :]:
        if token.kind == "close" and token.depth == opening.depth:
            return opening.start, token.end
    return None
