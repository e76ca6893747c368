"""SPARQL boolean expressions for SHACL value tests, each built never to raise an error.

An error inside a FILTER drops the row silently, and a dropped row is a result lost, so every
test guards its operands (`isLiteral` before `LANG`, `COALESCE` around casts and regexes).
Where SHACL leaves room, the tests follow pySHACL, the reference the fast path is compared to.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from ontology.namespaces import compact
from service.validation.support import CHECKED_DATATYPES, DATATYPES, Unsupported

NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})",
    SH.BlankNodeOrLiteral: "!isIRI({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
}


def n3(term: Node) -> str:
    """A term as SPARQL text; blank nodes cannot be named in a query."""
    if isinstance(term, URIRef | Literal):
        return term.n3()
    raise Unsupported("a blank node as a constraint value")


def all_of(parts: list[str]) -> str:
    kept = [p for p in parts if p != "true"]
    return "(" + " && ".join(kept) + ")" if kept else "true"


def any_of(parts: list[str]) -> str:
    return "(" + " || ".join(parts) + ")" if parts else "false"


def datatype_test(datatype: URIRef, v: str) -> str:
    if datatype == RDFS.Literal:
        return f"isLiteral({v})"
    if datatype == RDF.langString:
        return f'(isLiteral({v}) && LANG({v}) != "")'
    same = f"(isLiteral({v}) && sameTerm(DATATYPE({v}), {datatype.n3()})"
    if datatype in CHECKED_DATATYPES:
        return f"{same} && COALESCE(isLiteral({datatype.n3()}(STR({v}))), false))"
    if datatype in DATATYPES or not str(datatype).startswith((str(XSD), str(RDF))):
        return same + ")"
    raise Unsupported(f"sh:datatype {compact(str(datatype))}")


def language_in(ranges: list[Node], v: str) -> str:
    if not all(isinstance(r, Literal) for r in ranges):
        raise Unsupported("sh:languageIn with a member that is not a literal")
    wanted = sorted({str(r).lower() for r in ranges})
    has_tag = f'isLiteral({v}) && LANG({v}) != ""'
    if "*" in wanted:
        return f"({has_tag})"
    if not wanted:
        return "false"
    listed = ", ".join(Literal(w).n3() for w in wanted)
    primary = f'LCASE(STRBEFORE(CONCAT(LANG({v}), "-"), "-"))'
    # pySHACL's rule: the whole tag, or its first subtag, is one of the listed ranges
    return f"({has_tag} && (LCASE(LANG({v})) IN ({listed}) || {primary} IN ({listed})))"


def stringish(v: str) -> str:
    string = f'(LANG({v}) != "" || sameTerm(DATATYPE({v}), {XSD.string.n3()}))'
    return f"(isIRI({v}) || (isLiteral({v}) && {string}))"


def comparison(v: str, other: str, or_equal: bool) -> str:
    """pySHACL's comparison: IRIs and strings compare as text, other literals by value.

    A string compared with a non-string, or two values that cannot be compared, fails.
    """
    operator = "<=" if or_equal else "<"
    both = f"({stringish(v)} && {stringish(other)})"
    either = f"({stringish(v)} || {stringish(other)})"
    as_text = f"COALESCE(STR({v}) {operator} STR({other}), false)"
    as_value = f"COALESCE({v} {operator} {other}, false)"
    return f"IF({both}, {as_text}, IF({either}, false, {as_value}))"
