"""Named-query results as SPARQL 1.1 JSON, CSV, TSV, a text table or an HTML table.

JSON, CSV and TSV follow the W3C SPARQL 1.1 Query Results formats, so a spreadsheet or a
SPARQL client reads them as it reads any endpoint's results.
"""

from __future__ import annotations

import csv
import html
import io
import json
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from ontology.namespaces import compact
from service.named_queries import QueryResult

MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "table": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


def _json_term(term: Identifier) -> dict[str, Any]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    body: dict[str, Any] = {"type": "literal", "value": str(term)}
    if term.language:
        body["xml:lang"] = term.language
    elif term.datatype is not None:
        body["datatype"] = str(term.datatype)
    return body


def to_json(result: QueryResult) -> str:
    return json.dumps(
        {
            "head": {"vars": result.variables},
            "results": {
                "bindings": [
                    {v: _json_term(row[v]) for v in result.variables if v in row}
                    for row in result.rows
                ]
            },
        },
        ensure_ascii=False,
        indent=1,
    )


def to_csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([str(row[v]) if v in row else "" for v in result.variables])
    return out.getvalue()


def _tsv_term(term: Identifier) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    text = term.n3()
    return text.replace("\t", "\\t").replace("\n", "\\n")


def to_tsv(result: QueryResult) -> str:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join(_tsv_term(row[v]) if v in row else "" for v in result.variables))
    return "\n".join(lines) + "\n"


def _display(term: Identifier | None) -> str:
    if term is None:
        return ""
    return compact(str(term)) if isinstance(term, URIRef) else str(term)


def to_table(result: QueryResult) -> str:
    """Aligned columns for a person at a terminal."""
    rows = [[_display(row.get(v)) for v in result.variables] for row in result.rows]
    widths = [max([len(v), *(len(r[i]) for r in rows)]) for i, v in enumerate(result.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(result.variables, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.append(f"({len(rows)} riviä / rows)")
    return "\n".join(lines) + "\n"


def to_html(result: QueryResult, lang: str = "fi") -> str:
    """A standalone page with the query's description and a sortable-looking plain table."""
    query = result.query
    head = "".join(f"<th scope='col'>{html.escape(v)}</th>" for v in result.variables)
    body = []
    for row in result.rows:
        cells = []
        for v in result.variables:
            term = row.get(v)
            text = html.escape(_display(term))
            if isinstance(term, URIRef):
                text = f"<a href='{html.escape(str(term))}'>{text}</a>"
            cells.append(f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        f"<title>{html.escape(query.name)}</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}"
        "th{background:#f3f3f3}</style></head><body>"
        f"<h1>{html.escape(query.summary)}</h1>"
        f"<p>{html.escape(query.description.get(lang, ''))}</p>"
        f"<p>{len(result.rows)} {'riviä' if lang == 'fi' else 'rows'}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        "</body></html>"
    )


RENDERERS = {"json": to_json, "csv": to_csv, "tsv": to_tsv, "table": to_table, "html": to_html}
